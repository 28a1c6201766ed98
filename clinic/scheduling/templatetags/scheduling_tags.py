from django import template

from clinic.scheduling.services.status import ALLOWED, QUICK_ACTIONS

register = template.Library()


@register.filter
def next_actions(appointment):
    """[(action, label)] the appointment can move to next with one click."""
    allowed = ALLOWED[appointment.status]
    return [(status.value, label) for status, label in QUICK_ACTIONS if status in allowed]
