"""Concurrent writers, on PostgreSQL (SQLite serialises writers, so these skip there)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core.numbering import next_values
from gonghui.core.testing import build_world
from gonghui.organizations import services
from gonghui.organizations.models import Organization

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(fn):  # type: ignore[no-untyped-def]
    def run(*args):  # type: ignore[no-untyped-def]
        try:
            return fn(*args)
        finally:
            connection.close()

    return run


def test_parallel_number_allocation_never_repeats_a_number() -> None:
    allocate = _in_thread(lambda _: list(next_values("test-seq", 5)))
    with ThreadPoolExecutor(max_workers=8) as pool:
        chunks = list(pool.map(allocate, range(40)))
    numbers = [n for chunk in chunks for n in chunk]
    assert sorted(numbers) == list(range(1, 201))


def test_two_staff_founding_the_same_name_at_once_gets_one_union() -> None:
    world = build_world()

    def found(_: int) -> str:
        try:
            services.union_found(
                actor=world.system,
                parent=world.station_a,
                name="同名工会",
                union_kind="standalone",
                founded_on=date(2022, 1, 1),
            )
            return "ok"
        except ValidationError as exc:
            return exc.message_dict["name"][0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_in_thread(found), range(4)))
    assert results.count("ok") == 1
    assert Organization.objects.filter(name="同名工会").count() == 1
