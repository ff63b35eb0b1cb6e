"""Claims at flash-sale scale on PostgreSQL (issue 13): a campaign with 10,000 units of
stock and 50,000 distinct eligible members, all claiming at once.

1. In-process. 128 workers (``PROCESSES`` forked processes of ``THREADS`` threads, each
   thread with its own database connection) share the 50,000 members and send their
   claims as fast as they can, after a common start:
   - the baseline, measured first in the same run: the single-hot-row limit, the bare
     ``UPDATE stock SET n = n - 1 WHERE id = 1 AND n > 0`` plus the claim's insert, in one
     transaction per claim, on tables of their own;
   - the naive read-then-write version (read the stock, write it back less one, insert
     the claim), and how much it oversells;
   - the claim service (``benefits.services.claims.voucher_claim``: the checks, the
     voucher, the audit entry, one unit from one of the item's stock rows).
   A rate is successful claims per second from the start to the last success (after the
   stock is gone the rest are refusals, counted apart). Target: the service at 3x the
   baseline or more.
2. Over HTTP, and 3. with PostgreSQL restarted in the middle of the storm:
   ``bench_claims_http.py``.

After every run the invariants are checked and printed: stock = remaining + vouchers,
nobody over the limit, every success a worker was told of has its voucher.

Run: ``TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench
.venv/bin/python bench/run.py bench_claims`` (PostgreSQL only; it needs
``max_connections`` of 168 or more: with ``BENCH_MAY_RESTART=1``, which ``make bench``
sets, it raises it to 300 and restarts the local cluster). ``BENCH_MEMBERS``,
``BENCH_STOCK``, ``BENCH_WORKERS`` and ``BENCH_PROCESSES`` change the scale for tuning.
"""

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import claims_data as data
from django.db import connection, connections

from gonghui.benefits.choices import Channel
from gonghui.benefits.services.claims import voucher_claim
from gonghui.benefits.services.refusals import Refusal

WORKERS = int(os.environ.get("BENCH_WORKERS", "128"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "8"))
THREADS = WORKERS // PROCESSES
TARGET_RATIO = 3.0

Attempt = Callable[[int], tuple[str, Any]]  # a member's index -> (outcome, voucher id)


@dataclass
class Run:
    name: str
    seconds_to_last_success: float
    seconds: float
    outcomes: dict[str, int]
    told: list[tuple[int, Any]]  # (member index, voucher id) of every success

    @property
    def successes(self) -> int:
        return self.outcomes.get("ok", 0)

    @property
    def rate(self) -> float:
        return self.successes / self.seconds_to_last_success if self.successes else 0.0

    def line(self) -> str:
        others = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()) if k != "ok")
        return (
            f"{self.name}: {self.successes} claims in {self.seconds_to_last_success:.2f} s = "
            f"{self.rate:,.0f}/s; all {sum(self.outcomes.values())} requests in "
            f"{self.seconds:.2f} s ({others})"
        )


def _thread_work(attempt: Attempt, members: list[int], start: float, out: list[Any]) -> None:
    delay = start - time.time()
    if delay > 0:
        time.sleep(delay)
    try:
        for member in members:
            outcome, pk = attempt(member)
            out.append((time.time(), outcome, member, pk))
    finally:
        connection.close()


