from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from clinic.demo import cases, diagnostics, patients, portal, scheduling, sites, staff, treatment
from clinic.reference_data import load_reference_data

# Each area adds its section after the ones it builds on. Every section is idempotent:
# it finds its records by a stable key before it creates anything.
SECTIONS = [
    staff.seed, sites.seed, patients.seed, cases.seed, treatment.seed, diagnostics.seed,
    scheduling.seed, portal.seed,
]


class Command(BaseCommand):
    help = "Build a believable small demo clinic (development only; safe to run twice)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DJANGO_DEBUG on: it sets known passwords, which "
                "must never exist on a production system."
            )
        context = {}
        # The demo builds every site of the group (clinic.sites.scoping).
        with transaction.atomic(), scopes_disabled():
            load_reference_data()  # a flushed database (browser tests) has lost it
            for section in SECTIONS:
                section(context)
        self.stdout.write(self.style.SUCCESS("Demo clinic ready. Logins (password "
                                             f"'{staff.DEMO_PASSWORD}'):"))
        for email, role in staff.login_table():
            self.stdout.write(f"  {role:<14} {email}")
