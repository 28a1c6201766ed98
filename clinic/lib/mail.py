"""E-mail from a request goes out only after its transaction commits, through a task.

A request that fails after "sending" must send nothing, and a slow or broken mail server must
not hold the request (or its database transaction) open: `send_mail_on_commit` enqueues the
`send_email` task from `transaction.on_commit`, so a rolled-back request enqueues nothing and
the message is sent by the task worker (settings.TASKS).
"""

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


@task()
def send_email(subject, body, recipients):
    send_mail(subject, body, None, recipients)


def send_mail_on_commit(subject, body, recipients):
    recipients = list(recipients)
    transaction.on_commit(lambda: send_email.enqueue(subject, body, recipients))
