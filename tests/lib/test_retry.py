"""The one retry schedule (clinic.lib.retry) that request e-mail and appointment reminders follow:
15 minutes, 1 hour, 4 hours, then given up."""

from datetime import UTC, datetime, timedelta

from clinic.lib import retry

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_a_failed_attempt_is_tried_again_after_15_minutes_1_hour_then_4_hours():
    assert [retry.next_attempt_at(attempt, NOW) - NOW for attempt in (1, 2, 3)] == [
        timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4),
    ]


def test_the_4th_failure_gives_up():
    assert retry.MAX_ATTEMPTS == 4
    assert retry.next_attempt_at(4, NOW) is None
    assert retry.next_attempt_at(5, NOW) is None


def test_a_claimed_attempt_is_held_for_the_wait_that_follows_its_failure():
    assert [retry.lease(attempt) for attempt in (1, 2, 3)] == list(retry.BACKOFF)
    assert retry.lease(4) == retry.BACKOFF[-1]  # the last attempt has no wait after it

