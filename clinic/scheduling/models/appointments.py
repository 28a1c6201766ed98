"""Appointments and the kinds of appointment the clinic offers."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cases.models import Case, FollowUp
from clinic.accounts.querysets import AudienceQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.status import StatusFlow
from clinic.lib.validators import text_limit, validate_plausible_date
from clinic.patients.models import Dog
from clinic.sites.models import Clinic
from clinic.sites.scoping import site_scoped_manager


class AppointmentType(models.Model):
    """Consult, recheck, biopsy …: each with the length the clinic usually books."""

    class Colour(models.TextChoices):
        # CSS classes in static/css/scheduling.css (no inline styles under our CSP).
        TEAL = "teal", "Teal"
        BLUE = "blue", "Blue"
        PURPLE = "purple", "Purple"
        ORANGE = "orange", "Orange"
        GREEN = "green", "Green"
        RED = "red", "Red"
        GREY = "grey", "Grey"

    name = models.CharField(max_length=60, unique=True)
    default_minutes = models.PositiveSmallIntegerField(
        "default length (minutes)", default=20,
    )
    colour = models.CharField(max_length=10, choices=Colour.choices, default=Colour.TEAL)
    what_to_bring = models.TextField(
        blank=True, **text_limit(1000),
        help_text="Shown to owners with the appointment (plain words).",
    )
    is_active = models.BooleanField("offered for booking", default=True)
    # Many-to-many: a type is one name across the group (follow-ups find "Recheck" by
    # name, reports count by type), and most types are offered at several sites.
    sites = models.ManyToManyField(
        Clinic, related_name="appointment_types", blank=True, verbose_name="offered at",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_minutes__gte=5), name="appointment_type_at_least_5_minutes",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def default_length(self):
        return timedelta(minutes=self.default_minutes)


MAX_LENGTH = timedelta(days=1)


class AppointmentQuerySet(AudienceQuerySet):
    site_field = "site"

    def active(self):
        """Appointments that hold their slot (not cancelled, not a no-show)."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def upcoming(self):
        return self.active().filter(start__gte=timezone.now()).order_by("start")

    def overlapping(self, start, end):
        # The lower bound on start follows from MAX_LENGTH and keeps this an index range.
        return self.filter(start__lt=end, end__gt=start, start__gt=start - MAX_LENGTH)

    def for_calendar(self):
        return self.select_related("site", "dog__owner", "vet", "appointment_type", "case")

    def for_grid(self):
        """Only what a calendar grid's card shows: 400 cards of 25 vets' day spent most of
        their time building the other columns' objects (docs/benchmarks.md)."""
        return self.select_related("dog__owner", "appointment_type").only(
            "start", "end", "status", "vet_id", "site_id", "dog__name", "dog__owner__first_name",
            "dog__owner__last_name", "appointment_type__colour",
        )


