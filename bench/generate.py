"""Benchmark data generator: a large clinic, built fast with bulk_create.

    python bench/generate.py --owners 2000     (uses the database in DATABASE_URL)

Makes owners with dogs and weight histories, and the three bench logins. Each area of the
product adds its records here (cases, exams, appointments …) so the pages under load show
realistic volumes. Deterministic: the same --seed gives the same clinic.
"""

import argparse
import json
import os
import random
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from clinic.accounts.models import User  # noqa: E402
from clinic.accounts.roles import Role  # noqa: E402
from clinic.patients.models import Breed, Dog, Owner, WeightRecord  # noqa: E402

FIRST = ["Alex", "Sam", "Jo", "Chris", "Priya", "Tom", "Aisha", "Ewan", "Maya", "Olu", "Ruth"]
LAST = ["Smith", "Jones", "Patel", "Brown", "Taylor", "Wilson", "Evans", "Khan", "Walker"]
DOG_NAMES = ["Bramble", "Rufus", "Tess", "Milo", "Nell", "Kaiser", "Pip", "Luna", "Bear"]


def bench_user(email, name, role):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_unusable_password()  # the load uses sessions made server-side
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
    return user


@transaction.atomic
def generate(owners, seed):
    rng = random.Random(seed)
    today = timezone.localdate()
    vet = bench_user(BENCH_LOGINS["vet"], "Dr Bench Vet", Role.VET)
    bench_user(BENCH_LOGINS["reception"], "Bench Reception", Role.RECEPTION)
    owner_user = bench_user(BENCH_LOGINS["owner"], "Bench Owner", Role.OWNER)
    breeds = list(Breed.objects.all())

    new_owners = Owner.objects.bulk_create(
        Owner(
            first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
            # Ofcom's drama range (020 7946 0xxx): valid, and never a real person's.
            email=f"client{n}@bench.example.org", phone=f"+442079460{n % 1000:03d}",
            reminder_consent=rng.random() < 0.8,
        )
        for n in range(owners)
    )
    new_owners[0].user = owner_user
    new_owners[0].save(update_fields=["user"])

    dogs = Dog.objects.bulk_create(
        Dog(
            owner=owner, name=rng.choice(DOG_NAMES), breed=rng.choice(breeds),
            sex=rng.choice(["male", "female"]), neutered=rng.random() < 0.7,
            date_of_birth=today - timedelta(days=rng.randint(200, 5000)),
            microchip=f"826{n:012d}",
        )
        for n, owner in enumerate(o for o in new_owners for _ in range(rng.randint(1, 2)))
    )
    WeightRecord.objects.bulk_create(
        WeightRecord(
            dog=dog, recorded_by=vet,
            recorded_on=today - timedelta(days=90 * k),
            weight_kg=Decimal(rng.randint(40, 450)) / 10,
        )
        for dog in dogs
        for k in range(3)
    )
    return {"owners": len(new_owners), "dogs": len(dogs)}


BENCH_LOGINS = {
    "vet": "bench.vet@example.org",
    "reception": "bench.reception@example.org",
    "owner": "bench.owner@example.org",
}


def bench_sessions():
    """A logged-in session per bench role, made server-side so the load skips the login."""
    sessions = {}
    for role, email in BENCH_LOGINS.items():
        user = User.objects.get(email=email)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions[role] = session.session_key
    return sessions


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sessions-out", type=Path, help="write the bench sessions here")
    args = parser.parse_args()
    if args.owners:
        counts = generate(args.owners, args.seed)
        print(", ".join(f"{count} {name}" for name, count in counts.items()))
    if args.sessions_out:
        args.sessions_out.write_text(json.dumps(bench_sessions()))


if __name__ == "__main__":
    main()
