"""Demo clinic group: two sites with their own staff and calendars.

Site 1 is the dermatology practice the environment seeds (day hours); site 2 is the group's
emergency and referral hospital, open 24 hours every day, so "today" always has free slots
later in the day whenever the demo is started. Sites are found by name (idempotent)."""

from clinic.sites.models import Clinic, SiteMembership
from clinic.sites.seed import first_site

EMERGENCY = {
    "name": "Riverside Emergency & Referral Hospital",
    "address": "Unit 4, Wharf Road, London SE16 2XU",
    "phone": "+44 20 7946 0999",
    "email": "hospital@example.com",
    "sheet_footer": "Out of hours, call the hospital on +44 20 7946 0999 (open 24 hours).",
}
MAIN_FOOTER = "Out of hours, call Riverside Emergency & Referral Hospital: +44 20 7946 0999."

# Who works where (the administrator sees every site through the permission).
WORKS_AT = {
    "vet@example.com": ("main",),
    "vet2@example.com": ("emergency",),
    "reception@example.com": ("main", "emergency"),
}


def seed(context):
    main = first_site(Clinic)
    if not main.sheet_footer:
        main.sheet_footer = MAIN_FOOTER
        main.save()
    emergency, _ = Clinic.objects.get_or_create(
        name=EMERGENCY["name"], defaults={k: v for k, v in EMERGENCY.items() if k != "name"},
    )
    context["site:main"], context["site:emergency"] = main, emergency
    for email, sites in WORKS_AT.items():
        for key in sites:
            SiteMembership.objects.get_or_create(user=context[email], site=context[f"site:{key}"])


def home_site(context, email):
    """The site a demo vet works at: their cases are followed up there."""
    return context[f"site:{WORKS_AT[email][0]}"]
