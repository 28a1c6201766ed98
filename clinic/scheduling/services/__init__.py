"""Operations on the diary that touch several records; views call these, never the ORM."""

from clinic.scheduling.services.booking import (
    SlotTaken,
    book_appointment,
    move_appointment,
)
from clinic.scheduling.services.feeds import (
    appointment_ics,
    feed_token_for,
    owner_calendar_feed,
    revoke_feed_tokens,
    rotate_feed_token,
)
from clinic.scheduling.services.queries import (
    appointments_today,
    follow_ups_to_book,
    open_change_requests,
)
from clinic.scheduling.services.status import (
    StatusChangeRefused,
    cancel_appointment,
    change_status,
    mark_change_request_handled,
    offer_undo_to,
    undo_status_change,
)

__all__ = [
    "SlotTaken",
    "StatusChangeRefused",
    "appointment_ics",
    "appointments_today",
    "book_appointment",
    "cancel_appointment",
    "change_status",
    "feed_token_for",
    "follow_ups_to_book",
    "mark_change_request_handled",
    "move_appointment",
    "offer_undo_to",
    "open_change_requests",
    "owner_calendar_feed",
    "revoke_feed_tokens",
    "rotate_feed_token",
    "undo_status_change",
]
