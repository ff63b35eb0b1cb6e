"""Claims over HTTP (issue 13), on PostgreSQL: the member API's claim endpoint served by
gunicorn on loopback with the production settings (started here: ``GUNICORN_WORKERS``
processes of ``GUNICORN_THREADS`` threads; the deployment issue's server configuration
replaces this once it lands), loaded by 128 clients in other processes
(``LOAD_PROCESSES`` of threads, each client a kept-alive connection and the member's API
token). The clients are Python: they cost the machine as much for either endpoint, so
the ratio holds while the absolute rates are lower than with a load generator in C.

1. The trivial authenticated endpoint (``GET /api/v1/portal/me/``) for ``TRIVIAL_SECONDS``
   after ``WARM_SECONDS`` of the same unmeasured (every server thread has opened its
   database connection and imported its views): requests per second, p50, p99 — the
   ceiling of the server for a signed-in request.
2. The storm: 50,000 members claim one unit each of a campaign of 10,000 units
   (``POST /api/v1/portal/benefits/campaigns/<id>/claim/`` with ``Idempotency-Key``):
   successful claims per second (from the start to the last success), p50 and p99 of
   every answer, and the ratio of the claims' rate to the trivial endpoint's. Target 0.6.
3. The storm again on a new campaign with PostgreSQL restarted in the middle
   (``pg_ctlcluster … restart``, after ``RESTART_AFTER`` successes): the clients see
   errors and send the same request again (same key) until they get an answer; then the
   invariants: stock = remaining + vouchers, nobody over the limit, every success a
   client was told of has its voucher.

Run: ``BENCH_MAY_RESTART=1 TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench
.venv/bin/python bench/run.py bench_claims_http``.
"""

import http.client
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import claims_data as data
import redis
from django.conf import settings as django_settings
from django.db import connection, connections
from django.utils import timezone
from knox import crypto
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 128
LOAD_PROCESSES = int(os.environ.get("LOAD_PROCESSES", "4"))
GUNICORN_WORKERS = int(os.environ.get("GUNICORN_WORKERS", "8"))
GUNICORN_THREADS = int(os.environ.get("GUNICORN_THREADS", "8"))
TRIVIAL_SECONDS = 20.0
WARM_SECONDS = 5.0
RESTART_AFTER = int(os.environ.get("RESTART_AFTER", "2000"))
TARGET_RATIO = 0.6
RETRY_PAUSE = 0.2
REDIS_URL = "redis://127.0.0.1:6379/3"  # a database of the server's own


@dataclass
class Answer:
    member: int
    status: int
    code: str
    voucher: int | None
    seconds: float
    at: float
    retries: int


# --- tokens and the server ---------------------------------------------------------------


def tokens(world: data.World) -> list[str]:
    """A live API token for every member (knox's digest, written in bulk)."""
    expiry = timezone.now() + knox_settings.TOKEN_TTL
    keys, rows = [], []
    for user in world.users:
        token = crypto.create_token_string()
        keys.append(token)
        rows.append(
            AuthToken(
                token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH],
                digest=crypto.hash_token(token),
                user_id=user.pk,
                expiry=expiry,
            )
        )
    AuthToken.objects.bulk_create(rows, batch_size=5000)
    return keys


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve() -> tuple[subprocess.Popen[bytes], int]:
    settings = connection.settings_dict
    host, port_ = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    url = f"postgres://{settings['USER']}@{host}:{port_}/{settings['NAME']}"
    port = _free_port()
    # the server's cache starts empty: a refusal remembered by an earlier run (the same
    # members, keys and campaign numbers) would answer this run's claims
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "PII_KEY": ",".join(django_settings.PII_KEY),  # the rows were written with these
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no proxy in front
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={GUNICORN_WORKERS}",
        f"--threads={GUNICORN_THREADS}",
        "--worker-class=gthread",
        # a worker accepts kept-alive connections while it has room: without a cap the
        # first to wake takes most of the 128 clients and serves them on one core
        f"--worker-connections={-(-CLIENTS // GUNICORN_WORKERS)}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


