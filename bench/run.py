"""`make bench`: build a clinic group per size, time every page in-process, then load
gunicorn with locust. Prints Markdown tables for docs/benchmarks.md.

    make bench                                 # PostgreSQL 1,000 / 10,000 / 100,000 dogs,
                                               # SQLite 10,000
    make bench BENCH_SIZES=1000 BENCH_SQLITE_SIZES=   # a quick run
    python bench/run.py --sizes 100000 --keep-data --skip-load

PostgreSQL databases are `<BENCH_DATABASE_URL>_<N>` (default
postgres://postgres@127.0.0.1:5432/cutiscase_bench), dropped and rebuilt unless --keep-data
finds one already holding N dogs; SQLite files live under var/bench/.
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cutiscase_bench"
RUN = time.strftime("%Y%m%d%H%M%S")


def bench_env(database_url):
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CLINIC_VAR_DIR": str(VAR),
        "DJANGO_LOG_LEVEL": "WARNING",
        # As production runs: the shared cache (sessions, settings, reference lists) in Redis,
        # under a key prefix of this run and database, so nothing cached earlier is read.
        "CLINIC_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/1"),
        "CLINIC_CACHE_KEY_PREFIX": f"bench-{RUN}-{urlsplit(database_url).path.rsplit('/', 1)[-1]}",
    }


def run(args, env, **kwargs):
    return subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True, **kwargs)


def database_url(engine, size):
    if engine == "sqlite":
        return f"sqlite:///{VAR / f'bench-{size}.sqlite3'}"
    parts = urlsplit(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def dogs_in(env):
    """How many dogs the bench database holds (None when it does not exist)."""
    probe = "from clinic.patients.models import Dog; print(Dog.objects.count())"
    result = subprocess.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", probe],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    return int(result.stdout.split()[-1]) if result.returncode == 0 else None


def recreate(url):
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def prepare(env, size, keep):
    VAR.mkdir(parents=True, exist_ok=True)
    run(["manage.py", "collectstatic", "--noinput", "-v0"], env)  # production static files
    if keep and dogs_in(env) == size:
        run(["manage.py", "migrate", "--noinput", "-v0"], env)
        print(f"  reusing the {size}-dog database", flush=True)
        return
    recreate(env["DATABASE_URL"])
    run(["manage.py", "migrate", "--noinput", "-v0"], env)
    print("  generating: ", end="", flush=True)
    run(["bench/generate.py", "--dogs", str(size)], env)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pids):
    """User + system CPU seconds the processes have used (Linux /proc; 0 elsewhere)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0


