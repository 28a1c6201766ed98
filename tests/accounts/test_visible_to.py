"""The one visibility rule every `visible_to(user)` follows."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from cases.models import Biopsy, Exam
from clinic.patients.models import Dog
from tests.factories.accounts import UserFactory
from tests.factories.cases import ExamFactory
from tests.factories.diagnostics import BiopsyFactory

pytestmark = pytest.mark.django_db


def test_staff_reach_every_dog_and_an_owner_only_their_own(owner_a, owner_b, vet, reception):
    for staff in (vet, reception):
        assert set(Dog.objects.visible_to(staff)) == {*owner_a.dogs.all(), *owner_b.dogs.all()}
    assert list(Dog.objects.visible_to(owner_a.user)) == list(owner_a.dogs.all())


def test_anonymous_inactive_and_roleless_users_reach_nothing(owner_a, vet):
    vet.is_active = False
    for user in (AnonymousUser(), vet, UserFactory()):
        assert not Dog.objects.visible_to(user).exists()


def test_clinical_notes_are_for_vets_and_the_administrator(vet, reception, administrator,
                                                         owner_a):
    exam = ExamFactory()
    assert list(Exam.objects.visible_to(vet)) == [exam]
    assert list(Exam.objects.visible_to(administrator)) == [exam]
    assert not Exam.objects.visible_to(reception).exists()
    assert not Exam.objects.visible_to(owner_a.user).exists()


def test_reading_clinical_notes_is_a_permission_not_a_role(vet, reception):
    exam = ExamFactory()
    clinical = Permission.objects.get(codename="view_clinical_record")
    reception.user_permissions.add(clinical)
    vet.groups.get().permissions.remove(clinical)
    reception, vet = type(vet).objects.get(pk=reception.pk), type(vet).objects.get(pk=vet.pk)
    assert list(Exam.objects.visible_to(reception)) == [exam]
    assert not Exam.objects.visible_to(vet).exists()


def test_diagnostic_records_are_clinical_notes(vet, reception):
    biopsy = BiopsyFactory()
    assert list(Biopsy.objects.visible_to(vet)) == [biopsy]
    assert not Biopsy.objects.visible_to(reception).exists()
