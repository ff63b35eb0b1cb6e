"""Who may open a representative's proposal pages (run by ``core/tests/test_access.py``):
``allowed`` is a member of union A elected a representative, with an answered proposal
and a session open to proposals; ``outsider`` a member who holds no seat (404 for the
proposal and the session, an empty list); staff accounts get 403."""

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
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, PORTAL_LOGIN, STAFF, prepare_members

TITLE = "代表提案：增加夜班餐补"


def prepare(world: World) -> None:
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
    rows = [{"name": "代表本人", "group": "front_line", "person": person_of(owner)}]
    rows += [{"name": f"代表{n}", "group": "front_line"} for n in range(4)]
    congresses.representatives_elect(world.system, term=term, elected_on=term.starts_on, rows=rows)
    session = congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=3),
        proposals_close_on=today + timedelta(days=3),
    )
    proposal = proposals.proposal_submit(
        owner, session=session, title=TITLE, content="夜班餐补 15 元"
    )
    take(world.system, proposal, "assign", department="人力资源部")
    take(world.system, proposal, "answer", answer="自下月起调整为 20 元")
    world.extra.update(session=session, proposal=proposal, congress=term.congress)
    world.hide("a", TITLE, proposal.number, term.congress.name)


def _page(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "anonymous_redirect": PORTAL_LOGIN,
        "prepare": prepare,
    }
    values.update(kwargs)
    return AccessCase(name=name, url=url, **values)


def _pk(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.extra[key].pk])


ACCESS_CASES = [
    _page(
        "portal:proposal_list",
        lambda w: reverse("portal:proposal_list"),
        listing=True,
        hidden=lambda w: TITLE,
    ),
    _page("portal:proposal_submit", _pk("portal:proposal_submit", "session")),
    _page(
        "portal:proposal_submit",
        _pk("portal:proposal_submit", "session"),
        method="post",
        data=lambda w: {"title": "增设母婴室", "content": "二楼空置房间可改造"},
        success=(302,),
        id="portal:proposal_submit-post",
    ),
    _page("portal:proposal_detail", _pk("portal:proposal_detail", "proposal")),
    _page(
        "portal:proposal_rate",
        _pk("portal:proposal_rate", "proposal"),
        method="post",
        data=lambda w: {"satisfaction": "satisfied", "note": ""},
        success=(302,),
    ),
]
