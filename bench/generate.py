"""Benchmark data generator: a clinic group's ten years of records, bulk-loaded.

    python bench/generate.py --dogs 100000     (uses the database in DATABASE_URL)

For N dogs: 0.6 N owners, 25 vets, 0.2 N cases with N signed exams and 3 N lesion
observations, 0.4 N lab panels, 10 N appointments over ten years (every vet's next two
weeks full, no overlaps per vet), the follow-ups and owners' home reports that go with
them, and the three bench logins. Deterministic: the same --seed and N give the same
group. Rows are streamed in batches (PostgreSQL `COPY`, `bulk_create` elsewhere) with
ids assigned here, so nothing big is held in memory and nothing is updated afterwards.
"""

import argparse
import itertools
import json
import os
import random
import sys
import time as clock
import uuid
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
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from pages import deep_owners_cursor  # noqa: E402
from psycopg import sql  # noqa: E402

from cases.models import (  # noqa: E402
    Case,
    Exam,
    FollowUp,
    HomeObservation,
    LabPanel,
    LabValue,
    LesionObservation,
)
from cases.models.labs import Analyte  # noqa: E402
from cases.models.sites import BodySite  # noqa: E402
from clinic.accounts import two_factor  # noqa: E402
from clinic.accounts.models import User  # noqa: E402
from clinic.accounts.roles import Role  # noqa: E402
from clinic.patients.models import Breed, Dog, Owner, WeightRecord  # noqa: E402
from clinic.scheduling.models import Appointment, AppointmentType  # noqa: E402
from clinic.sites.models import Clinic, SiteMembership  # noqa: E402
from clinic.sites.seed import first_site  # noqa: E402

BENCH_LOGINS = {
    "vet": "bench.vet@example.org",
    "reception": "bench.reception@example.org",
    "owner": "bench.owner@example.org",
    "admin": "bench.admin@example.org",
}
VETS = 25
BATCH = 20_000
YEARS = 10
DAY_SLOTS = 16  # 09:00–17:00 in 30-minute slots: a full day for one vet


def words(text):
    return text.split()


# Names: common British given names and surnames, plus surnames built from parts, so a
# prefix search ("smi") matches a plausible share of owners (about 1–2 %), not a tenth.
FIRST = words("""Aisha Alex Alice Amelia Amir Anna Arjun Ava Ben Beth Callum Carys Charlie Chloe
Chris
Daniel Daisy David Eleanor Ella Emily Emma Ewan Faith Fatima Finn Freya George Grace Hannah
Harry Isla Isaac Jack Jacob James Jess Jo Joe John Jude Kate Kai Lara Leo Liam Lily Lucy
Luke Maisie Maya Megan Mia Mohammed Molly Nathan Niamh Noah Olivia Olu Oscar Owen Paul Poppy
Priya Rachel Rhys Rosie Ruby Ruth Ryan Sam Sara Sean Sophie Theo Tom Una Vera Will Zara
Zoe""")
COMMON_LAST = words("""Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel
Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison
Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall
Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray
Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler
Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey""")
LAST_HEADS = words("""Ash Black Brad Brom Cald Crom Dal Fair Fen Hol Kel Lang Mar Mor Nor Pen Rad
Red
Sal Shel Stan Thorn Wal Wes Whit Wind Ald Bar Chest Dun Gil Hart Lin Mel Ross Sut Trev
Ux""")
LAST_TAILS = words("by ley ton well wood worth field ford ham cott stone more")
DOG_NAMES = words("""Alfie Archie Bailey Barney Bear Bella Biscuit Blue Bonnie Bramble Bruno Buster
Charlie Cooper Daisy Dexter Ellie Finn Frankie Ginger Hector Honey Hugo Jasper Juno Kaiser
Koda Lola Loki Lottie Luna Maisie Max Milo Millie Minnie Molly Monty Murphy Nala Ned Nell
Otis Ozzy Peggy Pepper Percy Pip Poppy Ralph Reggie Rocky Rolo Rosie Rufus Ruby Scout Shadow
Skye Stanley Teddy Tess Tilly Toby Winnie Ziggy""")
SURNAMES = COMMON_LAST + [head + tail for head in LAST_HEADS for tail in LAST_TAILS]
SITES = [site.value for site in BodySite]
OPEN = list(Case.OPEN_STATUSES)


