"""Two people taking steps on one object at once, on PostgreSQL: the row lock of ``take``
lets one win; the other sees the state the winner left and is refused, nothing
half-written (SQLite serialises writers, so this skips there)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core.models import StatusChange
from gonghui.core.scoping import Actor
from gonghui.core.testing import build_world
from gonghui.core.workflow import take, workflow_for
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.tests.access_staff import submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_approving_and_rejecting_at_once_leaves_one_step_taken() -> None:
    world = build_world()
    application = submit(world)
    moves = [
        (world.user("union_a_staff"), "approve", {}),
        (world.user("station_a_staff"), "reject", {"reason": "重复申请"}),
    ]
    start = Barrier(len(moves))

    def act(move: tuple[Actor, str, dict[str, str]]) -> str:
        actor, step, data = move
        try:
            start.wait(timeout=10)
            take(actor, application.pk, step, workflow=workflow_for(JoinApplication), **data)
            return step
        except ValidationError as exc:
            return "refused: " + exc.message_dict["status"][0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(moves)) as pool:
        results = sorted(pool.map(act, moves))

    application.refresh_from_db()
    winner = "approve" if application.status == "approved" else "reject"
    loser_state = "已批准" if winner == "approve" else "未批准"
    assert results == sorted([winner, f"refused: 申请当前状态为“{loser_state}”，不能办理此操作"])
    steps = list(
        StatusChange.objects.filter(object_id=application.pk).values_list("step", flat=True)
    )
    assert steps == ["submit", winner]
    memberships = Membership.objects.filter(person__id_number_index=application.id_number_index)
    assert memberships.count() == (1 if winner == "approve" else 0)
