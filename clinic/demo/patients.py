"""Demo owners and dogs with weight histories. Identified by e-mail or microchip so that
seeding twice changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from clinic.patients.models import Breed, Dog, Owner, WeightRecord

OWNERS = [
    # e-mail, first, last, phone, preferred contact, consent, has login
    ("owner@example.com", "Helen", "Carter", "+442079460101", "email", True, True),
    ("owner2@example.com", "James", "Whitfield", "+442079460102", "sms", True, True),
    ("m.adeyemi@example.net", "Michael", "Adeyemi", "+442079460103", "phone", False, False),
    ("lucy.brennan@example.net", "Lucy", "Brennan", "+442079460104", "email", True, False),
    ("r.kowalski@example.net", "Roksana", "Kowalski", "+442079460105", "phone", True, False),
    ("d.okafor@example.net", "David", "Okafor", "+442079460106", "sms", True, False),
    ("s.lindqvist@example.net", "Sara", "Lindqvist", "+442079460107", "email", False, False),
]

DOGS = [
    # owner e-mail, name, breed, sex, neutered, age in months, estimated, chip, colour,
    # alerts, weights (kg, oldest first)
    ("owner@example.com", "Bramble", "Labrador Retriever", "female", True, 118, False,
     "826098100000101", "Yellow", "on trilostane", ["33.8", "34.6", "35.2"]),
    ("owner@example.com", "Pip", "Border Terrier", "male", True, 40, False,
     "826098100000102", "Grizzle and tan", "", ["6.4", "6.6"]),
    ("owner2@example.com", "Rufus", "Boxer", "male", False, 86, False,
     "826098100000103", "Brindle with white chest", "bites when ear examined",
     ["31.0", "30.2", "29.8"]),
    ("m.adeyemi@example.net", "Tess", "Rottweiler", "female", True, 102, True,
     "826098100000104", "Black and tan", "", ["41.5", "42.0"]),
    ("lucy.brennan@example.net", "Milo", "Staffordshire Bull Terrier", "male", True, 73, False,
     "826098100000105", "Red", "", ["17.9", "18.3"]),
    ("lucy.brennan@example.net", "Nell", "Cocker Spaniel", "female", True, 131, False,
     "", "Blue roan", "", ["13.1"]),
    ("r.kowalski@example.net", "Kaiser", "German Shepherd Dog", "male", False, 14, False,
     "826098100000107", "Black and tan", "", ["27.5", "30.1"]),
    ("d.okafor@example.net", "Juno", "Golden Retriever", "female", True, 95, False,
     "826098100000108", "Golden", "", ["29.4", "29.0", "28.7"]),
    ("d.okafor@example.net", "Biscuit", "Dachshund", "male", True, 62, False,
     "826098100000109", "Chocolate and tan", "", ["8.9", "9.1"]),
    ("s.lindqvist@example.net", "Otto", "Bernese Mountain Dog", "male", True, 76, True,
     "", "Tricolour", "nervous: muzzle for blood samples", ["47.2", "46.5"]),
]


def seed(context):
    today = timezone.localdate()
    owners = {}
    for email, first, last, phone, contact, consent, has_login in OWNERS:
        owner, _ = Owner.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first, "last_name": last, "phone": phone,
                "preferred_contact": contact, "reminder_consent": consent,
                "reminder_consent_changed_on": today - timedelta(days=200) if consent else None,
                "address": f"{len(owners) + 3} Mill Road\nLondon",
                "postcode": f"SE{len(owners) + 1} 4AB",
                "user": context.get(email) if has_login else None,
            },
        )
        owners[email] = owner
    vet = context["vet@example.com"]
    for (email, name, breed, sex, neutered, months, estimated, chip, colour, alerts,
         weights) in DOGS:
        dog, created = Dog.objects.get_or_create(
            owner=owners[email], name=name,
            defaults={
                "breed": Breed.objects.get(name=breed),
                "sex": sex, "neutered": neutered,
                "date_of_birth": today - timedelta(days=round(months * 30.44)),
                "date_of_birth_estimated": estimated, "microchip": chip, "colour": colour,
                "alerts": alerts,
            },
        )
        if created:
            for index, kg in enumerate(weights):
                WeightRecord.objects.create(
                    dog=dog, weight_kg=Decimal(kg), recorded_by=vet,
                    recorded_on=today - timedelta(days=60 * (len(weights) - 1 - index) + 3),
                )
        context[f"dog:{name}"] = dog
    context["owners"] = owners
