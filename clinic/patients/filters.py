"""The patient list: one search box and a few filters, answering with owners and their dogs."""

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q

from clinic.patients.models import Breed, Dog, Owner, phone_search_digits

MIN_DIGITS = 3  # fewer digits than this match half the clinic; search names instead


class Status:
    ACTIVE = "active"
    ARCHIVED = "archived"
    DECEASED = "deceased"
    ALL = "all"
    CHOICES = [
        (ACTIVE, "Active"), (DECEASED, "Deceased"), (ARCHIVED, "Archived"), (ALL, "All"),
    ]


def owner_search(text):
    """Q on Owner for one search box. A number (any spacing) is looked for in phone numbers
    and microchips; words in names, e-mail addresses and the names of their dogs.

    Each part is one UNION of id lists (owners matching, owners of dogs matching), each
    list from its own trigram index on PostgreSQL (migration 0004): an OR across owners
    and an EXISTS over dogs made the planner read both tables whole (docs/benchmarks.md)."""
    digits = phone_search_digits(text)
    if _is_number(text) and len(digits[0]) >= MIN_DIGITS:
        phone = Q()
        for candidate in digits:
            phone |= Q(phone__contains=candidate)
        return Q(pk__in=Owner.objects.filter(phone).order_by().values("pk").union(
            Dog.objects.filter(microchip__contains=digits[0]).order_by().values("owner_id")))
    q = Q()
    for word in text.split():
        names = (Q(first_name__icontains=word) | Q(last_name__icontains=word)
                 | Q(email__icontains=word))
        q &= Q(pk__in=Owner.objects.filter(names).order_by().values("pk").union(
            Dog.objects.filter(name__icontains=word).order_by().values("owner_id")))
    return q


def _is_number(text):
    return any(c.isdigit() for c in text) and all(c.isdigit() or c in " +-()." for c in text)


class PatientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_search")
    size = django_filters.ChoiceFilter(
        label="Size class", choices=Breed.Size.choices, empty_label="Any size",
        method="filter_dogs",
    )
    status = django_filters.ChoiceFilter(
        label="Showing", choices=Status.CHOICES, empty_label=None, method="filter_dogs",
    )

    class Meta:
        model = Owner
        fields = ["q", "size", "status"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", Status.ACTIVE)
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(owner_search(value)) if value else queryset

    def filter_dogs(self, queryset, name, value):
        # Size and status are applied together in `qs`, once both are known.
        return queryset

    def dogs(self):
        """The dogs shown under each owner: those matching the size and status filters."""
        data = getattr(self.form, "cleaned_data", {}) or {}
        dogs = Dog.objects.visible_to(self.request.user).select_related("breed")
        status = data.get("status") or Status.ACTIVE
        if status == Status.ACTIVE:
            dogs = dogs.filter(archived_at__isnull=True)
        elif status == Status.DECEASED:
            dogs = dogs.filter(is_deceased=True)
        elif status == Status.ARCHIVED:
            dogs = dogs.filter(archived_at__isnull=False)
        if data.get("size"):
            dogs = dogs.filter(breed__size_class=data["size"])
        return dogs

    @property
    def qs(self):
        owners = super().qs
        data = getattr(self.form, "cleaned_data", {}) or {}
        status = data.get("status") or Status.ACTIVE
        dogs = self.dogs()
        if status == Status.ACTIVE:
            owners = owners.filter(archived_at__isnull=True)
        if data.get("size") or status in (Status.DECEASED,):
            owners = owners.filter(Exists(dogs.filter(owner=OuterRef("pk"))))
        elif status == Status.ARCHIVED:
            owners = owners.filter(
                Q(archived_at__isnull=False) | Exists(dogs.filter(owner=OuterRef("pk")))
            )
        return owners.prefetch_related(Prefetch("dogs", queryset=dogs, to_attr="shown_dogs"))
