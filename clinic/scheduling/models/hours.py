"""When the clinic is open and when a vet is away: what a booking must fit into."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format

from clinic.sites.models import Clinic


class ClinicHours(models.Model):
    """A site's opening hours for one weekday; a weekday without a row, or marked closed,
    is shut at that site."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    site = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    is_closed = models.BooleanField("closed all day", default=False)
    # An emergency hospital's day has no closing time a TimeField could hold (24:00).
    open_24_hours = models.BooleanField(
        "open 24 hours", default=False,
        help_text="Open around the clock; visits may run past midnight into another such day.",
    )
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["site_id", "weekday"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "weekday"], name="clinic_hours_one_row_per_site_weekday",
                violation_error_message="This site already has hours for that weekday.",
            ),
            models.CheckConstraint(
                condition=Q(is_closed=True) | Q(open_24_hours=True)
                | Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__gt=F("opens_at")),
                name="clinic_hours_open_before_close",
                violation_error_message="An open day opens before it closes.",
            ),
        ]

    def __str__(self):
        if self.is_closed:
            return f"{self.site}, {self.get_weekday_display()}: closed"
        if self.open_24_hours:
            return f"{self.site}, {self.get_weekday_display()}: open 24 hours"
        return (f"{self.site}, {self.get_weekday_display()}: "
                f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}")

    def clean(self):
        super().clean()
        if self.is_closed and self.open_24_hours:
            raise ValidationError({"open_24_hours": "A day is either closed or open 24 hours."})
        if self.is_closed or self.open_24_hours:
            return
        if self.opens_at is None or self.closes_at is None:
            raise ValidationError(
                {"opens_at": "Give the opening and closing times, or tick closed or open 24 "
                             "hours."}
            )
        if self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The clinic must close after it opens."})


class ClosedDay(models.Model):
    """A date a site is shut although the weekday is normally open (bank holidays)."""

    site = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField()
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["date", "site_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "date"], name="closed_day_once_per_site",
                violation_error_message="This site is already closed on that date.",
            ),
        ]

    def __str__(self):
        return f"{self.site}, {date_format(self.date)}: {self.reason}"


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
