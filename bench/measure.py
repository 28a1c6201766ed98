"""Server time of every benchmarked page, in-process (no network, no gunicorn).

    python bench/measure.py --info var/bench/info-pg-1000.json --rounds 30 --out result.json

Run by bench/run.py with the bench database in DATABASE_URL and DJANGO_DEBUG=0. Each round
requests every page once, in turn (interleaved, so a slow minute of the shared machine
hits all pages alike); p50/p95 are over the rounds. Queries are counted in one extra pass,
after a warm-up pass (as on a running server: cached rights and settings are in place).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pages import pages  # noqa: E402


def client_for(session_key):
    client = Client()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--info", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--only", help="measure only pages whose label contains this")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    info = json.loads(args.info.read_text())
    clients = {role: client_for(key) for role, key in info["sessions"].items()}
    clients[None] = client_for(None)
    measured = [p for p in pages(info["ids"]) if not args.only or args.only in p[0]]

    for _label, role, path in measured:  # warm-up: connections, templates, cached rights
        clients[role].get(path)
    results = {}
    for label, role, path in measured:  # the one pass that counts queries
        with CaptureQueriesContext(connection) as queries:
            response = clients[role].get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        results[label] = {"path": path, "queries": len(queries),
                          "kb": len(response.content) / 1024, "ms": []}
    for _ in range(args.rounds):
        for label, role, path in measured:
            started = time.perf_counter()
            clients[role].get(path)
            results[label]["ms"].append((time.perf_counter() - started) * 1000)
    for result in results.values():
        times = sorted(result.pop("ms"))
        result["p50"] = statistics.median(times)
        result["p95"] = times[max(0, round(len(times) * 0.95) - 1)]
    text = json.dumps(results, indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
