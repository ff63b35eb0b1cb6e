"""Two feeds importing the same new ticket at once, on PostgreSQL (SQLite serialises
writers, so this skips there): the import's row lock serialises them, so the ticket is
created once and the second import finds it (unchanged), never a duplicate or a 500."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from gonghui.core.testing import build_world
from gonghui.hotline.models import Ticket
from gonghui.hotline.services.imports import json_rows, ticket_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROW = {
    "number": "RACE-1",
    "source": "12345",
    "received_at": "2026-11-02T09:00:00+08:00",
    "request": "反映拖欠工资",
    "category": "wages",
}


def test_two_imports_of_one_new_number_create_one_ticket() -> None:
    world = build_world()
    ready = Barrier(2)

    def run(_n: int) -> tuple[list[str], list[str]]:
        try:
            ready.wait(timeout=10)
            result = ticket_import(
                actor=world.system, organization=world.federation, rows=json_rows([ROW])
            )
            return result.created, result.unchanged
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, range(2)))

    assert sorted(results) == [([], ["RACE-1"]), (["RACE-1"], [])]
    assert Ticket.objects.filter(number="RACE-1").count() == 1
