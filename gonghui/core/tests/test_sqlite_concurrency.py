"""Concurrent writers on the embedded SQLite default (a file, as ``make run`` uses, with
``SQLITE_OPTIONS`` from the base settings): they wait for each other, so a race gives one
success and one clear refusal, never "database is locked" (a 500)."""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from threading import Barrier
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.settings import base
from gonghui.core.testing import World, build_world
from gonghui.disputes.models import Payment
from gonghui.disputes.services.agreements import payment_record
from gonghui.disputes.tests.access_api import SIGNED_ON, prepare_effective
from gonghui.members.choices import ApplicationStatus
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services.applications import application_approve
from gonghui.members.tests.access_staff import submit

SQLITE = "django.db.backends.sqlite3"


def test_the_embedded_default_waits_for_other_writers() -> None:
    default = base.DATABASES["default"]
    if default["ENGINE"] != SQLITE:
        pytest.skip("DATABASE_URL names another database")

    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert default["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


@pytest.fixture
def file_database(tmp_path: Path, django_db_blocker: Any) -> Iterator[World]:
    """The default connection pointed at a fresh SQLite file with the base settings'
    options, migrated, holding the shared test world; every thread connects to it."""
    if connection.vendor != "sqlite":
        pytest.skip("the embedded SQLite default only")
    with django_db_blocker.unblock():
        original_settings = connections.settings["default"]
        original_wrapper = connections["default"]
        connections.settings["default"] = {
            **original_settings,
            "NAME": str(tmp_path / "race.sqlite3"),
            "OPTIONS": dict(settings.SQLITE_OPTIONS),
        }
        del connections["default"]
        try:
            call_command("migrate", verbosity=0, interactive=False)
            yield build_world()
        finally:
            connections["default"].close()
            connections.settings["default"] = original_settings
            connections["default"] = original_wrapper


def _race(attempt: Callable[[Any], str], arguments: list[Any]) -> list[str]:
    ready = Barrier(len(arguments))

    def run(argument: Any) -> str:
        try:
            ready.wait(timeout=10)
            return attempt(argument)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(run, arguments))


def test_two_staff_approving_the_same_application_at_once_make_one_membership(
    file_database: World,
) -> None:
    world = file_database
    application = submit(world)

    def approve(reviewer: Any) -> str:
        try:
            application_approve(actor=reviewer, application=application)
            return "approved"
        except ValidationError as exc:
            return str(exc.message_dict["status"][0])

    results = _race(approve, [world.user("union_a_staff"), world.user("station_a_staff")])

    assert sorted(results) == ["approved", "申请当前状态为“已批准”，不能办理此操作"]
    assert Membership.objects.count() == 1
    assert JoinApplication.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED


def test_a_double_submitted_approval_form_approves_once_and_refuses_once(
    file_database: World,
) -> None:
    world = file_database
    application = submit(world)
    url = reverse("members:application_approve", args=[application.pk])
    clients = [Client(raise_request_exception=False) for _ in range(2)]
    for client in clients:
        client.force_login(world.user("union_a_staff"))
    form = {"started_on": timezone.localdate().isoformat()}

    answers = _race(lambda client: str(client.post(url, form).status_code), clients)

    assert sorted(answers) == ["200", "302"]
    assert Membership.objects.count() == 1


def test_two_payments_racing_for_the_last_of_the_agreed_amount_record_one(
    file_database: World,
) -> None:
    world = file_database
    prepare_effective(world)
    agreement = world.extra["agreement"]

    def pay(actor: Any) -> str:
        try:
            payment_record(
                actor=actor, case=agreement.case, paid_on=SIGNED_ON, amount=agreement.amount
            )
            return "paid"
        except ValidationError as exc:
            return str(exc.message_dict["amount"][0])

    results = _race(pay, [world.system, world.system])

    assert sorted(results) == ["paid", "累计履行金额不能超过协议金额（尚余 0.00 元）"]
    assert Payment.objects.filter(agreement=agreement).count() == 1
    assert Payment.objects.get().amount == Decimal(agreement.amount)
