"""The starting breed reference list, with size classes for weights and doses.
Clinics extend it in the admin."""

from django.db import migrations

BREEDS = {
    "toy": [
        "Chihuahua", "Yorkshire Terrier", "Pomeranian", "Toy Poodle", "Maltese",
        "Papillon", "Pekingese",
    ],
    "small": [
        "Miniature Schnauzer", "Dachshund", "Jack Russell Terrier", "Shih Tzu",
        "Bichon Frise", "Cavalier King Charles Spaniel", "West Highland White Terrier",
        "Border Terrier", "Pug", "Miniature Poodle", "Lhasa Apso",
    ],
    "medium": [
        "Beagle", "Cocker Spaniel", "English Springer Spaniel", "Border Collie",
        "Staffordshire Bull Terrier", "French Bulldog", "Bulldog", "Whippet",
        "Shetland Sheepdog", "Standard Schnauzer",
    ],
    "large": [
        "Labrador Retriever", "Golden Retriever", "German Shepherd Dog", "Boxer",
        "Dobermann", "Standard Poodle", "Siberian Husky", "Weimaraner",
        "Rhodesian Ridgeback", "Dalmatian", "American Staffordshire Terrier",
    ],
    "giant": [
        "Rottweiler", "Great Dane", "Bernese Mountain Dog", "Newfoundland",
        "Irish Wolfhound", "Mastiff", "Leonberger",
    ],
}


def add_breeds(apps, schema_editor):
    Breed = apps.get_model("patients", "Breed")
    for size_class, names in BREEDS.items():
        for name in names:
            Breed.objects.get_or_create(name=name, defaults={"size_class": size_class})


def remove_breeds(apps, schema_editor):
    names = [name for names in BREEDS.values() for name in names]
    apps.get_model("patients", "Breed").objects.filter(name__in=names, dogs=None).delete()


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(add_breeds, remove_breeds)]
