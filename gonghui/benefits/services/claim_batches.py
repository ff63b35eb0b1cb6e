"""The writes of claims on PostgreSQL, coalesced: the claims that reach the same process at
the same moment are written together, by one statement per stock row, each atomic by
itself (PostgreSQL's group commit, done one level up).

A thread that has checked its claim (``claims.voucher_claim``) hands the write over as a
``Ticket``. If no other thread of the process is writing, it writes the tickets waiting
then, up to ``BATCH_MAX``, its own among them, and hands the writing on to the first
ticket still waiting; otherwise it waits for its ticket to be written. A thread inside a
transaction of its own writes its ticket alone, in that transaction (a savepoint), since
another thread's statement would commit it apart from the rest.

One statement (``_BATCH``, its text the same for any number of tickets: prepared and
planned once per connection; the tickets' rows travel as one JSON parameter), for the
tickets of one item:
- ``pick`` locks one of the item's stock rows with stock that no other statement holds
  (``FOR UPDATE SKIP LOCKED``, in a random order); failing that, it waits for one such
  row, chosen without locking first (one row: two statements never wait for each other);
- ``voucher`` inserts the vouchers of as many tickets as the row has units, skipping a
  ticket that breaks a unique constraint (the member's turn taken by a racing request,
  its idempotency key used by one): that ticket's thread looks again (``CONFLICT``);
- ``taken`` takes from the row exactly the vouchers inserted, ``entry`` writes each one's
  audit entry.
Tickets beyond the row's units go on to another row; when no row has stock they are sold
out. The database's constraints hold whatever this code does: ``remaining >= 0``, one
voucher per member and turn within the limit, one per idempotency key.

A ticket's thread is told only after the statement that wrote its voucher has committed;
if the database fails meanwhile (a restart), every ticket of the statement gets the error.
"""

import functools
import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import psycopg
from django.db import DatabaseError, connection, transaction
from psycopg.types.json import Jsonb

from gonghui.benefits.models import StockShard, Voucher
from gonghui.core.models import AuditEntry

BATCH_MAX = 64
# a ticket whose writer stopped before learning the outcome: the claim may have been
# written; the same request again (same key) gets its voucher or claims it
UNKNOWN = "the claim's write was interrupted; send it again with the same idempotency key"
OK, SOLD_OUT, CONFLICT = "ok", "sold_out", "conflict"

_FREE_ROW = """
    SELECT id, remaining FROM benefits_stockshard
    WHERE item_id = %s AND remaining > 0
    ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED
"""
_ANY_ROW = """
    SELECT id, remaining FROM benefits_stockshard
    WHERE id = (
        SELECT id FROM benefits_stockshard WHERE item_id = %s AND remaining > 0
        ORDER BY random() LIMIT 1
    ) AND remaining > 0
    FOR UPDATE
"""
_BATCH = """
WITH pick AS ({pick}),
request AS (
    SELECT * FROM jsonb_to_recordset(%s::jsonb) AS request (n integer, {voucher_types})
),
voucher AS (
    INSERT INTO benefits_voucher ({voucher_columns})
    SELECT {voucher_columns} FROM request, pick WHERE request.n <= pick.remaining
    ORDER BY request.n
    ON CONFLICT DO NOTHING
    RETURNING id, code
),
taken AS (
    UPDATE benefits_stockshard AS shard
    SET remaining = shard.remaining - (SELECT count(*) FROM voucher)
    FROM pick WHERE shard.id = pick.id
    RETURNING shard.id
),
entry_request AS (
    SELECT * FROM jsonb_to_recordset(%s::jsonb) AS entry_request (code text, {entry_types})
),
entry AS (
    INSERT INTO core_auditentry ({entry_columns}, object_id)
    SELECT {entry_columns}, voucher.id::text
    FROM entry_request JOIN voucher ON voucher.code = entry_request.code
    RETURNING id
)
SELECT pick.remaining, voucher.id, voucher.code, (SELECT count(*) FROM taken),
    (SELECT count(*) FROM entry)
FROM pick LEFT JOIN voucher ON true
"""


@dataclass
class Ticket:
    """One claim's write: its voucher and audit entry (unsaved), and what became of it."""

    voucher: Voucher
    entry: AuditEntry
    outcome: str = ""
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    leads: bool = False


# columns a claim leaves empty: not sent
SKIPPED: dict[Any, tuple[str, ...]] = {
    Voucher: ("redeemed_at", "redeemed_by", "closed_at"),
    AuditEntry: ("object_id",),  # the voucher's id, known only once it is inserted
}


@dataclass(frozen=True)
class Layout:
    """The columns of a model a batch carries: each ticket's row travels as a JSON object
    keyed by column (one ``jsonb`` parameter for the batch, turned into typed rows by
    ``jsonb_to_recordset``). The statement's text is the same whatever the number of
    tickets, so each connection prepares and plans it once; building the JSON costs less
    than adapting a parameter per column and row."""

    fields: list[Any]
    columns: str
    types: str


