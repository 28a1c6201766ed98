"""The reference data the data migrations load, in one list: role groups and their
permissions, the first site, breeds, drugs and care wording, analytes and the consent
template, appointment types and the first site's opening hours.

Emptying every table (a transactional test's teardown) takes them away while the schema
stays migrated; the tests' teardown hook and the demo seed call load_reference_data() to
make them again. Each loader only adds what is missing, so it is safe to run twice and
leaves what a clinic changed alone.
"""

import datetime
import importlib

# The scheduling migrations write their lists out (so they keep meaning what they meant).
_MIGRATIONS = "clinic.scheduling.migrations."
_TYPES = importlib.import_module(_MIGRATIONS + "0002_appointment_types_and_hours")
_ACTH = importlib.import_module(_MIGRATIONS + "0004_acth_stimulation_appointment_type")


def load_reference_data():
    from cases.diagnostics_reference import ensure_reference_lists
    from cases.models import Analyte, CareWording, ConsentTemplate, DoseRange, Drug, DrugStrength
    from cases.reference_data import load_treatment_reference_data
    from clinic.accounts.roles import sync_role_permissions
    from clinic.patients.models import Breed
    from clinic.patients.reference_data import load_breeds
    from clinic.sites.models import Clinic
    from clinic.sites.seed import first_site

    sync_role_permissions()
    site = first_site(Clinic)
    load_breeds(Breed)
    load_treatment_reference_data(Drug, DrugStrength, CareWording, DoseRange)
    ensure_reference_lists(Analyte, ConsentTemplate)
    _load_appointment_types(site)
    _load_opening_hours(site)


def _load_appointment_types(site):
    from clinic.scheduling.models import AppointmentType

    types = [*_TYPES.TYPES, (_ACTH.NAME, _ACTH.MINUTES, "grey", _ACTH.WHAT_TO_BRING)]
    for name, minutes, colour, bring in types:
        appointment_type, created = AppointmentType.objects.get_or_create(
            name=name,
            defaults={"default_minutes": minutes, "colour": colour, "what_to_bring": bring},
        )
        if created:  # migration 0010 offers every type at the first site
            appointment_type.sites.add(site)


def _load_opening_hours(site):
    from clinic.scheduling.models import ClinicHours

    for weekday, opens, closes in _TYPES.HOURS:
        ClinicHours.objects.get_or_create(site=site, weekday=weekday, defaults={
            "is_closed": opens is None,
            "opens_at": datetime.time.fromisoformat(opens) if opens else None,
            "closes_at": datetime.time.fromisoformat(closes) if closes else None,
        })
