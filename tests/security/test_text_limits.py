"""Free text in the patients, portal and scheduling records has its limit on the model (as the
clinical record's does, tests/cases/test_bad_input.py): full_clean, which services and the
admin run, refuses longer text, and every form shows the limit next to its field."""

from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.patients.models import Owner
from clinic.portal.models import DeletionRequest
from clinic.scheduling.models import AppointmentChangeRequest, AppointmentType
from tests.factories.patients import OwnerFactory
from tests.factories.portal import DeletionRequestFactory
from tests.factories.scheduling import (
    AppointmentFactory,
    AppointmentTypeFactory,
    ChangeRequestFactory,
)
from tests.lib.test_stale_edits import page_data

pytestmark = pytest.mark.django_db


def too_long(limit):
    return "x" * (limit + 1)


def _change_request(vet):
    return ChangeRequestFactory(appointment=AppointmentFactory(vet=vet), requested_by=vet)


def _deletion_request(vet):
    return DeletionRequestFactory(owner=OwnerFactory(), requested_by=vet)


# (model, field, its limit, make a saved record of it for the vet)
LIMITS = [
    (Owner, "address", 300, lambda vet: OwnerFactory()),
    (Owner, "staff_notes", 2000, lambda vet: OwnerFactory()),
    (DeletionRequest, "reason", 2000, _deletion_request),
    (DeletionRequest, "outcome", 5000, _deletion_request),
    (AppointmentType, "what_to_bring", 1000, lambda vet: AppointmentTypeFactory()),
    (AppointmentChangeRequest, "message", 1000, _change_request),
]


@pytest.mark.parametrize(("model", "field", "limit", "make"), LIMITS,
                         ids=[f"{m.__name__}.{f}" for m, f, _, _ in LIMITS])
def test_full_clean_refuses_text_over_its_limit(model, field, limit, make, vet):
    record = make(vet)
    setattr(record, field, "x" * limit)
    record.full_clean()  # at the limit: fine

    setattr(record, field, too_long(limit))
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert list(refused.value.message_dict) == [field]
    assert f"at most {limit} characters" in refused.value.message_dict[field][0]


def _refused_on_the_field(client, url, field, limit):
    data = {**page_data(client.get(url)), field: too_long(limit)}
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, not a 500 and not saved
    form = response.context["adminform"].form if "adminform" in response.context \
        else response.context["form"]
    (error,) = form.errors[field]
    assert f"at most {limit} characters" in error
    assert escape(error) in response.content.decode()


@pytest.mark.parametrize(("field", "limit"), [("address", 300), ("staff_notes", 2000)])
def test_the_owner_form_shows_the_limit_by_the_field(reception_client, field, limit):
    owner = OwnerFactory(address="1 Mill Road")
    url = reverse("patients:owner_edit", kwargs={"owner_id": owner.pk})
    _refused_on_the_field(reception_client, url, field, limit)
    assert Owner.objects.get(pk=owner.pk).address == "1 Mill Road"


def test_the_admin_shows_what_to_bring_over_its_limit_by_the_field(admin_client_):
    kind = AppointmentTypeFactory(name="Skin scrape", what_to_bring="The lead")
    url = reverse("admin:scheduling_appointmenttype_change", args=[kind.pk])
    _refused_on_the_field(admin_client_, url, "what_to_bring", 1000)
    assert AppointmentType.objects.get(pk=kind.pk).what_to_bring == "The lead"


def test_the_admin_shows_a_deletion_outcome_over_its_limit_by_the_field(admin_client_):
    deletion = DeletionRequestFactory(owner=OwnerFactory())
    url = reverse("admin:portal_deletionrequest_change", args=[deletion.pk])
    _refused_on_the_field(admin_client_, url, "outcome", 5000)
    assert DeletionRequest.objects.get(pk=deletion.pk).outcome == ""


def test_the_owner_is_told_the_limit_of_a_change_request(owner_a, owner_a_client, vet):
    appointment = AppointmentFactory(dog=owner_a.dogs.get(), vet=vet)
    response = owner_a_client.post(
        reverse("portal:appointment_change", kwargs={"appointment_id": appointment.pk}),
        {"message": too_long(1000)}, follow=True,
    )
    assert "at most 1000 characters" in response.content.decode()
    assert not AppointmentChangeRequest.objects.exists()
