"""E-mail from a request goes out only after its transaction commits, through a task.

A request that fails after "sending" must send nothing, and a slow or broken mail server must
not hold the request (or its database transaction) open: `send_mail_on_commit` enqueues the
`send_email` task from `transaction.on_commit`, so a rolled-back request enqueues nothing and
the message is sent by the task worker (settings.TASKS).

A send the mail server refuses, or that cannot reach it, is tried again later, on the
schedule appointment reminders follow too (clinic.lib.retry: 15 minutes, 1 hour, 4 hours), by
queueing the task again to run then. After the last attempt it is given up: logged as an
error, and that task's result stays "failed" with the error (Task results in the admin).
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from clinic.lib.retry import MAX_ATTEMPTS, next_attempt_at

logger = logging.getLogger(__name__)


@task()
def send_email(subject, body, recipients, attempt=1):
    try:
        send_mail(subject, body, None, recipients)
    except OSError as error:  # smtplib's errors, refused or timed-out connections
        reason = f"{type(error).__name__}: {error}"
        retry_at = next_attempt_at(attempt, timezone.now())
        if retry_at is None:
            logger.error("Gave up the e-mail %r to %s recipient(s) after %s attempts: %s",
                         subject, len(recipients), attempt, reason)
            raise
        # A queue that cannot hold a task until later (the tests' immediate one) retries now.
        retry = (send_email.using(run_after=retry_at)
                 if send_email.get_backend().supports_defer else send_email)
        retry.enqueue(subject, body, recipients, attempt=attempt + 1)
        logger.warning("The e-mail %r failed (attempt %s of %s), will be tried again at %s: %s",
                       subject, attempt, MAX_ATTEMPTS, retry_at, reason)


def send_mail_on_commit(subject, body, recipients):
    recipients = list(recipients)
    transaction.on_commit(lambda: send_email.enqueue(subject, body, recipients))
