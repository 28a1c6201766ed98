"""The mixed load of a clinic day, for `locust --headless` (started by bench/run.py).

Reception works the calendar, the search and the follow-ups; vets their dashboard and
cases; owners the portal. Weights 4 : 4 : 2 (a front desk and the consulting rooms are
busy all day; owners look in between). Sessions and record ids come from the JSON file
in BENCH_INFO, written by bench/generate.py --info-out.
"""

import json
import os
from pathlib import Path

from locust import FastHttpUser, task

INFO = json.loads(Path(os.environ["BENCH_INFO"]).read_text())
IDS = INFO["ids"]


class Audience(FastHttpUser):
    abstract = True
    role = None

    def on_start(self):
        self.client.cookiejar = None
        self.headers = {"Cookie": f"sessionid={INFO['sessions'][self.role]}"}

    def page(self, path, name):
        self.client.get(path, headers=self.headers, name=name)


class Reception(Audience):
    weight = 4
    role = "reception"

    @task(3)
    def calendar(self):
        self.page("/schedule/", "calendar day")

    @task(3)
    def search(self):
        self.page("/patients/?q=smi", "patient search")

    @task(2)
    def phone_search(self):
        self.page(f"/patients/?q={IDS['phone']}", "patient search (phone)")

    @task(2)
    def booking_search(self):
        self.page("/schedule/book/dogs/?dog_search=smi", "booking dog search")

    @task(1)
    def follow_ups(self):
        self.page("/schedule/follow-ups/", "follow-ups due")


class Vet(Audience):
    weight = 4
    role = "vet"

    @task(2)
    def dashboard(self):
        self.page("/", "staff dashboard")

    @task(3)
    def case(self):
        self.page(f"/cases/{IDS['case']}/", "case page")

    @task(2)
    def dog(self):
        self.page(f"/patients/dogs/{IDS['dog']}/", "dog page")

    @task(1)
    def case_list(self):
        self.page("/cases/", "case list")

    @task(1)
    def progress(self):
        self.page(f"/cases/{IDS['case']}/progress/", "case progress")


class Owner(Audience):
    weight = 2
    role = "owner"

    @task(2)
    def home(self):
        self.page("/portal/", "portal home")

    @task(1)
    def dog(self):
        self.page(f"/portal/dogs/{IDS['portal_dog']}/", "portal dog page")
