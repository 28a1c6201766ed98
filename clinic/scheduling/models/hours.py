"""When the clinic is open and when a vet is away: what a booking must fit into."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format


class ClinicHours(models.Model):
    """Opening hours for one weekday; a weekday without a row, or marked closed, is shut."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, unique=True)
    is_closed = models.BooleanField("closed all day", default=False)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["weekday"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_closed=True)
                | Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__gt=F("opens_at")),
                name="clinic_hours_open_before_close",
                violation_error_message="An open day opens before it closes.",
            ),
        ]

    def __str__(self):
        if self.is_closed:
            return f"{self.get_weekday_display()}: closed"
        return f"{self.get_weekday_display()}: {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        super().clean()
        if self.is_closed:
            return
        if self.opens_at is None or self.closes_at is None:
            raise ValidationError(
                {"opens_at": "Give the opening and closing times, or tick closed."}
            )
        if self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The clinic must close after it opens."})


class ClosedDay(models.Model):
    """A date the clinic is shut although the weekday is normally open (bank holidays)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{date_format(self.date)}: {self.reason}"


class VetAbsence(models.Model):
    """A vet is away (leave, training, sick) from start to end."""

    vet = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["vet", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="vet_absence_ends_after_start",
                violation_error_message="An absence must end after it starts.",
            ),
        ]

    def __str__(self):
        start, end = (date_format(moment, "DATETIME_FORMAT") for moment in (self.start, self.end))
        return f"{self.vet}: away {start}–{end}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "An absence must end after it starts."})
