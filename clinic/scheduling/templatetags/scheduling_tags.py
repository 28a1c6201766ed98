from django import template
from django.utils import timezone

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
