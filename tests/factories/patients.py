from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from clinic.patients.models import Breed, Dog, Owner, WeightRecord


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"owner{n}@example.org")
    phone = factory.Sequence(lambda n: f"+4477009{n % 100000:05d}")
    reminder_consent = True


class DogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dog

    owner = factory.SubFactory(OwnerFactory)
    name = factory.Iterator(["Bramble", "Rufus", "Tess", "Milo", "Nell", "Kaiser", "Pip"])
    breed = factory.LazyFunction(lambda: Breed.objects.order_by("?").first())
    sex = Dog.Sex.FEMALE
    neutered = True
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=8 * 365))


class WeightRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeightRecord

    dog = factory.SubFactory(DogFactory)
    weight_kg = Decimal("24.5")
    recorded_on = factory.LazyFunction(timezone.localdate)
