"""Who may call the member's congress-proposal endpoints (run by
``core/tests/test_access.py``): ``allowed`` is a member of union A elected a
representative, with a proposal answered by the union; ``outsider`` a member who holds no
seat (404 for the proposal and a session, empty lists); staff accounts get 403."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import proposals
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.testing import AccessCase, World
from gonghui.core.workflow import take
from gonghui.portal.selectors import person_of
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, STAFF, prepare_members

TITLE = "代表本人提案：延长午休时间"


def prepare(world: World) -> None:
    """The owner holds a seat in a term running now, a session is open to proposals, and
    the owner's proposal has been assigned and answered."""
    prepare_members(world)
    owner = world.user(OWNER)
    today = timezone.localdate()
    term = congresses.term_create(
        world.system,
        congress=f.congress(world),
        number=1,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=900),
        entities=[world.entity_a],
    )
    rows = [{"name": "王小明", "group": "front_line", "person": person_of(owner)}]
    rows += [{"name": f"代表{n}", "group": "front_line"} for n in range(9)]
    congresses.representatives_elect(
        world.system, term=term, elected_on=today - timedelta(days=200), rows=rows
    )
    session = congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=5),
        proposals_close_on=today + timedelta(days=5),
    )
    proposal = proposals.proposal_submit(owner, session=session, title=TITLE, content="午休过短")
    take(world.system, proposal, "assign", department="人力资源部")
    take(world.system, proposal, "answer", answer="自下月起午休延长至一小时")
    world.extra.update(session=session, proposal=proposal, congress=term.congress)
    world.hide("a", proposal.number, TITLE, term.congress.name)


def _case(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "api": True,
        "prepare": prepare,
    }
    values.update(kwargs)
    return AccessCase(name=f"api:portal:{name}", url=url, **values)


def _proposal(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"api:portal:{name}", args=[w.extra["proposal"].pk])


ACCESS_CASES = [
    _case(
        "bargaining-proposal-list",
        lambda w: reverse("api:portal:bargaining-proposal-list"),
        listing=True,
        hidden=lambda w: w.extra["proposal"].number,
    ),
    _case(
        "bargaining-proposal-list",
        lambda w: reverse("api:portal:bargaining-proposal-list"),
        method="post",
        data=lambda w: {"session": w.extra["session"].pk, "title": "增设母婴室", "content": "x"},
        success=(201,),
        id="api:portal:bargaining-proposal-list-post",
    ),
    _case("bargaining-proposal-detail", _proposal("bargaining-proposal-detail")),
    _case(
        "bargaining-proposal-rate",
        _proposal("bargaining-proposal-rate"),
        method="post",
        data=lambda w: {"satisfaction": "satisfied", "note": "落实很快"},
    ),
    _case(
        "bargaining-session-list",
        lambda w: reverse("api:portal:bargaining-session-list"),
        listing=True,
        hidden=lambda w: w.extra["congress"].name,
    ),
]
