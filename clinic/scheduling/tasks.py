"""Background work, through Django's tasks interface (django-tasks backport).

The backend is settings.TASKS (the database queue by default), so a real queue can
replace it without touching callers.
"""

from django_tasks import task

from clinic.scheduling.services.reminders import send_due_reminders


@task()
def send_reminders():
    return send_due_reminders()
