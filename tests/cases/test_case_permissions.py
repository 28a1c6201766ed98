import pytest

pytestmark = pytest.mark.django_db

CLINICAL = [
    "cases.add_case", "cases.change_case", "cases.add_exam", "cases.change_exam",
    "cases.view_exam", "cases.view_clinical_record", "cases.sign_off_exam",
    "cases.add_lesionobservation", "cases.view_lesionphoto", "cases.add_examaddendum",
]


def test_vets_hold_every_clinical_permission_including_sign_off(vet):
    assert vet.has_perms(["cases.view_case", *CLINICAL])


def test_reception_only_reads_the_case_list_and_status(reception):
    assert reception.has_perm("cases.view_case")
    assert not any(reception.has_perm(perm) for perm in CLINICAL)


def test_owners_hold_no_case_permissions(owner_a):
    assert not owner_a.user.has_perm("cases.view_case")
    assert not any(owner_a.user.has_perm(perm) for perm in CLINICAL)
