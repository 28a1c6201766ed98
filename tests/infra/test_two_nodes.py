"""Two app servers (gunicorn on two ports) on one PostgreSQL, one Redis and one SeaweedFS:
whatever one node does, the other sees. Each node has a disk folder of its own, so nothing
can pass between them except through the shared services.

The test writes committed rows into the test database (the nodes are other processes) and
deletes what it made afterwards, as tests/scheduling/test_concurrency.py does.
"""

import http.cookiejar
import io
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from contextlib import suppress
from pathlib import Path
from uuid import uuid4

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.db.models import Max
from django.forms.models import model_to_dict
from PIL import Image

from cases.models import ClinicalSettings
from clinic.accounts.models import User
from clinic.patients.models import Dog, Owner
from clinic.scheduling.models import Appointment
from tests.factories.accounts import AdministratorFactory, ReceptionistFactory, VetFactory
from tests.factories.patients import DogFactory, photo_upload
from tests.factories.scheduling import (
    AppointmentTypeFactory,
    at,
    ensure_opening_hours,
    next_weekday,
)
from tests.infra import services

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL: two processes share one database"),
]

PASSWORD = "two-nodes-password"
MADE_HERE = [Appointment.history.model, Appointment, Dog.history.model, Dog,
             Owner.history.model, Owner, LogEntry, Session, AccessAttempt, AccessLog,
             AccessFailureLog, User]


@pytest.fixture
def committed_db(committed_test_database, django_db_blocker):
    with django_db_blocker.unblock():
        before = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0
                  for model in MADE_HERE}
        clinical = ClinicalSettings.load()
        try:
            yield
        finally:
            connections.close_all()
            for model in MADE_HERE:  # in this order: deleting writes history rows
                model.objects.filter(pk__gt=before[model]).delete()
            clinical.save()


def staff(factory, **fields):
    """A staff member whose password the nodes can check (they hash with their own list)."""
    user = factory(**fields)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid4().hex, iterations=1000)
    user.save(update_fields=["password"])
    return user


