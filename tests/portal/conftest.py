import pytest

# The URL sweep's kwargs (owner A's records) serve the portal's page walks too.
from tests.security.conftest import url_kwargs  # noqa: F401


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # E-mails are tasks enqueued on commit; in tests the task runs as soon as it is enqueued.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
