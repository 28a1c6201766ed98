from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from clinic.scheduling.services.availability import SLOT_MINUTES

register = template.Library()


@register.filter
def next_actions(appointment):
    """[(action, label)] the appointment can move to next with one click."""
    return appointment.quick_actions()


@register.filter
def days_overdue(follow_up):
    """Whole days past the due date: positive when overdue, 0 when due today."""
    return (timezone.localdate() - follow_up.due_on).days


@register.filter
def webcal(feed_url):
    """The feed's address for a one-tap subscription: calendar apps open webcal:// links."""
    _scheme, _sep, rest = feed_url.partition("://")
    return f"webcal://{rest}"


def _chip(appointment, appointment_url):
    """The calendar's card: time, dog, status, owner. Clicking the dog swaps in the full card
    with its actions (calendar.js, an htmx GET), so a day of 25 vets is not 400 forms; only
    a check-in, no-show or cancellation that may still be taken back (`offer_undo_to`) adds
    its Undo, which answers with the full card."""
    start = timezone.localtime(appointment.start).strftime("%H:%M")
    url = appointment_url(appointment.pk)
    undo = ""
    if appointment.undo_until:
        undo = format_html(
            '<div class="appt-undo small"><button type="button" class="btn btn-sm '
            'btn-outline-dark py-0" hx-post="{}undo/" hx-target="closest .appt" '
            'hx-swap="outerHTML" aria-label="Undo: {} at {}">Undo</button> until {}</div>',
            url, appointment.dog.name, start,
            timezone.localtime(appointment.undo_until).strftime("%H:%M"),
        )
    return format_html(
        '<div class="{}"><span class="appt-time">{}</span> <a class="appt-dog" href="{}">{}</a>'
        ' <span class="badge appt-badge">{}</span><div class="appt-owner small">{}</div>{}'
        '</div>',
        appointment.css_classes, start, url, appointment.dog.name,
        appointment.get_status_display(), appointment.dog.owner.full_name, undo,
    )


def _url_maker(name):
    """reverse() once, then the pk substituted: 400 cards do not each resolve the URL."""
    marker = 999999999
    prefix, _, suffix = reverse(name, args=[marker]).partition(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


@register.simple_tag
def appointment_chip(appointment):
    return _chip(appointment, _url_maker("scheduling:appointment"))


@register.simple_tag
def calendar_rows(grid):
    """The grid's body rows, built in one Python loop. As a template (a loop per 15-minute
    cell and an include per card) this was most of the day view's time for 25 vets
    (docs/benchmarks.md)."""
    book = reverse("scheduling:book")
    appointment_url = _url_maker("scheduling:appointment")
    unavailable = ('<td class="slot-unavailable"><span class="visually-hidden">not available'
                   '</span></td>')
    closed = '<td class="slot-closed"><span class="visually-hidden">closed</span></td>'
    html = []
    for row in grid.rows:
        html.append(f'<tr><th scope="row" class="calendar-time">{row.clock:%H:%M}</th>')
        for cell in row.cells:
            if cell.kind == "appointment":
                html.append(f'<td rowspan="{cell.rowspan}">'
                            f'{_chip(cell.appointment, appointment_url)}</td>')
            elif cell.kind == "free":
                # The stretch's first slot; calendar.js moves the start to the slot clicked.
                html.append(format_html(
                    '<td rowspan="{}" class="slot-free-range"><button class="slot-free" '
                    'hx-get="{}?{}" data-slots="{}" data-slot-minutes="{}" aria-label="{}">+'
                    '</button></td>', cell.rowspan, book, cell.book_query, cell.rowspan,
                    SLOT_MINUTES, cell.book_label))
            elif cell.kind == "unavailable":
                html.append(unavailable)
            else:
                html.append(closed)
        html.append("</tr>")
    # every value above went through format_html, or is a number or a fixed string
    return mark_safe("".join(html))
