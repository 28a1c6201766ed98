import pytest

from tests.factories.scheduling import AppointmentFactory, VetAbsenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [
    "appointment", "appointmenttype", "appointmentchangerequest", "clinichours", "closedday",
    "vetabsence", "calendarfeedtoken",
])
def test_the_administrator_manages_scheduling_in_the_admin(admin_client_, vet, bramble, model):
    AppointmentFactory(dog=bramble, vet=vet)
    VetAbsenceFactory(vet=vet)
    assert admin_client_.get(f"/admin/scheduling/{model}/").status_code == 200
    assert admin_client_.get(f"/admin/scheduling/{model}/add/").status_code == 200


def test_an_appointments_history_is_kept(admin_client_, vet, bramble):
    appointment = AppointmentFactory(dog=bramble, vet=vet)
    appointment.status = "confirmed"
    appointment.save()
    assert appointment.history.count() == 2
    url = f"/admin/scheduling/appointment/{appointment.pk}/history/"
    assert admin_client_.get(url).status_code == 200
