"""The one retry schedule for sends to an outside service (mail server, text-message gateway).

A send that fails is tried again after 15 minutes, then 1 hour, then 4 hours; the 4th failure
gives up. E-mail queued by requests (clinic.lib.mail) and appointment reminders
(clinic.scheduling.services.reminders) both follow it, so reception can tell an owner one rule.
Attempts are counted from 1.
"""

from datetime import timedelta

# Wait before the 2nd, 3rd and 4th attempt.
BACKOFF = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4))
MAX_ATTEMPTS = len(BACKOFF) + 1


def next_attempt_at(failed_attempt, now):
    """When to try again after attempt number `failed_attempt` failed at `now`; None when that
    was the last attempt and the send is given up."""
    if failed_attempt >= MAX_ATTEMPTS:
        return None
    return now + BACKOFF[failed_attempt - 1]


def lease(attempt):
    """How long a sender holds attempt number `attempt` before another may take it: the wait
    that follows if it fails (the last wait for the last attempt), so a sender that dies
    mid-send leaves the send to be tried again on schedule."""
    return BACKOFF[min(attempt, MAX_ATTEMPTS - 1) - 1]
