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
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.models import Case, Exam, FollowUp, LesionObservation  # noqa: E402
from cases.models.sites import BodySite  # noqa: E402
from clinic.accounts.models import User  # noqa: E402
from clinic.accounts.roles import Role  # noqa: E402
from clinic.patients.models import Breed, Dog, Owner, WeightRecord  # noqa: E402
from clinic.scheduling.models import Appointment, AppointmentType  # noqa: E402

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
    vets = [vet] + [
        bench_user(f"bench.vet{n}@example.org", f"Dr Bench Vet {n}", Role.VET) for n in (2, 3)
    ]
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
    cases, exams, lesions = clinical_record(rng, dogs, vets, today)
    appointments = schedule(rng, dogs, vets, cases, today)
    return {"owners": len(new_owners), "dogs": len(dogs), "cases": len(cases),
            "exams": exams, "lesions": lesions, "appointments": appointments}


def clinical_record(rng, dogs, vets, today):
    """About a third of the dogs have a case, each with signed exams and lesions."""
    statuses = ["suspected", "confirmed", "managing", "managing", "in_remission", "resolved"]
    cases = Case.objects.bulk_create(
        Case(
            dog=dog, attending_vet=rng.choice(vets), status=rng.choice(statuses),
            opened_on=today - timedelta(days=200),
            closed_on=today - timedelta(days=10) if n % 6 == 5 else None,
            presenting_complaint="Firm gritty plaques on the dorsal neck",
            suspected_cause="hyperadrenocorticism",
        )
        for n, dog in enumerate(d for d in dogs if rng.random() < 0.35)
    )
    for case in cases:  # the status above ignores closed_on; keep them consistent
        if case.closed_on and case.status not in Case.CLOSED_STATUSES:
            case.status = "resolved"
    Case.objects.bulk_update(cases, ["status"])
    exams = Exam.objects.bulk_create(
        Exam(
            case=case, vet=case.attending_vet, examined_on=case.opened_on + timedelta(days=30 * k),
            subjective="Owner reports less scratching", objective="Plaques, dorsal neck",
            pain_vocalisation=0, pain_attention_to_wound=1, pain_mobility=1,
            pain_response_to_touch=1, pain_demeanour=0, pain_posture=1, pain_total=4,
            pruritus_score=rng.randint(0, 8), signed_off_at=timezone.now(),
            signed_off_by=case.attending_vet,
        )
        for case in cases
        for k in range(rng.randint(2, 6))
    )
    lesions = LesionObservation.objects.bulk_create(
        LesionObservation(
            exam=exam, site=site, lesion_count=rng.randint(1, 8),
            largest_diameter_mm=Decimal(rng.randint(20, 400)) / 10,
        )
        for exam in exams
        for site in rng.sample([BodySite.DORSAL_NECK, BodySite.INGUINAL, BodySite.LEFT_AXILLA], 2)
    )
    FollowUp.objects.bulk_create(
        FollowUp(case=case, due_on=today + timedelta(days=rng.randint(-10, 20)),
                 repeat_every_days=21)
        for case in cases
        if case.is_open
    )
    return cases, len(exams), len(lesions)


def schedule(rng, dogs, vets, cases, today):
    """Appointments for the coming two weeks: every vet's day filled, no overlaps."""
    recheck = AppointmentType.objects.get(name="Recheck")
    case_of = {case.dog_id: case for case in cases if case.is_open}
    appointments = []
    for day in range(-3, 14):
        date = today + timedelta(days=day)
        if date.weekday() >= 5:
            continue
        for vet in vets:
            start = timezone.make_aware(datetime.combine(date, time(9, 0)))
            for slot in range(16):
                dog = rng.choice(dogs)
                begins = start + timedelta(minutes=30 * slot)
                appointments.append(Appointment(
                    dog=dog, case=case_of.get(dog.pk), vet=vet, appointment_type=recheck,
                    start=begins, end=begins + timedelta(minutes=20), booked_by=vet,
                    status="completed" if day < 0 else "booked",
                ))
    return len(Appointment.objects.bulk_create(appointments))


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


def sample_ids():
    """The case with the most exams and its dog: the heaviest pages to measure."""
    case = Case.objects.annotate(exam_count=Count("exams")).order_by("-exam_count").first()
    return {"case": case.pk, "dog": case.dog_id}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--info-out", type=Path,
                        help="write bench sessions and sample record ids here (JSON)")
    args = parser.parse_args()
    if args.owners:
        counts = generate(args.owners, args.seed)
        print(", ".join(f"{count} {name}" for name, count in counts.items()))
        # Fresh planner statistics, as autovacuum would have after gradual growth;
        # without them PostgreSQL plans for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if args.info_out:
        args.info_out.write_text(json.dumps({"sessions": bench_sessions(), "ids": sample_ids()}))


if __name__ == "__main__":
    main()
