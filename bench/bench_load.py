"""Benchmark: pages under load from a real server, with ratios to the login page (same run).

    .venv/bin/python bench/bench_load.py [--duration 10] [--connections 16] [--workers 2]

Not a test: nothing here asserts a time. What it does:

1. A fresh database: PostgreSQL when DATABASE_URL is set (a database named after it with
   ``_bench_load`` appended, dropped and created, dropped again at the end), else SQLite in a
   temporary directory. The cache: Redis when REDIS_URL is set (its keys under a prefix of
   this run, deleted at the end), else each server worker's local memory.
2. ``migrate``, ``load_corpus --demo-users``, plus one generated 1,600-paragraph draft with two
   issued versions (``bench/redline_inputs.py``'s ``build_omnibus_pair(1600)``, stored with
   ``version_create``); ``collectstatic`` into a temporary STATIC_ROOT.
3. gunicorn with production settings (``--workers 2``, sync workers, no access log: the
   figures are the application's) on a free loopback port; the reviewer logs in over HTTP.
4. Per page: a warm-up (compare pages are computed and cached by then), then ``wrk`` (Debian's
   package; else a Python generator of threads with keep-alive connections) with
   ``--connections`` connections for ``--duration`` seconds, in ``--rounds`` slices that
   alternate with as many slices of the login page (5 of 2 s each by default), so that load
   from elsewhere on a shared machine falls on both sides of a ratio. Printed: requests/s over
   all rounds, the rounds' median p50 and p99, and the ratio of the login page's requests/s to
   the page's (how many times slower): the median of the rounds' ratios.

Pages: the login page (anonymous, the baseline), E/CN.15/2011/L.13 (its latest version has 36
stored paragraphs) and its compare page (the last two issued versions), the 1,600-paragraph
draft and its compare page. Targets: 3x for the first two, 10x for the 1,600-paragraph ones.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SMALL_SYMBOL = "E/CN.15/2011/L.13"
LARGE_SYMBOL = "A/C.3/80/L.1600"
LARGE_SIZE = 1600
PASSWORD = os.environ.get("DEMO_PASSWORD", "negotiate-2026")
TARGETS = {"draft36": 3.0, "compare36": 3.0, "draft1600": 10.0, "compare1600": 10.0}


@dataclass
class Result:
    name: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    ratio: float | None = None  # to the login page: the median of the rounds' ratios


# --- the database, the cache and the data ------------------------------------------------------
def fresh_database(workdir: Path) -> tuple[str, callable]:
    """A DATABASE_URL for a fresh database, and how to drop it at the end."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "negotiation") + "_bench_load"
    admin_url = urlunsplit(parts._replace(path="/postgres"))

    def run(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def clear_redis_prefix(redis_url: str, prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
    return len(keys)


def prepare_data() -> dict:
    """Migrate, load the corpus and demo users, store the 1,600-paragraph draft, collect the
    static files and cache the two redlines. Returns the pages' paths."""
    import django

    django.setup()
    from django.core.management import call_command

    from bench.redline_inputs import build_omnibus_pair
    from negotiation.models import Draft
    from negotiation.services import reference
    from negotiation.services.redlines import redline_compute
    from negotiation.services.versions import draft_create, version_create

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_corpus", "--demo-users", verbosity=0, stdout=open(os.devnull, "w"))
    bodies = reference.bodies_ensure()
    old_text, new_text = build_omnibus_pair(LARGE_SIZE)
    large = draft_create(body=bodies["GA/C.3"], session=80, symbol=LARGE_SYMBOL, title="Omnibus resolution (generated, 1,600 paragraphs)")
    version_create(draft=large, label="L.1600", kind="issued", parsed=old_text, is_issued=True)
    version_create(draft=large, label="L.1600/Rev.1", kind="issued", parsed=new_text, is_issued=True)
    call_command("collectstatic", "--noinput", verbosity=0)
    pages = {}
    for key, symbol in (("36", SMALL_SYMBOL), ("1600", LARGE_SYMBOL)):
        draft = Draft.objects.get(symbol=symbol)
        versions = list(draft.versions.order_by("sequence"))
        old, new = versions[-2], versions[-1]
        redline_compute(old, new)  # in Redis, the server's workers find it; in local memory they compute it once each
        pages[f"draft{key}"] = f"/drafts/{draft.pk}/"
        pages[f"compare{key}"] = f"/drafts/{draft.pk}/compare/?" + urlencode({"old": old.pk, "new": new.pk})
        pages[f"rows{key}"] = new.paragraphs.count()
    print(f"data: corpus, demo users and the {LARGE_SIZE}-paragraph draft loaded in {time.perf_counter() - started:.1f} s; "
          f"{SMALL_SYMBOL} shows {pages['rows36']} stored paragraphs, {LARGE_SYMBOL} {pages['rows1600']}", flush=True)
    from django.db import connections

    connections.close_all()
    return pages


# --- the server ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", "sync", "--timeout", "120", "--error-logfile", "-", "--no-control-socket"]
    log = open(log_path, "w")
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            status, _, body = request(port, "GET", "/health/")
            if status == 404:  # a checkout from before the health endpoint: the login page then
                status, _, body = request(port, "GET", "/accounts/login/")
                body = b"(no /health/ here; the login page answers)"
            if status == 200:
                print(f"server: gunicorn, {workers} workers, http://127.0.0.1:{port}/ ; health: {body.decode()}", flush=True)
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(process)
    raise SystemExit(f"gunicorn did not answer /health/ within 30 s:\n{log_path.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop: the master stops its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def cookies_of(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key.strip()] = rest.split(";", 1)[0]
    return found


def log_in(port: int, username: str) -> str:
    """Log ``username`` in through the login form; the Cookie header of the session."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    csrf = cookies_of(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    status, headers, _ = request(port, "POST", "/accounts/login/", headers={
        "Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"}, body=form)
    session = cookies_of(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"could not log {username} in (HTTP {status})")
    return f"sessionid={session}; csrftoken={csrf}"


# --- the load generators -------------------------------------------------------------------
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    number, unit = found.groups()
    return float(number) * UNITS[unit]


def run_wrk(port: int, path: str, cookie: str, connections: int, duration: float) -> tuple[float, float, float, int, int]:
    command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{duration:g}s", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    if "Latency Distribution" not in output:
        raise SystemExit(f"wrk said:\n{output}")
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))
        p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    except (AttributeError, ValueError) as error:
        raise SystemExit(f"could not read wrk's output ({error}):\n{output}") from error
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    if m := re.search(r"Socket errors: connect (\d+), read \d+, write \d+, timeout (\d+)", output):
        errors += int(m.group(1)) + int(m.group(2))
    return rps, p50, p99, total, errors


def run_python(port: int, path: str, cookie: str, connections: int, duration: float) -> tuple[float, float, float, int, int]:
    """Threads, each with its own keep-alive connection (reopened when the server closes it)."""
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    start = time.perf_counter()
    stop = start + duration

    def worker(k: int) -> None:
        conn = None
        while time.perf_counter() < stop:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[k] += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors[k] += 1
                conn.close()
                conn = None
                continue
            latencies[k].append((time.perf_counter() - began) * 1000)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    every = sorted(x for one in latencies for x in one)
    cuts = statistics.quantiles(every, n=100) if len(every) > 1 else every * 99
    return len(every) / elapsed, cuts[49], cuts[98], len(every), sum(errors)


# --- the run -------------------------------------------------------------------------------
def check_page(port: int, name: str, path: str, cookie: str) -> None:
    """One request, to be sure the page is what is measured (and, for a compare page, that
    the redline is there: not the progress card)."""
    status, _, body = request(port, "GET", path, headers={"Cookie": cookie} if cookie else {})
    marker = {"login": b'name="username"', "draft": b'class="para', "compare": b'id="summary"'}[re.sub(r"\d+$", "", name)]
    if status != 200 or marker not in body:
        raise SystemExit(f"{name} {path}: HTTP {status}, {len(body)} bytes, {marker.decode()} {'found' if marker in body else 'missing'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page (default 10)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load per page before measuring (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--pages", default="draft36,compare36,draft1600,compare1600",
                        help="comma-separated subset of the pages (the login page is measured before each)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="the login page and the page alternate this many times within --duration each; "
                             "the ratio is the median of the rounds' ratios (default 5; 1: one run of each)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary directory")
    args = parser.parse_args()
    generator = args.generator if args.generator != "auto" else ("wrk" if shutil.which("wrk") else "python")
    load = run_wrk if generator == "wrk" else run_python

    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    database_url, drop_database = fresh_database(workdir)
    redis_url = os.environ.get("REDIS_URL", "")
    prefix = f"bench-load-{secrets.token_hex(4)}"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # loopback HTTP, no TLS proxy in front
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_KEY_PREFIX": prefix,
        "LOG_LEVEL": "WARNING",
        # No worker runs here: the redlines are computed before the run, and anything missing
        # is computed in the request rather than queued (so nothing is left in a broker).
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "DEMO_PASSWORD": PASSWORD,
    })
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"bench_load: {engine}, cache {'Redis' if redis_url else 'local memory (per worker)'}, {generator}, "
          f"{args.connections} connections, {args.duration:g} s per page, {os.cpu_count()} cores", flush=True)
    server = None
    try:
        pages = prepare_data()
        port = free_port()
        server = start_server(port, args.workers, workdir / "gunicorn.log")
        cookie = log_in(port, "reviewer")
        plan = [("draft36", pages["draft36"], cookie), ("compare36", pages["compare36"], cookie),
                ("draft1600", pages["draft1600"], cookie), ("compare1600", pages["compare1600"], cookie)]
        wanted = args.pages.split(",")
        login = "/accounts/login/"
        check_page(port, "login", login, "")
        pairs = []
        # Each page is measured right after a run of the login page: its ratio is to that run,
        # so a machine busy with something else for a while moves both sides of a ratio.
        for name, path, page_cookie in [step for step in plan if step[0] in wanted]:
            check_page(port, name, path, page_cookie)
            if args.warmup > 0:  # every worker renders and caches the page (and the redline) first
                load(port, path, page_cookie, args.connections, args.warmup)
                load(port, login, "", args.connections, min(args.warmup, 1.0))
            rounds = []
            for _ in range(max(1, args.rounds)):
                slice_seconds = args.duration / max(1, args.rounds)
                rounds.append((Result("login", login, *load(port, login, "", args.connections, slice_seconds)),
                               Result(name, path, *load(port, path, page_cookie, args.connections, slice_seconds))))
            baseline, page = combined([r[0] for r in rounds], args.duration), combined([r[1] for r in rounds], args.duration)
            page.ratio = statistics.median(b.requests_per_second / p.requests_per_second if p.requests_per_second else float("inf")
                                           for b, p in rounds)
            pairs.append((baseline, page))
            for r in (baseline, page):
                print(f"  {r.name:<12} {r.requests_per_second:>8.1f} req/s  p50 {r.p50_ms:>8.1f} ms  p99 {r.p99_ms:>8.1f} ms  "
                      f"({r.requests} requests, {r.errors} errors)", flush=True)
            if len(rounds) > 1:
                print("               rounds' ratios: " + ", ".join(f"{b.requests_per_second / p.requests_per_second:.2f}x"
                                                            for b, p in rounds if p.requests_per_second), flush=True)
        report(pairs, pages)
    finally:
        if server is not None:
            stop_server(server)
        if redis_url:
            print(f"cache: {clear_redis_prefix(redis_url, prefix)} keys of this run deleted from Redis")
        if not args.keep:
            drop_database()
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept: {database_url}, {workdir}")


def combined(rounds: list[Result], seconds: float) -> Result:
    """Rounds of one page as one result: requests/s over all of them, the median p50 and p99."""
    first = rounds[0]
    requests = sum(r.requests for r in rounds)
    return Result(first.name, first.path, requests / seconds if len(rounds) > 1 else first.requests_per_second,
                  statistics.median(r.p50_ms for r in rounds), statistics.median(r.p99_ms for r in rounds),
                  requests, sum(r.errors for r in rounds))


def report(pairs: list[tuple[Result, Result]], pages: dict) -> None:
    labels = {
        "draft36": f"draft page, {pages['rows36']} paragraphs ({SMALL_SYMBOL})",
        "compare36": "its compare page, cached",
        "draft1600": f"draft page, {pages['rows1600']:,} paragraphs (generated)",
        "compare1600": "its compare page, cached",
    }
    logins = [login for login, _ in pairs]
    middle = sorted(logins, key=lambda r: r.requests_per_second)[len(logins) // 2]
    print()
    print("| page | requests/s | p50 | p99 | ratio to login | target |")
    print("|---|---|---|---|---|---|")
    print(f"| login page (median of {len(logins)} runs, one before each page) | {middle.requests_per_second:,.0f} | "
          f"{middle.p50_ms:.1f} ms | {middle.p99_ms:.1f} ms | 1.00x | |")
    for login, r in pairs:
        ratio = r.ratio if r.ratio is not None else (
            login.requests_per_second / r.requests_per_second if r.requests_per_second else float("inf"))
        target = TARGETS.get(r.name)
        verdict = f"< {target:g}x: {'met' if ratio <= target else 'MISSED'}" if target else ""
        flag = f" ({r.errors} errors)" if r.errors else ""
        print(f"| {labels[r.name]} | {r.requests_per_second:,.0f}{flag} | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms | {ratio:.2f}x | {verdict} |")


if __name__ == "__main__":
    main()