@functools.cache
def _layout(model: Any) -> Layout:
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in SKIPPED.get(model, ())
    ]
    quoted = [connection.ops.quote_name(f.column) for f in fields]
    types = [f"{q} {f.db_type(connection)}" for q, f in zip(quoted, fields, strict=True)]
    return Layout(fields, ", ".join(quoted), ", ".join(types))


@functools.cache
def _text(pick: str) -> str:
    vouchers, entries = _layout(Voucher), _layout(AuditEntry)
    return _BATCH.format(
        pick=pick,
        voucher_columns=vouchers.columns,
        voucher_types=vouchers.types,
        entry_columns=entries.columns,
        entry_types=entries.types,
    )


def _json_value(value: Any) -> Any:
    """What ``json`` does not write itself: times and dates (ISO 8601), amounts (text,
    exactly), as PostgreSQL reads them into the column's type."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not written to a claim's batch")


def _rows(objects: list[Any], layout: Layout, first: str, firsts: list[Any]) -> Jsonb:
    """The rows of ``objects`` (their values as saving them would give), ``first`` the
    extra key (the ticket's rank or its voucher's code)."""
    rows = []
    for obj, extra in zip(objects, firsts, strict=True):
        row = {f.column: f.pre_save(obj, True) for f in layout.fields}
        row[first] = extra
        rows.append(row)
    return Jsonb(rows, dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_value, ensure_ascii=False)


def _statement(tickets: list[Ticket], pick: str) -> tuple[str, list[Any]]:
    vouchers, entries = _layout(Voucher), _layout(AuditEntry)
    params: list[Any] = [tickets[0].voucher.item_id]
    ranks = list(range(1, len(tickets) + 1))
    params.append(_rows([t.voucher for t in tickets], vouchers, "n", ranks))
    params.append(
        _rows([t.entry for t in tickets], entries, "code", [t.voucher.code for t in tickets])
    )
    return _text(pick), params


def _execute(statement: str, params: list[Any]) -> list[Any]:
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(statement, params, prepare=True)
        return list(cursor.fetchall())


def _write_round(tickets: list[Ticket]) -> list[Ticket]:
    """Write what one stock row of the item allows; returns the tickets left over."""
    connection.ensure_connection()
    rows = _execute(*_statement(tickets, _FREE_ROW))
    while not rows:
        left = StockShard.objects.filter(item_id=tickets[0].voucher.item_id, remaining__gt=0)
        if not left.exists():
            for ticket in tickets:
                ticket.outcome = SOLD_OUT
            return []
        rows = _execute(*_statement(tickets, _ANY_ROW))
    units = rows[0][0]
    written = {code: pk for _units, pk, code, _taken, _entries in rows if pk is not None}
    for ticket in tickets[:units]:
        pk = written.get(ticket.voucher.code)
        if pk is None:
            ticket.outcome = CONFLICT
        else:
            ticket.voucher.pk = pk
            ticket.voucher._state.adding = False
            ticket.outcome = OK
    return tickets[units:]


def write(tickets: list[Ticket]) -> None:
    """Write ``tickets`` (of any items) on this thread's connection: each one gets its
    outcome, or the error of the database when it fails (then raised). Within an item the
    tickets go in one order, the same in every process (person, then key), so two
    statements inserting the same two members' turns never wait for each other in a
    cycle."""
    by_item: dict[int, list[Ticket]] = defaultdict(list)
    ordered = sorted(tickets, key=lambda t: (t.voucher.person_id, t.voucher.idempotency_key))
    for ticket in ordered:
        by_item[ticket.voucher.item_id].append(ticket)
    failure: Exception | None = None
    for group in by_item.values():
        left = group
        try:
            while left:
                left = _write_round(left)
        except Exception as exc:  # noqa: BLE001 - handed to each ticket's thread
            failure = failure or exc
            for ticket in left:
                ticket.error = exc
    if failure is not None:
        raise failure


class Coalescer:
    """The tickets of one process waiting to be written, and who writes them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[Ticket] = []
        self._writing = False

    def submit(self, ticket: Ticket) -> None:
        """Return once ``ticket`` is written (its outcome set), or raise its error."""
        if connection.in_atomic_block:
            with transaction.atomic():
                write([ticket])
            return
        with self._lock:
            self._waiting.append(ticket)
            leads = not self._writing
            self._writing = True
        if not leads:
            ticket.done.wait()
        if leads or ticket.leads:
            self._lead()
        if ticket.error is not None:
            raise DatabaseError(str(ticket.error)) from ticket.error
        if not ticket.outcome:
            raise DatabaseError(UNKNOWN)

    def _lead(self) -> None:
        with self._lock:
            batch, self._waiting = self._waiting[:BATCH_MAX], self._waiting[BATCH_MAX:]
        try:
            write(batch)
        except Exception:  # noqa: BLE001,S110 - each ticket carries the error to its thread
            pass
        finally:
            with self._lock:
                successor = self._waiting[0] if self._waiting else None
                self._writing = successor is not None
            for ticket in batch:
                if not ticket.outcome and ticket.error is None:
                    ticket.error = DatabaseError(UNKNOWN)  # the writer was interrupted
                ticket.done.set()
            if successor is not None:
                successor.leads = True
                successor.done.set()


COALESCER = Coalescer()