def _process_work(attempt: Attempt, shares: list[list[int]], start: float, queue: Any) -> None:
    results: list[list[Any]] = [[] for _ in shares]
    threads = [
        threading.Thread(target=_thread_work, args=(attempt, share, start, results[n]))
        for n, share in enumerate(shares)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put([row for rows in results for row in rows])


def storm(name: str, attempt: Attempt, members: int) -> Run:
    """Every member's attempt once, over ``WORKERS`` workers started together."""
    connections.close_all()  # the children open their own
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    shares = [list(range(worker, members, WORKERS)) for worker in range(WORKERS)]
    start = time.time() + 1.0 + PROCESSES * 0.05  # after every process has forked
    processes = [
        context.Process(
            target=_process_work,
            args=(attempt, shares[p * THREADS : (p + 1) * THREADS], start, queue),
        )
        for p in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    rows = [row for _ in processes for row in queue.get()]
    for process in processes:
        process.join()
    outcomes: dict[str, int] = {}
    for _at, outcome, _member, _pk in rows:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    last_ok = max((at for at, outcome, _m, _pk in rows if outcome == "ok"), default=start)
    return Run(
        name=name,
        seconds_to_last_success=last_ok - start,
        seconds=max(at for at, *_rest in rows) - start,
        outcomes=outcomes,
        told=[(member, pk) for _at, outcome, member, pk in rows if outcome == "ok"],
    )


# --- the three ways to claim ---------------------------------------------------------------


def _raw() -> Any:
    """The thread's own psycopg connection, without Django's wrapper: the baselines are
    the bare statements."""
    connection.ensure_connection()
    return connection.connection


def hot_row(member: int) -> tuple[str, Any]:
    raw = _raw()
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute(
            "UPDATE bench_hot_stock SET n = n - 1 WHERE id = 1 AND n > 0 RETURNING id",
            prepare=True,
        )
        if cursor.fetchone() is None:
            return "sold_out", None
        cursor.execute(
            "INSERT INTO bench_hot_claim (member, item, at) VALUES (%s, 1, now()) RETURNING id",
            [member],
            prepare=True,
        )
        return "ok", cursor.fetchone()[0]


def naive(member: int) -> tuple[str, Any]:
    raw = _raw()
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute("SELECT n FROM bench_naive_stock WHERE id = 1", prepare=True)
        left = cursor.fetchone()[0]
        if left <= 0:
            return "sold_out", None
        cursor.execute("UPDATE bench_naive_stock SET n = %s WHERE id = 1", [left - 1], prepare=True)
        cursor.execute(
            "INSERT INTO bench_naive_claim (member, item, at) VALUES (%s, 1, now()) RETURNING id",
            [member],
            prepare=True,
        )
        return "ok", cursor.fetchone()[0]


def service(world: data.World) -> Attempt:
    def attempt(member: int) -> tuple[str, Any]:
        try:
            claimed = voucher_claim(
                actor=world.users[member],
                campaign=world.campaign,
                item_id=world.item_id,
                idempotency_key=f"bench-{member}",
                channel=Channel.API,
            )
        except Refusal as refusal:
            return refusal.refusal[0], None
        return "ok", claimed.voucher.pk

    return attempt


def _tables(stock: int) -> None:
    with connection.cursor() as cursor:
        for kind, check in (("hot", "CHECK (n >= 0)"), ("naive", "")):
            cursor.execute(
                f"DROP TABLE IF EXISTS bench_{kind}_stock, bench_{kind}_claim;"
                f"CREATE TABLE bench_{kind}_stock (id int PRIMARY KEY, n int {check});"
                f"CREATE TABLE bench_{kind}_claim (id bigserial PRIMARY KEY, member int, "
                "item int, at timestamptz);"
                f"INSERT INTO bench_{kind}_stock VALUES (1, {stock})"
            )


def _claimed(kind: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM bench_{kind}_claim")  # noqa: S608
        return int(cursor.fetchone()[0])


def run() -> None:
    if connection.vendor != "postgresql":
        print("skipped: PostgreSQL only (set TEST_DATABASE_URL)")
        return
    data.ensure_connections(WORKERS + 40)
    world = data.build()
    print(
        f"{data.MEMBERS:,} members, stock {data.STOCK:,}, {WORKERS} workers "
        f"({PROCESSES} processes x {THREADS} threads)"
    )
    _tables(data.STOCK)
    baseline = storm("baseline, one hot row", hot_row, data.MEMBERS)
    print(baseline.line())
    print(f"  invariant: claims {_claimed('hot')} <= stock {data.STOCK}")
    bad = storm("naive read-then-write", naive, data.MEMBERS)
    print(bad.line())
    print(f"  naive oversold {_claimed('naive') - data.STOCK} units (claims - stock)")
    claims = storm("claim service", service(world), data.MEMBERS)
    print(claims.line())
    data.print_invariants(world, claims.told)
    ratio = claims.rate / baseline.rate if baseline.rate else 0.0
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio service/baseline: {ratio:.2f} ({verdict} the target of {TARGET_RATIO:.0f}x)")
