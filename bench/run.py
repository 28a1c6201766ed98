"""Benchmark: build a large clinic, serve it with gunicorn in production mode, and measure
pages under concurrent load. Prints a Markdown table for docs/benchmarks.md.

    make bench                        # SQLite under var/bench/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cutiscase_bench make bench

Options: --owners N (data size), --concurrency C, --seconds S per page, --workers W.
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765


def bench_env(database_url):
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CLINIC_VAR_DIR": str(ROOT / "var" / "bench"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def run(args, env):
    subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True)


def recreate_postgres_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        database = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(database))


def prepare(env, owners, fresh):
    """A new database with `owners` generated owners, or (not fresh) the last one as it is."""
    if fresh:
        if env["DATABASE_URL"].startswith("sqlite"):
            shutil.rmtree(ROOT / "var" / "bench", ignore_errors=True)
        else:
            recreate_postgres_database(env["DATABASE_URL"])
    run(["manage.py", "migrate", "--noinput", "-v0"], env)
    run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    if fresh:
        run(["bench/generate.py", "--owners", str(owners)], env)


def bench_info(env):
    """Sessions of the bench logins and ids of the records whose pages are measured."""
    path = ROOT / "var" / "bench-info.json"
    run(["bench/generate.py", "--owners", "0", "--info-out", str(path)], env)
    return json.loads(path.read_text())


def pages(ids):
    """(label, role, path) of the pages to measure."""
    return [
        ("health check", None, "/healthz"),
        ("login page", None, "/accounts/login/"),
        ("staff dashboard", "vet", "/"),
        ("patient list", "reception", "/patients/"),
        ("patient search", "reception", "/patients/?q=smi"),
        ("dog page", "vet", f"/patients/dogs/{ids['dog']}/"),
        ("case list", "vet", "/cases/"),
        ("case page (most exams)", "vet", f"/cases/{ids['case']}/"),
        ("case progress", "vet", f"/cases/{ids['case']}/progress/"),
        ("calendar day", "reception", "/schedule/"),
        ("follow-ups due", "reception", "/schedule/follow-ups/"),
        ("owner portal home", "owner", "/portal/"),
    ]


def measure(path, cookie, concurrency, seconds):
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        while time.monotonic() < deadline:
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                if response.status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(response.status)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{path}: {len(errors)} non-200 answers, e.g. {errors[:3]}")
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description="CutisCase page benchmark")
    parser.add_argument("--owners", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument("--keep-data", action="store_true", help="reuse the last bench data")
    args = parser.parse_args()

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
    )
    env = bench_env(database_url)
    prepare(env, args.owners, fresh=not args.keep_data)
    info = bench_info(env)
    cookies = info["sessions"]
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "clinic.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(50):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        print(f"\n{engine}, {args.owners} owners, {args.workers} gunicorn workers, "
              f"{args.concurrency} concurrent clients, {args.seconds:g} s per page, "
              f"{os.cpu_count()} CPU cores\n")
        print("| page | requests | req/s | p50 ms | p95 ms |")
        print("|---|---:|---:|---:|---:|")
        for label, role, path in pages(info["ids"]):
            measure(path, cookies.get(role), args.concurrency, 0.5)  # warm every worker up
            result = measure(path, cookies.get(role), args.concurrency, args.seconds)
            print(f"| {label} (`{path}`) | {result['requests']} | {result['rps']:.0f} | "
                  f"{result['p50']:.1f} | {result['p95']:.1f} |", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
