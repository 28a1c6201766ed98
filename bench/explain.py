"""One page's queries under EXPLAIN (ANALYZE, BUFFERS), and a cProfile of it: how the
"Where a budget is missed" section of docs/benchmarks.md was measured.

    python bench/explain.py --size 100000 --role vet --path / [--profile]

Runs against a kept bench database (`make bench BENCH_ARGS=--keep-data` builds them) with
the bench's environment (`bench_env` in bench/run.py); reads nothing but the page's
SELECTs. `--path` may name an id of the info file: `/cases/{case}/`.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def in_bench_env(args):
    """Re-run this script with the bench's environment for the database of `--size`."""
    import run

    env = run.bench_env(run.database_url("postgres", args.size))
    env["BENCH_EXPLAIN_CHILD"] = "1"
    sys.exit(subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env).returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="dogs in the bench database")
    parser.add_argument("--role", default="reception", help="vet, reception, owner, admin")
    parser.add_argument("--path", required=True)
    parser.add_argument("--profile", action="store_true", help="cProfile of 5 requests")
    args = parser.parse_args()
    if not os.environ.get("BENCH_EXPLAIN_CHILD"):
        in_bench_env(args)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    import django

    django.setup()
    import run
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    info = json.loads((run.VAR / f"info-postgres-{args.size}.json").read_text())
    path = args.path.format(**info["ids"])
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = info["sessions"][args.role]
    client.get(path)  # warm: connections, templates, cached rights and settings
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries = list(captured.captured_queries)  # the next request resets the log
    print(f"{path}: {response.status_code}, {len(response.content) / 1024:.0f} KB, "
          f"{len(queries)} queries")
    with connection.cursor() as cursor:
        for query in queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print(f"\n-- {query['time']} s: {query['sql'][:300]}")
            print("\n".join(row[0] for row in cursor.fetchall()))
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(path)
        profile.disable()
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(30)
            print(out.getvalue())


if __name__ == "__main__":
    main()