# --- the clients -------------------------------------------------------------------------


def _request(
    conn: http.client.HTTPConnection, method: str, path: str, body: Any, headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    raw = response.read()
    try:
        payload = json.loads(raw) if raw else {}
    except ValueError:
        payload = {}
    return response.status, payload


def _claim(
    conn_box: list[Any], port: int, path: str, item: int, key: str, member: int, token: str
) -> Answer:
    body = json.dumps({"item": item})
    headers = {
        "Authorization": f"Token {token}",
        "Idempotency-Key": key,
        "Content-Type": "application/json",
    }
    started, retries = time.time(), 0
    while True:
        try:
            status, payload = _request(conn_box[0], "POST", path, body, headers)
        except (OSError, http.client.HTTPException):
            status, payload = 0, {}
            conn_box[0].close()
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        if status in (200, 201) or status == 400:
            done = time.time()
            code = "ok" if status in (200, 201) else str(payload.get("code", "invalid"))
            voucher = payload.get("id") if status in (200, 201) else None
            return Answer(member, status, code, voucher, done - started, done, retries)
        retries += 1  # a server error or a dropped connection: the same request again
        time.sleep(RETRY_PAUSE)


def _client(
    port: int,
    jobs: list[tuple[int, str]],
    path: str,
    item: int,
    prefix: str,
    start: float,
    out: list[Answer],
) -> None:
    box = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)]
    delay = start - time.time()
    if delay > 0:
        time.sleep(delay)
    for member, token in jobs:
        out.append(_claim(box, port, path, item, f"{prefix}-{member}", member, token))
    box[0].close()


