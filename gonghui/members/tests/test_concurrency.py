"""Concurrent reviewers, on PostgreSQL (SQLite serialises writers, so these skip there)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core.scoping import Actor
from gonghui.core.testing import build_world
from gonghui.members.choices import ApplicationStatus
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services.applications import application_approve
from gonghui.members.tests.access_staff import submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_staff_approving_the_same_application_at_once_make_one_membership() -> None:
    world = build_world()
    application = submit(world)
    reviewers = [world.user("union_a_staff"), world.user("station_a_staff")]
    start = Barrier(len(reviewers))

    def approve(reviewer: Actor) -> str:
        try:
            start.wait(timeout=10)
            application_approve(actor=reviewer, application=application)
            return "approved"
        except ValidationError as exc:
            return exc.message_dict["status"][0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(reviewers)) as pool:
        results = list(pool.map(approve, reviewers))

    assert sorted(results) == ["approved", "申请当前状态为“已批准”，不能办理此操作"]
    assert (
        Membership.objects.filter(person__id_number_index=application.id_number_index).count() == 1
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert JoinApplication.objects.get(pk=application.pk).membership_id is not None
