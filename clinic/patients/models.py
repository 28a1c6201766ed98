import calendar
import uuid
from datetime import date
from decimal import Decimal

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from clinic.accounts.querysets import AudienceQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.uploads import upload_to
from clinic.lib.validators import (
    SHORT_TEXT,
    text_limit,
    validate_no_control_characters,
    validate_plausible_date,
)


def normalise_phone(raw, region=None):
    """Return the number in E.164 form (+447700900123) or raise ValidationError."""
    region = region or settings.CLINIC_PHONE_REGION
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "Enter a phone number, e.g. 020 7946 0123 or +44 20 7946 0123."
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("This is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164):
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_digits(typed, region=None):
    """The digit strings a partly typed phone number can appear as inside a stored E.164
    number: "07700 900" is searched as "07700900" and, without its national trunk prefix,
    as "447700900" (how +447700900123 stores it)."""
    digits = "".join(c for c in typed if c.isdigit())
    if not digits:
        return []
    candidates = [digits]
    if digits.startswith("0") and not digits.startswith("00"):
        country = phonenumbers.country_code_for_region(region or settings.CLINIC_PHONE_REGION)
        candidates.append(f"{country}{digits[1:]}")
    elif digits.startswith("00"):  # international prefix typed out
        candidates.append(digits[2:])
    return candidates


def estimated_date_of_birth(years, months, today=None):
    """A date of birth for a dog said to be about `years` and `months` old today."""
    today = today or timezone.localdate()
    total = today.year * 12 + today.month - 1 - (years * 12 + months)
    year, month = divmod(total, 12)
    month += 1
    # The 31st of a shorter month becomes its last day.
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


class OwnerQuerySet(AudienceQuerySet):
    def for_owner(self, user):
        return self.filter(user=user)

    def likely_duplicates(self, owner, limit=5):
        """Owners who may be `owner` registered already: the same name, the same phone
        number (both normalised to E.164) or the same e-mail, ignoring case.

        One UNION of id lists, each answered by its own index (the pg_trgm indexes of
        migration 0007 answer equality too on PostgreSQL 14+), as in the patient search:
        an OR across columns made the planner read every owner."""
        first, last = owner.first_name.strip(), owner.last_name.strip()
        matches = []
        if first and last:
            matches.append(Owner.objects.filter(first_name__iexact=first, last_name__iexact=last))
        if owner.phone:
            matches.append(Owner.objects.filter(phone=owner.phone))
        if owner.email:
            matches.append(Owner.objects.filter(email__iexact=owner.email.strip()))
        if not matches:
            return self.none()
        ids = [rows.order_by().values("pk") for rows in matches]
        found = self.filter(pk__in=ids[0].union(*ids[1:]))
        if owner.pk:
            found = found.exclude(pk=owner.pk)
        return found.order_by("archived_at", "last_name", "first_name", "pk")[:limit]


class Owner(VersionedModel):
    """A dog's owner (client of the clinic); may have a portal login."""

    class Contact(models.TextChoices):
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone call"
        SMS = "sms", "Text message"

    first_name = models.CharField(max_length=80, validators=[validate_no_control_characters])
    last_name = models.CharField(max_length=80, validators=[validate_no_control_characters])
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField(
        max_length=20, help_text="Stored in international form, e.g. +447700900123."
    )
    address = models.TextField("postal address", blank=True, **text_limit(300))
    postcode = models.CharField(max_length=12, blank=True)
    preferred_contact = models.CharField(
        max_length=8, choices=Contact.choices, default=Contact.PHONE
    )
    reminder_consent = models.BooleanField(
        "agrees to appointment reminders", default=False
    )
    reminder_consent_changed_on = models.DateField(
        "reminder consent given or withdrawn on", null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owner_profile",
        help_text="The portal login, created when the owner accepts an invitation.",
    )
    staff_notes = models.TextField("notes for staff", blank=True, **text_limit(SHORT_TEXT))
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            # The patient list's order, the id last: its pages are keyset ranges of this
            # index (clinic.lib.pagination).
            models.Index(fields=["last_name", "first_name", "id"], name="owner_list_order"),
            # The duplicate check looks a number up exactly (likely_duplicates); the
            # trigram index of migration 0007 is for fragments.
            models.Index(fields=["phone"], name="owner_phone_exact"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def phone_display(self):
        return display_phone(self.phone)

    @property
    def is_archived(self):
        return self.archived_at is not None

    def shared_details(self, other):
        """What this owner has in common with `other`, in words: why they may be one."""
        shared = []
        if (self.first_name.strip().lower(), self.last_name.strip().lower()) == (
                other.first_name.strip().lower(), other.last_name.strip().lower()):
            shared.append("same name")
        if self.phone and self.phone == other.phone:
            shared.append("same phone")
        if self.email and self.email.strip().lower() == other.email.strip().lower():
            shared.append("same e-mail")
        return shared

    def set_reminder_consent(self, consent, on=None):
        """Record consent to reminders; the date changes only when the answer does."""
        if consent != self.reminder_consent or self.reminder_consent_changed_on is None:
            self.reminder_consent_changed_on = on or timezone.localdate()
        self.reminder_consent = consent

    def clean(self):
        super().clean()
        if self.phone:
            try:
                self.phone = normalise_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from None
        if self.email:
            self.email = self.email.strip().lower()
        if self.preferred_contact == self.Contact.EMAIL and not self.email:
            raise ValidationError(
                {"email": "An e-mail address is needed when e-mail is the preferred contact."}
            )


class Breed(models.Model):
    """Reference list of breeds. The size class is for reference (weights, doses), not risk."""

    class Size(models.TextChoices):
        TOY = "toy", "Toy (under 5 kg)"
        SMALL = "small", "Small (5–10 kg)"
        MEDIUM = "medium", "Medium (10–25 kg)"
        LARGE = "large", "Large (25–45 kg)"
        GIANT = "giant", "Giant (over 45 kg)"

    name = models.CharField(max_length=80, unique=True)
    size_class = models.CharField(max_length=8, choices=Size.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DogQuerySet(AudienceQuerySet):
    def for_owner(self, user):
        return self.filter(owner__user=user)

    def microchip_taken_message(self, chip, exclude_pk=None):
        """The error for a microchip number another dog has, naming that dog, so reception
        can tell a typing slip from the same dog registered twice; None when it is free."""
        holder = (self.filter(microchip=chip).exclude(pk=exclude_pk)
                  .select_related("owner").first()) if chip else None
        if holder is None:
            return None
        return (f"This microchip number is already registered to {holder.name} "
                f"(owner {holder.owner.full_name}).")

    def active(self):
        return self.filter(archived_at__isnull=True)


microchip_validator = RegexValidator(
    r"^\d{15}$", "A microchip number (ISO 11784/11785) is exactly 15 digits."
)


class Dog(VersionedModel):
    class Sex(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="dogs")
    name = models.CharField(max_length=60, validators=[validate_no_control_characters])
    breed = models.ForeignKey(
        Breed, on_delete=models.PROTECT, null=True, blank=True, related_name="dogs"
    )
    breed_other = models.CharField(
        "other breed / cross", max_length=80, blank=True,
        help_text="When the breed is not in the list, e.g. 'Labrador × Poodle'.",
    )
    sex = models.CharField(max_length=6, choices=Sex.choices)
    neutered = models.BooleanField(default=False)
    date_of_birth = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    date_of_birth_estimated = models.BooleanField(
        default=False, help_text="The date of birth was estimated from an approximate age."
    )
    microchip = models.CharField(
        max_length=15, blank=True, validators=[microchip_validator]
    )
    colour = models.CharField("colour / markings", max_length=120, blank=True)
    photo = models.FileField(upload_to=upload_to("dogs/photos"), blank=True)
    photo_thumbnail = models.FileField(
        upload_to=upload_to("dogs/photos"), blank=True, editable=False
    )
    alerts = models.CharField(
        max_length=300, blank=True,
        help_text="Shown in red on every page of this dog; separate alerts with commas, "
        "e.g. 'long-term corticosteroids, bites'.",
    )
    is_deceased = models.BooleanField("deceased", default=False)
    deceased_on = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DogQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["photo_thumbnail"])

    class Meta:
        ordering = ["name"]
        permissions = [("mark_dog_deceased", "Can mark a dog as deceased")]
        # the admin's changelist order (name, then id), 100,000 dogs without a sort
        indexes = [models.Index(fields=["name", "id"], name="dog_name_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["microchip"],
                condition=~Q(microchip=""),
                name="dog_microchip_unique_when_present",
                violation_error_message="Another dog already has this microchip number.",
            ),
            models.CheckConstraint(
                condition=Q(is_deceased=True) | Q(deceased_on__isnull=True),
                name="dog_deceased_date_only_when_deceased",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def breed_display(self):
        if self.breed and self.breed_other:
            return f"{self.breed} ({self.breed_other})"
        return str(self.breed or self.breed_other or "Breed not recorded")

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def size_class_display(self):
        return self.breed.get_size_class_display() if self.breed else ""

    @property
    def alert_list(self):
        return [alert.strip() for alert in self.alerts.split(",") if alert.strip()]

    def age_on(self, on_date):
        """Whole (years, months) between birth and `on_date`, or None if unknown."""
        if not self.date_of_birth:
            return None
        months = (on_date.year - self.date_of_birth.year) * 12 + (
            on_date.month - self.date_of_birth.month
        )
        if on_date.day < self.date_of_birth.day:
            months -= 1
        months = max(months, 0)
        return divmod(months, 12)

    @property
    def age_display(self):
        end = self.deceased_on if self.is_deceased and self.deceased_on else timezone.localdate()
        age = self.age_on(end)
        if age is None:
            return "Age unknown"
        years, months = age
        if years and months:
            text = f"{years} y {months} m"
        elif years:
            text = f"{years} y"
        else:
            text = f"{months} m"
        return f"about {text}" if self.date_of_birth_estimated else text

    def clean(self):
        super().clean()
        today = timezone.localdate()
        errors = {}
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "The date of birth cannot be in the future."
        if self.date_of_birth and self.date_of_birth < date(today.year - 30, 1, 1):
            errors["date_of_birth"] = "A dog cannot be more than 30 years old."
        if self.deceased_on and not self.is_deceased:
            errors["deceased_on"] = "Tick 'deceased' to record a date of death."
        if self.deceased_on and self.deceased_on > today:
            errors["deceased_on"] = "The date of death cannot be in the future."
        if self.deceased_on and self.date_of_birth and self.deceased_on < self.date_of_birth:
            errors["deceased_on"] = "The date of death cannot be before the date of birth."
        if errors:
            raise ValidationError(errors)

    def latest_weight(self):
        """The most recent weight record: what dose calculations use."""
        return self.weights.order_by("-recorded_on", "-id").first()


class WeightRecord(models.Model):
    MIN_KG = Decimal("0.1")
    MAX_KG = Decimal("120.0")

    dog = models.ForeignKey(Dog, on_delete=models.CASCADE, related_name="weights")
    recorded_on = models.DateField(
        default=timezone.localdate, validators=[validate_plausible_date]
    )
    weight_kg = models.DecimalField(
        "weight (kg)", max_digits=4, decimal_places=1,
        validators=[
            MinValueValidator(MIN_KG, "A weight must be at least 0.1 kg."),
            MaxValueValidator(MAX_KG, "A weight above 120 kg is not plausible for a dog."),
        ],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-id"]
        get_latest_by = ["recorded_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_kg__gte=Decimal("0.1")) & Q(weight_kg__lte=Decimal("120.0")),
                name="weight_between_0_1_and_120_kg",
            ),
        ]

    def __str__(self):
        return f"{self.weight_kg} kg on {date_format(self.recorded_on)}"

    def clean(self):
        super().clean()
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError({"recorded_on": "A weight cannot be recorded in the future."})