def _load_process(
    port: int,
    shares: list[list[tuple[int, str]]],
    path: str,
    item: int,
    prefix: str,
    start: float,
    queue: Any,
) -> None:
    results: list[list[Answer]] = [[] for _ in shares]
    threads = [
        threading.Thread(target=_client, args=(port, share, path, item, prefix, start, results[n]))
        for n, share in enumerate(shares)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put([answer for rows in results for answer in rows])


def storm(
    port: int, keys: list[str], campaign: int, item: int, prefix: str, restart: bool
) -> list[Answer]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    jobs = list(enumerate(keys))
    shares = [jobs[n::CLIENTS] for n in range(CLIENTS)]
    per = CLIENTS // LOAD_PROCESSES
    path = f"/api/v1/portal/benefits/campaigns/{campaign}/claim/"
    start = time.time() + 1.0
    processes = [
        context.Process(
            target=_load_process,
            args=(port, shares[p * per : (p + 1) * per], path, item, prefix, start, queue),
        )
        for p in range(LOAD_PROCESSES)
    ]
    for process in processes:
        process.start()
    if restart:
        threading.Thread(target=_restart_when, args=(campaign,), daemon=True).start()
    answers = [answer for _ in processes for answer in queue.get()]
    for process in processes:
        process.join()
    return answers


def _restart_when(campaign: int) -> None:
    """Restart PostgreSQL once ``RESTART_AFTER`` vouchers of the campaign exist."""
    import psycopg

    settings = connection.settings_dict
    dsn = (
        f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
        f"user={settings['USER']} dbname={settings['NAME']}"
    )
    with psycopg.connect(dsn, autocommit=True) as watch:
        while True:
            count = watch.execute(
                "SELECT count(*) FROM benefits_voucher WHERE campaign_id = %s", [campaign]
            ).fetchone()
            if count and count[0] >= RESTART_AFTER:
                break
            time.sleep(0.05)
    print(f"  restarting PostgreSQL after {RESTART_AFTER} claims", flush=True)
    data.restart_postgres(reconnect=False)


def _me_client(port: int, token: str, stop: float, out: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}"}
    while time.time() < stop:
        began = time.time()
        status, payload = _request(conn, "GET", "/api/v1/portal/me/", None, headers)
        if status != 200:
            print(f"GET /api/v1/portal/me/ answered {status}: {payload}", flush=True)
            break
        out.append(time.time() - began)
    conn.close()


def _me_process(port: int, tokens_: list[str], start: float, stop: float, queue: Any) -> None:
    results: list[list[float]] = [[] for _ in tokens_]
    threads = [
        threading.Thread(target=_me_client, args=(port, token, stop, results[n]))
        for n, token in enumerate(tokens_)
    ]
    delay = start - time.time()
    if delay > 0:
        time.sleep(delay)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put([seconds for rows in results for seconds in rows])


def trivial(port: int, keys: list[str], seconds: float) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 (ms) of ``GET /api/v1/portal/me/``, by the same
    clients (processes and threads) as the storm."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    per = CLIENTS // LOAD_PROCESSES
    start = time.time() + 1.0
    stop = start + seconds
    processes = [
        context.Process(
            target=_me_process,
            args=(port, keys[p * per : (p + 1) * per], start, stop, queue),
        )
        for p in range(LOAD_PROCESSES)
    ]
    for process in processes:
        process.start()
    latencies = [seconds for _ in processes for seconds in queue.get()]
    for process in processes:
        process.join()
    return len(latencies) / seconds, _percentile(latencies, 50), _percentile(latencies, 99)


def _percentile(values: list[float], p: int) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000


def report(name: str, answers: list[Answer], started: float | None = None) -> float:
    oks = [a for a in answers if a.code == "ok"]
    first = min(a.at - a.seconds for a in answers)
    last_ok = max((a.at for a in oks), default=first)
    rate = len(oks) / (last_ok - first) if oks else 0.0
    codes: dict[str, int] = {}
    for answer in answers:
        codes[answer.code] = codes.get(answer.code, 0) + 1
    seconds = [a.seconds for a in answers]
    print(
        f"{name}: {len(oks)} claims in {last_ok - first:.2f} s = {rate:,.0f}/s; "
        f"p50 {_percentile(seconds, 50):.0f} ms, p99 {_percentile(seconds, 99):.0f} ms; "
        f"answers {dict(sorted(codes.items()))}; retried {sum(a.retries for a in answers)} times"
    )
    return rate


def run() -> None:
    if connection.vendor != "postgresql":
        print("skipped: PostgreSQL only (set TEST_DATABASE_URL)")
        return
    data.ensure_connections(GUNICORN_WORKERS * GUNICORN_THREADS + 40)
    world = data.build()
    keys = tokens(world)
    connections.close_all()
    server, port = serve()
    try:
        trivial(port, keys, WARM_SECONDS)
        rate, p50, p99 = trivial(port, keys, TRIVIAL_SECONDS)
        print(f"trivial GET /api/v1/portal/me/: {rate:,.0f}/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        answers = storm(port, keys, world.campaign.pk, world.item_id, "http", restart=False)
        claims = report("claims over HTTP", answers)
        told = [(a.member, a.voucher) for a in answers if a.code == "ok"]
        data.print_invariants(world, told)
        ratio = claims / rate if rate else 0.0
        verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
        print(f"ratio claims/trivial: {ratio:.2f} ({verdict} the target of {TARGET_RATIO})")
        if not data.may_restart():
            print("the restart storm skipped: it needs BENCH_MAY_RESTART=1 and a local cluster")
            return
        campaign = data.new_campaign(world.system, world.federation, world.fund)
        item = campaign.items.get().pk
        connections.close_all()
        answers = storm(port, keys, campaign.pk, item, "restart", restart=True)
        report("claims with PostgreSQL restarted", answers)
        told = [(a.member, a.voucher) for a in answers if a.code == "ok"]
        connection.close()
        data.print_invariants(world, told, campaign)
    finally:
        server.terminate()
        server.wait(timeout=30)
        sys.stdout.flush()
