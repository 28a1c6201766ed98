"""E-mail queued by requests (clinic.lib.mail): a failed send is retried with back-off, then
given up visibly."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus

from clinic.lib.mail import send_email, send_mail_on_commit
from clinic.lib.retry import BACKOFF, MAX_ATTEMPTS

ATTEMPTS = []


class DownMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        ATTEMPTS.append(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    ATTEMPTS.clear()
    settings.EMAIL_BACKEND = f"{__name__}.DownMailServer"


@pytest.fixture
def queue_later(settings):
    """A queue that holds tasks (as the database queue does) so the test looks at them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend


def test_a_failed_send_is_queued_again_after_the_back_off(mail_server_down, queue_later, caplog):
    before = timezone.now()
    send_email.call("Your invitation", "Hello", ["alice@example.org"])
    (retry,) = queue_later.results
    assert retry.kwargs == {"attempt": 2}
    assert retry.args == ["Your invitation", "Hello", ["alice@example.org"]]
    assert before + BACKOFF[0] <= retry.task.run_after <= timezone.now() + BACKOFF[0]
    assert "failed (attempt 1 of 4)" in caplog.text

    queue_later.clear()
    send_email.call("Your invitation", "Hello", ["alice@example.org"], attempt=3)
    (retry,) = queue_later.results
    assert retry.kwargs == {"attempt": 4}
    assert retry.task.run_after >= before + BACKOFF[2]


def test_the_last_failure_is_given_up_with_an_error_and_a_failed_result(
    mail_server_down, queue_later, caplog
):
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_email.call("Your invitation", "Hello", ["alice@example.org"], attempt=MAX_ATTEMPTS)
    assert queue_later.results == []
    assert "Gave up the e-mail 'Your invitation' to 1 recipient(s) after 4 attempts" in caplog.text
    assert caplog.records[-1].levelname == "ERROR"


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_given_up_send_stays_a_failed_task_result(
    mail_server_down, settings
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_email.enqueue("Subject", "Body", ["bob@example.org"], attempt=MAX_ATTEMPTS)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    (result,) = DBTaskResult.objects.all()
    assert result.status == TaskResultStatus.FAILED
    assert "SMTPServerDisconnected" in result.exception_class_path
    assert len(ATTEMPTS) == 1


def test_on_an_immediate_queue_it_tries_every_attempt_at_once(mail_server_down, settings, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    send_email.enqueue("Subject", "Body", ["bob@example.org"])
    assert len(ATTEMPTS) == MAX_ATTEMPTS == 4
    assert "Gave up the e-mail 'Subject'" in caplog.text


def test_a_send_that_works_goes_once(settings, django_capture_on_commit_callbacks, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send_mail_on_commit("Subject", "Body", ["bob@example.org"])
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]


def test_a_programming_error_is_not_retried(settings, queue_later):
    settings.EMAIL_BACKEND = "no.such.Backend"
    with pytest.raises(ImportError):
        send_email.call("Subject", "Body", ["bob@example.org"])
    assert queue_later.results == []