class Appointment(StatusFlow, VersionedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CONFIRMED = "confirmed", "Confirmed"
        ARRIVED = "arrived", "Arrived"
        WITH_VET = "with_vet", "With the vet"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Did not attend"

    # The day's flow: confirmed, arrived, with the vet, completed; or cancelled, or a no-show
    # (only before the dog arrived).
    TRANSITIONS = {
        Status.BOOKED: (Status.CONFIRMED, Status.ARRIVED, Status.CANCELLED, Status.NO_SHOW),
        Status.CONFIRMED: (Status.ARRIVED, Status.CANCELLED, Status.NO_SHOW),
        Status.ARRIVED: (Status.WITH_VET, Status.CANCELLED),
        Status.WITH_VET: (Status.COMPLETED,),
        Status.COMPLETED: (),
        Status.CANCELLED: (),
        Status.NO_SHOW: (),
    }
    # A slip of the mouse at the desk can be taken back for CLINIC_UNDO_MINUTES.
    UNDOABLE = (Status.ARRIVED, Status.NO_SHOW, Status.CANCELLED)
    # The one-click actions on the calendar, in the order a day runs (cancelling asks why).
    QUICK_ACTIONS = (
        (Status.CONFIRMED, "Confirm"),
        (Status.ARRIVED, "Check in"),
        (Status.WITH_VET, "With the vet"),
        (Status.COMPLETED, "Completed"),
        (Status.NO_SHOW, "No-show"),
    )

    site = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="appointments")
    dog = models.ForeignKey(Dog, on_delete=models.PROTECT, related_name="appointments")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments",
    )
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments",
        help_text="The recheck or monitoring test this appointment books.",
        db_index=False,  # the partial index in Meta
    )
    vet = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments",
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments",
        verbose_name="type",
    )
    start = models.DateTimeField(validators=[validate_plausible_date])
    end = models.DateTimeField(validators=[validate_plausible_date])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    reason = models.CharField("reason for the visit", max_length=200, blank=True)
    cancel_reason = models.CharField("reason for cancelling", max_length=200, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    booked_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_skipped_reason = models.CharField(max_length=120, blank=True)

    objects = site_scoped_manager(AppointmentQuerySet)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["start"]),
            models.Index(fields=["vet", "start"]),
            models.Index(fields=["site", "start"]),
            models.Index(fields=["status", "reminder_sent_at", "start"]),
            # Most appointments book no follow-up: over a full index of mostly NULLs
            # SQLite's planner scanned every appointment per follow-up on the follow-ups
            # page (18 s at 10,000 dogs, docs/benchmarks.md); this index holds only the
            # appointments that book one.
            models.Index(fields=["follow_up"], condition=Q(follow_up__isnull=False),
                         name="appointment_follow_up_booked"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="appointment_ends_after_start",
                violation_error_message="The appointment must end after it starts.",
            ),
            models.CheckConstraint(
                # Lets the overlap query bound `start` (an index range, not a scan of
                # ten years of appointments); a visit never lasts a day.
                condition=Q(end__lte=F("start") + MAX_LENGTH),
                name="appointment_at_most_a_day",
                violation_error_message="An appointment cannot last longer than a day.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="appointment_cancel_needs_reason",
                violation_error_message="Say why the appointment was cancelled.",
            ),
        ]
        # The no-double-booking exclusion constraint lives in migration 0003: it exists
        # on PostgreSQL only (SQLite has no exclusion constraints).

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.dog.name}: {self.appointment_type} {date_format(local, 'DATETIME_FORMAT')}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def owner_may_ask_to_change(self):
        """An owner may ask to move or cancel a visit that is still ahead and booked."""
        return (
            self.status in (self.Status.BOOKED, self.Status.CONFIRMED)
            and self.start > timezone.now()
        )

    @property
    def length_minutes(self):
        return int((self.end - self.start).total_seconds() // 60)

    def quick_actions(self):
        """[(status, label)] of the one-click actions this appointment allows now."""
        return [(status.value, label) for status, label in self.QUICK_ACTIONS
                if self.can_move_to(status)]

    def move_refused_message(self, status):
        return (f"An appointment that is {self.get_status_display().lower()} cannot become "
                f"{str(self.status_label(status)).lower()}.")

    @property
    def css_classes(self):
        return f"appt appt-{self.appointment_type.colour} appt-status-{self.status}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The appointment must end after it starts."})
        if self.start and self.end and self.end > self.start + MAX_LENGTH:
            raise ValidationError({"end": "An appointment cannot last longer than a day."})
        if self.status == self.Status.CANCELLED and not self.cancel_reason:
            raise ValidationError({"cancel_reason": "Say why the appointment was cancelled."})


ACTIVE_STATUSES = (
    Appointment.Status.BOOKED,
    Appointment.Status.CONFIRMED,
    Appointment.Status.ARRIVED,
    Appointment.Status.WITH_VET,
    Appointment.Status.COMPLETED,
)


class AppointmentChangeRequestQuerySet(AudienceQuerySet):
    site_field = "appointment__site"

    def open(self):
        return self.filter(handled_at__isnull=True)


class AppointmentChangeRequest(models.Model):
    """An owner asks (from the portal) to move or cancel an appointment; reception handles it."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
    )
    message = models.TextField(**text_limit(1000))
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = site_scoped_manager(AppointmentChangeRequestQuerySet)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Change request for {self.appointment}"

    def clean(self):
        super().clean()
        if self.pk is None and not self.appointment.owner_may_ask_to_change:
            raise ValidationError(
                "This appointment is over or no longer booked, so it cannot be changed. "
                "Please call the clinic."
            )
