"""Calendar files: one appointment as .ics, and an owner's private feed of their dogs'."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from clinic.scheduling.models import Appointment, CalendarFeedToken
from clinic.sites.models import Clinic

FEED_PAST_DAYS = 90


def _one_line(text):
    # Names are one line; one saved before names refused control characters must not
    # break (or add lines to) the calendar file.
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//CutisCase//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(appointment):
    """One VEVENT in the clinic's time zone; a cancelled visit stays, marked CANCELLED,
    so calendar apps that already have it take it off."""
    tz = timezone.get_default_timezone()
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@cutiscase")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.start.astimezone(tz))
    event.add("dtend", appointment.end.astimezone(tz))
    site = appointment.site
    event.add("summary", f"{_one_line(appointment.dog.name)}: {appointment.appointment_type.name} "
                         f"at {site.name}")
    event.add("location", site.one_line)
    lines = [f"With {appointment.vet.get_full_name()}."]
    if appointment.appointment_type.what_to_bring:
        lines.append(f"Please bring: {appointment.appointment_type.what_to_bring}")
    lines.append(f"To change it, call {site.phone}.")
    event.add("description", "\n".join(lines))
    cancelled = appointment.status in (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _to_bytes(calendar):
    calendar.add_missing_timezones()
    return calendar.to_ical()


def appointment_ics(appointment) -> bytes:
    calendar = _calendar(f"{_one_line(appointment.dog.name)} at {appointment.site.name}")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(appointment))
    return _to_bytes(calendar)


def owner_calendar_feed(owner) -> bytes:
    """Every appointment of the owner's dogs from three months ago onwards."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    appointments = (
        # The owner's dogs' visits at every site (the feed is the owner's, not a site's).
        Appointment.objects.with_scopes_disabled().for_calendar()
        .filter(dog__owner=owner, start__gte=since)
        .exclude(status=Appointment.Status.NO_SHOW)
    )
    calendar = _calendar(f"{Clinic.objects.main()}: appointments")  # the group's feed
    for appointment in appointments:
        calendar.add_component(_event(appointment))
    return _to_bytes(calendar)


def feed_token_for(owner):
    """The owner's active feed token, made on first use."""
    token = CalendarFeedToken.objects.active().filter(owner=owner).first()
    return token or rotate_feed_token(owner)


def revoke_feed_tokens(owner):
    """Turn the owner's feed URL off: it answers 404 from now on."""
    CalendarFeedToken.objects.active().filter(owner=owner).update(revoked_at=timezone.now())


@transaction.atomic
def rotate_feed_token(owner):
    """Revoke the owner's feed URL (if any) and make a new one: the old URL stops working."""
    revoke_feed_tokens(owner)
    return CalendarFeedToken.objects.create(owner=owner)
