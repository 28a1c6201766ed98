"""The starting breed reference list, with size classes for weights and doses.

Loaded by migration 0002 and again by clinic.reference_data (for databases emptied after
migrating). Clinics extend the list in the admin.
"""

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


def load_breeds(Breed):
    """Create the listed breeds that are missing; edited or added breeds are kept."""
    for size_class, names in BREEDS.items():
        for name in names:
            Breed.objects.get_or_create(name=name, defaults={"size_class": size_class})