def children(pid):
    """The gunicorn master's workers."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def load_test(env, info_path, seconds, users):
    """gunicorn with 2 workers on loopback, locust headless for `seconds`: locust's aggregate,
    the workers' own time per request (access log) and their CPU per request, which bounds
    what 2 workers can serve: 2 / CPU per request."""
    port = free_port()
    access_log = VAR / "gunicorn-access.log"
    access_log.unlink(missing_ok=True)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "clinic.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--log-level", "warning", "--access-logfile", str(access_log),
         "--access-logformat", "%(M)s"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        prefix = VAR / "locust"

        def locust(run_seconds):
            subprocess.run(
                [PYTHON, "-m", "locust", "-f", "bench/locustfile.py", "--headless",
                 "--only-summary", "-u", str(users), "-r", str(users), "-t", f"{run_seconds}s",
                 "--stop-timeout", "5", "--host", f"http://127.0.0.1:{port}", "--csv",
                 str(prefix), "--loglevel", "WARNING"],
                cwd=ROOT, env={**env, "BENCH_INFO": str(info_path)}, check=False,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        locust(5)  # warm-up, not counted: workers load the app, templates and connections
        access_log.write_text("")
        workers = children(server.pid)
        cpu_before, started = cpu_seconds(workers), time.perf_counter()
        locust(seconds)
        cpu = cpu_seconds(workers) - cpu_before
        wall = time.perf_counter() - started
        with open(f"{prefix}_stats.csv") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
        served = sorted(int(line.split()[0]) for line in access_log.read_text().splitlines()
                        if line.strip())
        return rows, {"served": served, "cpu": cpu, "wall": wall}
    finally:
        server.terminate()
        server.wait()


def print_pages(title, results):
    print(f"\n### {title}\n")
    print("| page | p50 ms | p95 ms | queries | HTML KB |")
    print("|---|---:|---:|---:|---:|")
    for label, r in results.items():
        print(f"| {label} | {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} | {r['kb']:.0f} |")


def print_growth(small, large, small_label, large_label):
    print(f"\n### Growth {small_label} → {large_label} (p50)\n")
    print("| page | queries | p50 growth |")
    print("|---|---|---:|")
    for label, r in large.items():
        s = small.get(label)
        if s:
            print(f"| {label} | {s['queries']} → {r['queries']} | "
                  f"{r['p50'] / max(s['p50'], 0.01):.2f}× |")


def print_load(title, rows, server):
    print(f"\n### Mixed load, {title}\n")
    print("| requests | req/s | p50 ms | p95 ms | failures | served p50 / p95 ms | "
          "worker CPU ms per request | ceiling req/s |")
    print("|---:|---:|---:|---:|---:|---|---:|---:|")
    total = rows["Aggregated"]
    served = server["served"] or [0]
    per_request = 1000 * server["cpu"] / max(len(server["served"]), 1)
    print(f"| {total['Request Count']} | {float(total['Requests/s']):.0f} | "
          f"{total['50%']} | {total['95%']} | {total['Failure Count']} | "
          f"{served[len(served) // 2]} / {served[max(0, round(len(served) * 0.95) - 1)]} | "
          f"{per_request:.0f} | {2000 / max(per_request, 0.1):.0f} |")
    print(f"\n(Workers used {server['cpu']:.1f} CPU s in {server['wall']:.1f} s; the ceiling is "
          "2 workers / CPU per request, with the cores to themselves.)")
    print("\n| page | requests | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for name, row in rows.items():
        if name != "Aggregated":
            print(f"| {name} | {row['Request Count']} | {row['50%']} | {row['95%']} |")


def main():
    parser = argparse.ArgumentParser(description="CutisCase benchmark (issue 16)")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="dog counts on PostgreSQL, comma-separated ('' for none)")
    parser.add_argument("--sqlite-sizes", default="10000")
    parser.add_argument("--rounds", type=int, default=30, help="in-process rounds per page")
    parser.add_argument("--load-seconds", type=int, default=60)
    # Two per worker keeps both busy; more only queue in front of 2 sync workers (16 users
    # made p95 the queue's length: users / throughput, docs/benchmarks.md).
    parser.add_argument("--load-users", type=int, default=4)
    parser.add_argument("--skip-load", action="store_true", help="no locust run")
    parser.add_argument("--keep-data", action="store_true",
                        help="reuse a bench database that already holds N dogs")
    args = parser.parse_args()

    runs = [("postgres", int(n)) for n in args.sizes.replace(" ", ",").split(",") if n]
    runs += [("sqlite", int(n)) for n in args.sqlite_sizes.replace(" ", ",").split(",") if n]
    measured = {}
    for engine, size in runs:
        label = f"{'PostgreSQL' if engine == 'postgres' else 'SQLite'}, {size:,} dogs"
        print(f"{label}:", flush=True)
        env = bench_env(database_url(engine, size))
        prepare(env, size, args.keep_data)
        info = VAR / f"info-{engine}-{size}.json"
        run(["bench/generate.py", "--dogs", "0", "--info-out", str(info)], env)
        out = VAR / f"pages-{engine}-{size}.json"
        run(["bench/measure.py", "--info", str(info), "--rounds", str(args.rounds),
             "--out", str(out)], env)
        measured[label] = json.loads(out.read_text())
        print_pages(f"{label}, in-process, {args.rounds} interleaved rounds", measured[label])
        if not args.skip_load and engine == "postgres" and size == max(
                n for e, n in runs if e == "postgres"):
            rows, server = load_test(env, info, args.load_seconds, args.load_users)
            print_load(f"{label}, gunicorn 2 workers, locust {args.load_users} users, "
                       f"{args.load_seconds} s", rows, server)
    postgres = [label for label in measured if label.startswith("PostgreSQL")]
    if len(postgres) > 1:
        print_growth(measured[postgres[0]], measured[postgres[-1]], postgres[0], postgres[-1])
    print(f"\n{os.cpu_count()} CPU cores; measured {time.strftime('%Y-%m-%d %H:%M %Z')}")


if __name__ == "__main__":
    main()