class Browser:
    """One person's browser: its own cookies, sent to whichever node it talks to."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect)

    def request(self, url, data=None, headers=None):
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, url):
        return self.request(url)

    def csrf(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post(self, url, fields, files=None):
        """A form POST as a browser sends it (multipart when there are files); the CSRF token
        comes from the page, which must have been fetched first."""
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        if not files:
            body = urllib.parse.urlencode(fields).encode()
            return self.request(url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                         f"\r\n\r\n{value}\r\n".encode())
        for name, upload in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'filename="{upload.name}"\r\nContent-Type: {upload.content_type}'
                         "\r\n\r\n".encode() + upload.read() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(url, body,
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def log_in(self, node, email, password=PASSWORD):
        self.get(f"{node}/accounts/login/")
        return self.post(f"{node}/accounts/login/", {"username": email, "password": password})


@pytest.fixture
def two_nodes(committed_db, seaweedfs, redis_server, tmp_path):
    """Node A and node B: their base URLs."""
    database = connection.settings_dict
    environment = {
        **{k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "CLINIC_", "DATABASE_URL", "AXES_"))},
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
                        f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
                        f"{database['NAME']}",
        "CLINIC_DB_POOL": "1",
        "CLINIC_CACHE_URL": services.REDIS_URL,
        "CLINIC_CACHE_KEY_PREFIX": services.REDIS_KEY_PREFIX,
        "DJANGO_SECRET_KEY": uuid4().hex * 2,
        "AXES_FAILURE_LIMIT": "3",
        **seaweedfs.environment(location=f"nodes-{tmp_path.name}"),
    }
    nodes, processes = [], []
    try:
        for name in ("a", "b"):
            port = services.free_port()
            var_dir = tmp_path / f"node-{name}"  # each node's own disk, unused by files
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "clinic.wsgi", "-b", f"127.0.0.1:{port}",
                 "-w", "1", "--threads", "4", "--timeout", "60"],
                env={**environment, "CLINIC_VAR_DIR": str(var_dir)}, cwd=settings.BASE_DIR,
                stdout=(tmp_path / f"node-{name}.log").open("wb"), stderr=subprocess.STDOUT,
                start_new_session=True,
            ))
            nodes.append(f"http://127.0.0.1:{port}")
        for node, process in zip(nodes, processes, strict=True):
            def ready(node=node, process=process):
                if process.poll() is not None:
                    raise RuntimeError("gunicorn exited")
                return Browser().get(f"{node}/readyz")[0] == 200
            try:
                services.wait_for(ready, 60, f"gunicorn at {node}")
            except (TimeoutError, RuntimeError):
                logs = "\n".join(p.read_text()[-2000:] for p in tmp_path.glob("node-*.log"))
                pytest.fail(f"a node did not start:\n{logs}")
        yield nodes
    finally:
        for process in processes:
            services.stop(process)
            # A master killed after its timeout leaves its worker and the worker's pooled
            # connections, which keep the test database from being dropped.
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        services.delete_redis_keys()


def test_two_nodes_share_files_bookings_lockouts_and_the_cache(two_nodes, tmp_path):
    a, b = two_nodes
    reception, vet = staff(ReceptionistFactory), staff(VetFactory)
    administrator = staff(AdministratorFactory)
    dog = DogFactory(name="Nodey")
    # Reference data of its own: a browser test before it on this worker may have emptied
    # the tables, and its rows are committed for the nodes to see.
    ensure_opening_hours()
    recheck = AppointmentTypeFactory(name="Recheck", default_minutes=20)
    front_desk = Browser()
    assert front_desk.log_in(a, reception.email)[0] == 302

    # A photo uploaded through node A is served by node B (same session, from the bucket).
    edit = f"/patients/dogs/{dog.pk}/edit/"
    front_desk.get(a + edit)
    status, _ = front_desk.post(a + edit, {
        "name": dog.name, "sex": dog.sex, "breed": dog.breed_id or "",
        "date_of_birth": dog.date_of_birth.isoformat(),
    }, files={"photo": photo_upload("nodey.jpg", size=(640, 480))})
    assert status == 302
    status, body = front_desk.get(f"{b}/patients/dogs/{dog.public_id}/photo/")
    assert status == 200
    assert Image.open(io.BytesIO(body)).size == (640, 480)
    assert not any(Path(tmp_path).rglob("*.jpg"))  # neither node kept it on its disk

    # A booking made on node A is refused on node B as a double booking.
    slot = at(next_weekday(1, weeks_ahead=3), 10, 0)
    booking = {"dog": dog.pk, "appointment_type": recheck.pk, "vet": vet.pk,
               "start": f"{slot:%Y-%m-%dT%H:%M}", "end": "", "reason": "Recheck"}
    front_desk.get(f"{a}/schedule/book/")
    assert front_desk.post(f"{a}/schedule/book/", booking)[0] == 302
    status, page = front_desk.post(f"{b}/schedule/book/", booking)
    assert status == 200
    assert "That slot was just taken" in page.decode()
    assert Appointment.objects.filter(dog=dog).count() == 1

    # A lockout earned on node A holds on node B, even with the right password.
    intruder = Browser()
    for _ in range(3):
        intruder.log_in(a, vet.email, password="wrong-password")
    assert intruder.log_in(b, vet.email)[0] == 429

    # Clinical settings changed on node A (admin) are what node B shows next, at once.
    doctor, admin = Browser(), Browser()
    assert doctor.log_in(b, administrator.email)[0] == 302  # vet is locked out, above
    dashboard = doctor.get(f"{b}/")[1].decode()
    assert "more than 14 days ago" in dashboard  # now cached by node B
    assert admin.log_in(a, administrator.email)[0] == 302
    change = f"{a}/admin/cases/clinicalsettings/{ClinicalSettings.load().pk}/change/"
    admin.get(change)
    # Every setting as it stands (the admin form posts them all), one of them changed.
    current = {name: "" if value is None else str(value)
               for name, value in model_to_dict(ClinicalSettings.load()).items()
               if name != "id"}
    status, _ = admin.post(change, {**current, "pending_result_days": "9", "_save": "Save"})
    assert status == 302
    assert "more than 9 days ago" in doctor.get(f"{b}/")[1].decode()
