"""Concurrent writers on a mediation case, on PostgreSQL (SQLite serialises writers, so
these skip there)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import Actor
from gonghui.core.testing import build_world, make_user
from gonghui.disputes.choices import CaseStatus, Outcome
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.cases import case_close
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.tests.access_api import SIGNED_ON, prepare_mediating

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_mediators_closing_the_same_case_at_once_close_it_once() -> None:
    world = build_world()
    prepare_mediating(world)
    case = world.extra["case"]
    mediators = [make_user(f"mediator_{n}", Role.MEDIATOR, world.union_a) for n in (1, 2)]
    for mediator in mediators:
        committee_seat(actor=world.system, committee=world.extra["committee"], user=mediator)
    ready = Barrier(len(mediators))

    def close(mediator: Actor) -> str:
        try:
            ready.wait(timeout=10)
            case_close(actor=mediator, case=case, outcome=Outcome.FAILURE, on=SIGNED_ON)
            return "ok"
        except ValidationError as exc:
            return exc.message_dict["status"][0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(mediators)) as pool:
        results = list(pool.map(close, mediators))

    assert results.count("ok") == 1
    refused = next(r for r in results if r != "ok")
    assert "已结案" in refused
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    closings = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MediationCase),
        object_id=str(case.pk),
        action=AuditAction.TRANSITION,
        message__startswith="结案",
    )
    assert closings.count() == 1