class Loader:
    """Streams unsaved model instances into their table, ids set by the caller."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.models = []

    def next_id(self, model):
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def load(self, model, objects):
        self.models.append(model)
        fields = model._meta.concrete_fields
        count = 0
        for batch in iter(lambda: list(itertools.islice(objects, BATCH)), []):
            count += len(batch)
            if not self.postgres:
                model.objects.bulk_create(batch)
                continue
            # pre_save fills auto_now_add and similar; get_db_prep_save gives what
            # INSERT would send, so COPY writes the same rows bulk_create would.
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(model._meta.db_table),
                sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
            )
            with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
                for obj in batch:
                    copy.write_row([
                        f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields
                    ])
        return count

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def bench_user(email, name, role):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_unusable_password()  # the bench uses sessions made server-side
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
    return user


def phone_numbers(rng, count):
    """Distinct UK mobile numbers in the 07700 9xxxxx block (Ofcom keeps 07700 900xxx for
    drama; the bench data never leaves this machine and no reminder is sent from it)."""
    return [f"+4477009{n:05d}" for n in rng.sample(range(100_000), count)]


def working_days(first, last):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


@transaction.atomic
def generate(dogs_wanted, seed):
    rng = random.Random(seed)
    today = timezone.localdate()
    loader = Loader()
    vets = [bench_user(BENCH_LOGINS["vet"], "Dr Bench Vet", Role.VET)] + [
        bench_user(f"bench.vet{n}@example.org", f"Dr Bench Vet {n}", Role.VET)
        for n in range(2, VETS + 1)
    ]
    vet_ids = [vet.pk for vet in vets]
    reception = bench_user(BENCH_LOGINS["reception"], "Bench Reception", Role.RECEPTION)
    site = first_site(Clinic)  # the bench clinic is one site; its staff work there
    for person in [*vets, reception]:
        SiteMembership.objects.get_or_create(site=site, user=person)
    owner_user = bench_user(BENCH_LOGINS["owner"], "Bench Owner", Role.OWNER)
    User.objects.filter(pk=bench_user(BENCH_LOGINS["admin"], "Bench Admin", Role.VET).pk).update(
        is_staff=True, is_superuser=True)  # the clinic administrator, for the admin pages
    breed_ids = list(Breed.objects.values_list("pk", flat=True))
    counts = {}

    # Owners, then their dogs: one to three each, N in all.
    owners = max(1, dogs_wanted * 6 // 10)
    first_owner = loader.next_id(Owner)
    owner_ids = range(first_owner, first_owner + owners)
    phones = phone_numbers(rng, owners)
    counts["owners"] = loader.load(Owner, (
        Owner(
            pk=pk, first_name=rng.choice(FIRST), last_name=rng.choice(SURNAMES),
            email=f"client{pk}@bench.example.org", phone=phones[n],
            reminder_consent=rng.random() < 0.8,
            user=owner_user if n == 0 else None,
        )
        for n, pk in enumerate(owner_ids)
    ))
    dog_owner = [owner_ids[n % owners] for n in range(dogs_wanted)]
    rng.shuffle(dog_owner)
    dog_owner.sort()  # an owner's dogs next to each other, as they are registered
    dog_owner[0] = first_owner  # the portal owner has at least one dog
    first_dog = loader.next_id(Dog)
    dog_ids = range(first_dog, first_dog + dogs_wanted)
    chips = rng.sample(range(10**12), dogs_wanted)
    counts["dogs"] = loader.load(Dog, (
        Dog(
            pk=pk, public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            owner_id=dog_owner[n], name=rng.choice(DOG_NAMES),
            breed_id=rng.choice(breed_ids), sex=rng.choice(["male", "female"]),
            neutered=rng.random() < 0.7,
            date_of_birth=today - timedelta(days=rng.randint(200, 5000)),
            microchip=f"826{chips[n]:012d}",
        )
        for n, pk in enumerate(dog_ids)
    ))
    first_weight = loader.next_id(WeightRecord)
    counts["weights"] = loader.load(WeightRecord, (
        WeightRecord(
            pk=first_weight + 3 * n + k, dog_id=pk, recorded_by_id=vet_ids[n % VETS],
            recorded_on=today - timedelta(days=90 * k),
            weight_kg=Decimal(rng.randint(40, 450)) / 10,
        )
        for n, pk in enumerate(dog_ids)
        for k in range(3)
    ))

    open_case_of = clinical_record(loader, rng, dog_ids, vet_ids, owner_user, today, counts)
    counts["appointments"] = schedule(loader, rng, dog_ids, vet_ids, reception, open_case_of,
                                      today, 10 * dogs_wanted)
    loader.reset_sequences()
    return counts


def clinical_record(loader, rng, dog_ids, vet_ids, owner_user, today, counts):
    """0.2 N cases over ten years, five signed exams each on average with three lesions
    per exam, two lab panels, follow-ups and home reports. Returns {dog id: open case id}."""
    cases = max(1, len(dog_ids) // 5)
    site_id = first_site(Clinic).pk
    first_case = loader.next_id(Case)
    # One case per dog: at most one is open. The portal owner's dog is under treatment at
    # every size, so its portal pages show the same parts whatever N.
    case_dogs = [dog_ids[0], *rng.sample(dog_ids[1:], cases - 1)]
    rows = []  # (case id, dog id, vet id, opened_on, closed_on, status, exam count)
    for n, dog in enumerate(case_dogs):
        opened = today - timedelta(days=rng.randint(0, 365 * YEARS - 30))
        exam_count = rng.randint(2, 8)
        span = (today - opened).days
        closed = None
        if n and rng.random() < 0.55 and span > 60:  # most old cases have resolved
            closed = opened + timedelta(days=rng.randint(30, min(span, 700)))
            status = "resolved" if rng.random() < 0.85 else "ruled_out"
        else:
            status = rng.choice(OPEN)
        rows.append((first_case + n, dog, rng.choice(vet_ids), opened, closed, status, exam_count))
    open_case_of = {dog: pk for pk, dog, _, _, closed, _, _ in rows if closed is None}
    counts["cases"] = loader.load(Case, (
        Case(
            pk=pk, dog_id=dog, attending_vet_id=vet, attending_site_id=site_id, status=status,
            opened_on=opened,
            closed_on=closed, presenting_complaint="Firm gritty plaques on the dorsal neck",
            suspected_cause="hyperadrenocorticism",
        )
        for pk, dog, vet, opened, closed, status, _ in rows
    ))

    def exam_dates(opened, closed, count):
        last = closed or today
        step = max(1, (last - opened).days // count)
        return [opened + timedelta(days=min(k * step, (last - opened).days)) for k in range(count)]

    first_exam = loader.next_id(Exam)
    exams = []  # (exam id, case id, vet id, date)
    for pk, _, vet, opened, closed, _, count in rows:
        for day in exam_dates(opened, closed, count):
            exams.append((first_exam + len(exams), pk, vet, day))
    signed = timezone.make_aware(datetime.combine(today, time(12)))
    counts["exams"] = loader.load(Exam, (
        Exam(
            pk=pk, case_id=case, vet_id=vet, examined_on=day,
            subjective="Owner reports less scratching", objective="Plaques, dorsal neck",
            pain_vocalisation=0, pain_attention_to_wound=1, pain_mobility=1,
            pain_response_to_touch=1, pain_demeanour=0, pain_posture=1, pain_total=4,
            pruritus_score=rng.randint(0, 8), signed_off_at=signed, signed_off_by_id=vet,
        )
        for pk, case, vet, day in exams
    ))
    first_lesion = loader.next_id(LesionObservation)
    lesion_ids = itertools.count(first_lesion)
    counts["lesions"] = loader.load(LesionObservation, (
        LesionObservation(
            pk=next(lesion_ids), exam_id=exam, site=site, lesion_count=rng.randint(1, 8),
            largest_diameter_mm=Decimal(rng.randint(20, 400)) / 10,
            ulceration=rng.random() < 0.2,
        )
        for exam, *_ in exams
        for site in rng.sample(SITES, rng.randint(1, 5))
    ))

    analytes = {a.code: a for a in Analyte.objects.filter(code__in=["calcium", "phosphate", "alp"])}
    first_panel = loader.next_id(LabPanel)
    panels = [(first_panel + 2 * n + k, pk, vet, opened + timedelta(days=14 * k))
              for n, (pk, _, vet, opened, closed, _, _) in enumerate(rows) for k in range(2)
              if opened + timedelta(days=14 * k) <= today]
    counts["lab panels"] = loader.load(LabPanel, (
        LabPanel(pk=pk, case_id=case, kind="serum_chemistry", collected_on=day,
                 reported_on=min(day + timedelta(days=2), today), requested_by_id=vet)
        for pk, case, vet, day in panels
    ))
    low_high = {"calcium": (220, 340), "phosphate": (80, 240), "alp": (20, 900)}
    value_ids = itertools.count(loader.next_id(LabValue))
    counts["lab values"] = loader.load(LabValue, (
        LabValue(
            pk=next(value_ids), panel_id=panel, analyte_id=analyte.pk,
            value=Decimal(rng.randint(*low_high[code])) / 100, unit=analyte.default_unit,
            reference_low=analyte.reference_low, reference_high=analyte.reference_high,
        )
        for panel, *_ in panels
        for code, analyte in analytes.items()
    ))

    # Every case had rechecks that were done; an open case has one due now.
    follow_up_ids = itertools.count(loader.next_id(FollowUp))
    counts["follow-ups"] = loader.load(FollowUp, itertools.chain(
        (FollowUp(pk=next(follow_up_ids), case_id=case, due_on=day, repeat_every_days=21,
                  status="done")
         for _, case, _, day in exams if day < today),
        (FollowUp(pk=next(follow_up_ids), case_id=pk,
                  due_on=today + timedelta(days=rng.randint(-10, 20)), repeat_every_days=21)
         for pk, _, _, _, closed, _, _ in rows if closed is None),
    ))

    # Owners of open cases send a report now and then; a few are urgent and unread.
    observation_ids = itertools.count(loader.next_id(HomeObservation))
    counts["home reports"] = loader.load(HomeObservation, (
        HomeObservation(
            pk=next(observation_ids), public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            dog_id=dog, case_id=pk,
            reported_by=owner_user if dog == dog_ids[0] else None,
            observed_on=today - timedelta(days=7 * k), lesion_trend=trend,
            itch_score=rng.randint(0, 8),
            # bulk loading skips save(), which would triage the report: set what it would
            appetite="reduced" if trend == "worse" and k == 0 else "normal",
            triage=("urgent" if k == 0 else "priority_review") if trend == "worse"
            else "routine",
            created_at=timezone.make_aware(datetime.combine(today - timedelta(days=7 * k),
                                                            time(19))),
        )
        for pk, dog, _, _, closed, _, _ in rows if closed is None
        for k in range(rng.randint(2 if dog == dog_ids[0] else 0, 4))
        for trend in [rng.choice(["better", "better", "same", "worse"])]
    ))
    return open_case_of


def schedule(loader, rng, dog_ids, vet_ids, reception, open_case_of, today, wanted):
    """`wanted` appointments: every vet's day full from this week's Monday to two weeks
    ahead (so the calendar's days and weeks show the same at every N, past visits of this
    week included), the rest on vet-days drawn from ten years back."""
    recheck = AppointmentType.objects.get(name="Recheck").pk
    site_id = first_site(Clinic).pk
    monday = today - timedelta(days=today.weekday())
    full = [(day, vet) for day in working_days(monday, today + timedelta(days=13))
            for vet in vet_ids]
    past = [(day, vet) for day in working_days(today - timedelta(days=365 * YEARS),
                                                monday - timedelta(days=1))
            for vet in vet_ids]
    need = max(0, wanted - len(full) * DAY_SLOTS)
    past = sorted(rng.sample(past, min(len(past), -(-need // DAY_SLOTS))))
    first = loader.next_id(Appointment)
    ids = itertools.count(first)
    budget = itertools.count(1)

    def appointments():
        for day, vet in past + full:
            nine = timezone.make_aware(datetime.combine(day, time(9)))
            for slot in range(DAY_SLOTS):
                if day < monday and next(budget) > need:
                    break
                dog = rng.choice(dog_ids)
                begins = nine + timedelta(minutes=30 * slot)
                if day < today:
                    status = rng.choices(["completed", "no_show", "cancelled"], [90, 4, 6])[0]
                else:
                    status = "confirmed" if day == today else "booked"
                yield Appointment(
                    pk=next(ids), site_id=site_id, dog_id=dog, case_id=open_case_of.get(dog),
                    vet_id=vet,
                    appointment_type_id=recheck, start=begins,
                    end=begins + timedelta(minutes=rng.choice([20, 30])),
                    status=status, booked_by=reception, booked_at=begins - timedelta(days=14),
                    cancel_reason="Owner rang to cancel" if status == "cancelled" else "",
                    reminder_sent_at=begins - timedelta(days=1) if day < today else None,
                )
    return loader.load(Appointment, appointments())


def bench_sessions():
    """A logged-in session per bench role, made server-side so the load skips the login."""
    sessions = {}
    for role, email in BENCH_LOGINS.items():
        user = User.objects.get(email=email)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "clinic.accounts.rights.CachedPermissionsBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if two_factor.applies_to(user):
            # Production asks staff for a code after the password: the session has given it.
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="bench", defaults={"confirmed": True})
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[two_factor.HAS_DEVICE] = True
        session.create()
        sessions[role] = session.session_key
    return sessions


def sample_ids():
    """The heaviest records to measure: the open case with the most exams (open at every
    size, so its pages show the same parts whatever N), its dog, the portal owner's dog, a
    microchip and a phone number to search by fragment."""
    case = (Case.objects.filter(closed_on__isnull=True).annotate(exam_count=Count("exams"))
            .order_by("-exam_count", "pk").first())
    portal_dog = Dog.objects.filter(owner__user__email=BENCH_LOGINS["owner"]).order_by("pk")[0]
    middle = Dog.objects.order_by("pk")[Dog.objects.count() // 2]
    return {"case": case.pk, "dog": case.dog_id, "portal_dog": str(portal_dog.public_id),
            "microchip": middle.microchip[-7:], "phone": middle.owner.phone[-6:],
            "vet": User.objects.get(email=BENCH_LOGINS["vet"]).pk,
            "deep_owners": deep_owners_cursor()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dogs", type=int, default=1000, help="0: generate nothing")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--info-out", type=Path,
                        help="write bench sessions and sample record ids here (JSON)")
    args = parser.parse_args()
    if args.dogs:
        started = clock.monotonic()
        counts = generate(args.dogs, args.seed)
        print(", ".join(f"{count} {name}" for name, count in counts.items()),
              f"in {clock.monotonic() - started:.0f} s")
        # Fresh planner statistics, as autovacuum would have after gradual growth;
        # without them PostgreSQL plans for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    if args.info_out:
        args.info_out.write_text(json.dumps({"sessions": bench_sessions(), "ids": sample_ids()}))


if __name__ == "__main__":
    with scopes_disabled():  # it builds every site of the group (clinic.sites.scoping)
        main()
