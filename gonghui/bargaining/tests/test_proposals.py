"""Representatives' proposals: submitted within the session's window by the
representative (their own seat) or for them by the union, assigned, answered, rated."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.bargaining.choices import ProposalStatus, Satisfaction
from gonghui.bargaining.models import Proposal
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import proposals
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take
from gonghui.members.models import Person
from gonghui.members.tests.factories import id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return build_world()


def _open_session(world):  # type: ignore[no-untyped-def]
    """A term running now with the member as a representative, and a session whose
    window is open today."""
    today = timezone.localdate()
    body = f.congress(world)
    term = congresses.term_create(
        world.system,
        congress=body,
        number=1,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=900),
        entities=[world.entity_a],
    )
    person = Person.objects.create(
        name="代表甲",
        id_number=id_number(),
        birth_date=date(1990, 3, 7),
        sex="M",
        user=world.user("member"),
    )
    seat = congresses.representatives_elect(
        world.system,
        term=term,
        elected_on=today - timedelta(days=200),
        rows=[{"name": "代表甲", "group": "front_line", "person": person}]
        + [{"name": f"代表{n}", "group": "front_line"} for n in range(9)],
    )[0]
    session = congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=5),
        proposals_close_on=today + timedelta(days=5),
    )
    return session, seat


def test_a_representative_submits_follows_and_rates_their_proposal(world) -> None:  # type: ignore[no-untyped-def]
    session, seat = _open_session(world)
    member = world.user("member")

    proposal = proposals.proposal_submit(
        member, session=session, title="增设职工休息室", content="车间缺少休息场所"
    )
    assert proposal.representative == seat and proposal.status == ProposalStatus.SUBMITTED
    assert list(Proposal.objects.for_owner(member)) == [proposal]
    assert available(member, proposal) == []

    staff = world.user("union_a_staff")
    take(staff, proposal, "assign", department="行政部")
    proposal = take(staff, proposal, "answer", answer="已在二楼设休息室")
    assert [step.name for step in available(member, proposal)] == ["rate"]
    proposal = take(member, proposal, "rate", satisfaction=Satisfaction.SATISFIED)
    assert proposal.satisfaction == Satisfaction.SATISFIED
    assert available(member, proposal) == []


def test_a_proposal_outside_the_window_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    session, _seat = _open_session(world)
    session.proposals_close_on = timezone.localdate() - timedelta(days=1)
    session.save()

    with pytest.raises(ValidationError) as caught:
        proposals.proposal_submit(world.user("member"), session=session, title="x", content="y")

    assert "已于" in caught.value.message_dict["session"][0]
    assert not Proposal.objects.exists()


def test_only_a_representative_of_the_term_submits_their_own(world) -> None:  # type: ignore[no-untyped-def]
    session, _seat = _open_session(world)

    with pytest.raises(OutOfScope):
        proposals.proposal_submit(
            world.user("union_b_staff"), session=session, title="x", content="y"
        )
    assert not Proposal.objects.exists()


def test_an_answer_comes_after_the_assignment(world) -> None:  # type: ignore[no-untyped-def]
    session, _seat = _open_session(world)
    proposal = proposals.proposal_submit(
        world.user("member"), session=session, title="x", content="y"
    )

    with pytest.raises(ValidationError) as caught:
        take(world.user("union_a_staff"), proposal, "answer", answer="z")

    assert "交办" in caught.value.message_dict["status"][0]
