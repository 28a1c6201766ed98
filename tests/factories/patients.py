import io
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from clinic.patients.models import Breed, Dog, Owner, WeightRecord


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"owner{n}@example.org")
    # Ofcom's range for drama (020 7946 0000–0999): valid, and never a real person.
    phone = factory.Sequence(lambda n: f"+4420794600{n % 100:02d}")
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


def photo_upload(name="bramble.jpg", fmt="JPEG", size=(64, 48)):
    """An uploaded photo as a browser sends it."""
    data = io.BytesIO()
    Image.new("RGB", size, "sienna").save(data, fmt)
    return SimpleUploadedFile(name, data.getvalue(), content_type=f"image/{fmt.lower()}")


def bulk_owners_with_dogs(count):
    """`count` more owners with one dog each, inserted in two queries (query-count tests)."""
    start = Owner.objects.filter(last_name="Client").count()
    owners = Owner.objects.bulk_create(
        Owner(first_name=f"Bulk{n}", last_name="Client", phone=f"+4479460{n:05d}",
              email=f"bulk{n}@example.org")
        for n in range(start, start + count)
    )
    breed = Breed.objects.first()
    born = timezone.localdate() - timedelta(days=4 * 365)
    Dog.objects.bulk_create(
        Dog(owner=owner, name=f"Dog{n}", breed=breed, sex=Dog.Sex.MALE, date_of_birth=born,
            microchip=f"{900000000000000 + n}", alerts="bites" if n % 3 == 0 else "")
        for n, owner in enumerate(owners, start=start)
    )
    return owners
