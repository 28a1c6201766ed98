import pytest
from django.core.management import call_command

from cases.models import Case, Exam, LesionPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_has_a_case_at_every_status(seeded):
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    for case in Case.objects.all():
        assert case.exams.count() >= 2
        assert not case.exams.drafts().exists()
        assert case.is_open or case.closed_on


def test_demo_cases_follow_domain_md(seeded):
    cases = {case.dog.name: case for case in Case.objects.select_related("dog")}
    assert (cases["Bramble"].suspected_cause, cases["Bramble"].status) == (
        "hyperadrenocorticism", "managing"
    )
    assert cases["Rufus"].suspected_cause == "exogenous_glucocorticoids"
    assert cases["Tess"].suspected_cause == "chronic_kidney_disease"
    assert cases["Bramble"].hyperadrenocorticism_subtype == "pituitary_dependent"
    assert cases["Rufus"].hyperadrenocorticism_subtype == "iatrogenic"
    kaiser = cases["Kaiser"]
    assert (kaiser.suspected_cause, kaiser.status) == ("calcinosis_circumscripta", "resolved")
    assert kaiser.diagnosis == "calcinosis_circumscripta"
    assert str(kaiser).startswith("Kaiser: calcinosis circumscripta")
    assert kaiser.exams.filter(lesions__site="footpads").exists()
    for case in cases.values():
        case.full_clean()  # diagnosis, cause and type tell one story


def test_bramble_on_trilostane_carries_no_steroid_alert(seeded):
    from clinic.patients.models import Dog

    assert "corticosteroid" not in Dog.objects.get(name="Bramble").alerts


def test_bramble_s_neck_lesions_shrink_slowly_over_months(seeded):
    bramble = Case.objects.get(dog__name="Bramble")
    sizes = list(
        bramble.exams.filter(lesions__site="dorsal_neck").order_by("examined_on")
        .values_list("lesions__largest_diameter_mm", flat=True)
    )
    assert len(sizes) >= 4
    assert sizes[-1] < sizes[0]
    first, last = bramble.exams.order_by("examined_on").first(), bramble.exams.first()
    assert (last.examined_on - first.examined_on).days > 150


def test_demo_lesion_photos_are_real_private_images(seeded):
    photo = LesionPhoto.objects.first()
    assert photo.photo.name.startswith("cases/lesions/")
    assert photo.photo.read(3) == b"\xff\xd8\xff"  # a JPEG, re-encoded by process_image
    assert Exam.objects.filter(addenda__isnull=False).exists()
