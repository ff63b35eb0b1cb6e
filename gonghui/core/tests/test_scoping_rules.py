"""The three scoping rules of ``core.scoping`` (subtree, assignee, owner) and the one check
services use: ``require`` and ``for_actor`` never disagree."""

from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model

from gonghui.accounts.roles import (
    DISPUTES_MEDIATE,
    DISPUTES_VIEW,
    ORG_VIEW,
    PII_VIEW,
    ROLE_ACTIONS,
    Role,
)
from gonghui.core.scoping import (
    OutOfScope,
    ScopedQuerySet,
    allowed_ids,
    allows,
    require,
)
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes.models import Consultation, MediationCase
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.disputes.tests.access_api import apply, committee_at

pytestmark = pytest.mark.django_db

ACTIONS = sorted({action for actions in ROLE_ACTIONS.values() for action in actions} | {PII_VIEW})
ROWS_PER_MODEL = 6


def _scoped_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet)
    ]


def _world_with_assignments() -> tuple[World, Any]:
    world = build_world()
    seated_on = committee_at(world, world.union_a)
    apply(world, seated_on)
    apply(world, committee_at(world, world.union_b))
    mediator = make_user("mediator_x", Role.MEDIATOR, world.station_b)
    committee_seat(actor=world.system, committee=seated_on, user=mediator)
    consultation_log(actor=mediator, organization=world.union_b, channel="phone", topic="wages")
    consultation_log(
        actor=world.system, organization=world.union_b, channel="on_site", topic="wages"
    )
    return world, mediator


def test_every_scoped_model_is_found() -> None:
    found = {model.__name__ for model in _scoped_models()}
    assert {"Organization", "MediationCase", "Consultation", "Membership"} <= found


def test_require_and_for_actor_agree_for_every_model_action_and_user() -> None:
    world, mediator = _world_with_assignments()
    users = [*world.users.values(), mediator, world.system]
    disagreements = []
    for model in _scoped_models():
        rows = list(model._default_manager.order_by("pk")[:ROWS_PER_MODEL])
        for action in ACTIONS:
            for user in users:
                scoped: Any = model._default_manager.all()
                listed = set(scoped.for_actor(user, action).values_list("pk", flat=True))
                assert allowed_ids(user, action, rows) == listed & {row.pk for row in rows}
                for row in rows:
                    try:
                        require(user, action, row)
                        required = True
                    except OutOfScope:
                        required = False
                    shown = allows(user, action, row)
                    if not required == shown == (row.pk in listed):
                        disagreements.append((model.__name__, action, user.username, row.pk))
    assert disagreements == []


def test_an_assignee_role_reaches_what_is_assigned_not_its_subtree() -> None:
    world, mediator = _world_with_assignments()

    cases = MediationCase.objects.for_actor(mediator, DISPUTES_MEDIATE)
    consultations = Consultation.objects.for_actor(mediator, DISPUTES_VIEW)

    assert {case.committee.organization for case in cases} == {world.union_a}
    assert [c.handled_by for c in consultations] == [mediator]
    # assigned at station B, yet nothing of station B's subtree
    outside = MediationCase.objects.filter(committee__organization=world.union_b).get()
    assert not allows(mediator, DISPUTES_VIEW, outside)
    with pytest.raises(OutOfScope):
        require(mediator, DISPUTES_VIEW, outside)
    # on a model without assignees the role's actions reach the subtree of its node
    assert allows(mediator, DISPUTES_VIEW, world.union_b)
    assert not allows(mediator, ORG_VIEW, world.union_b)


def test_a_member_owns_the_cases_they_applied_for_and_staff_own_nothing() -> None:
    world = build_world()
    committee = committee_at(world, world.union_a)
    member = world.user("member")
    theirs = apply(world, committee, applicant_user=member)
    apply(world, committee)

    assert list(MediationCase.objects.for_owner(member)) == [theirs]
    assert not MediationCase.objects.for_owner(world.user("union_a_staff")).exists()
    assert not MediationCase.objects.for_owner(world.system).exists()
    assert not MediationCase.objects.for_owner(None).exists()
    # ids proven by other means (a browser session) count for anyone
    other = MediationCase.objects.exclude(pk=theirs.pk).get()
    assert set(MediationCase.objects.for_owner(None, proven=[other.pk])) == {other}


def test_an_unsaved_row_is_never_allowed() -> None:
    world = build_world()
    assert not allows(world.system, ORG_VIEW, type(world.union_a)(name="x"))
