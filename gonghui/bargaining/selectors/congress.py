"""Reads of workers' congresses: the scoped lists, one congress, term or session with
what its page shows, the votes a contract may be adopted by, and a representative's own
seats and the sessions open to their proposals."""

from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from gonghui.accounts.roles import BARGAINING_VIEW
from gonghui.bargaining.choices import Group, ProposalStatus
from gonghui.bargaining.models import (
    Attendance,
    Congress,
    Proposal,
    Representative,
    Session,
    Term,
    Vote,
)
from gonghui.core.scoping import Actor

CONGRESS_MODEL = Congress
TERM_MODEL = Term
SESSION_MODEL = Session
PROPOSAL_MODEL = Proposal
REPRESENTATIVE_MODEL = Representative


def congress_list(
    *, actor: Actor, action: str = BARGAINING_VIEW, q: str = "", kind: str = ""
) -> QuerySet[Congress]:
    rows = (
        Congress.objects.for_actor(actor, action)
        .select_related("organization")
        .annotate(terms_count=Count("terms"))
    )
    if q.strip():
        rows = rows.filter(Q(name__contains=q.strip()) | Q(organization__name__contains=q.strip()))
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def terms_of(congress: Congress) -> QuerySet[Term]:
    return (
        congress.terms.annotate(
            seats=Count(
                "representatives", filter=Q(representatives__left_on__isnull=True), distinct=True
            ),
            meetings=Count("sessions", distinct=True),
        )
        .prefetch_related("entities")
        .order_by("-number")
    )


def term_detail(*, actor: Actor, action: str = BARGAINING_VIEW) -> QuerySet[Term]:
    return Term.objects.for_actor(actor, action).select_related(
        "congress", "congress__organization"
    )


def representatives_of(term: Term) -> QuerySet[Representative]:
    """Serving first, then by group in the order the groups are declared, then by name."""
    rank = Case(
        *(When(group=value, then=Value(n)) for n, value in enumerate(Group.values)),
        default=Value(len(Group.values)),
    )
    return (
        term.representatives.select_related("entity", "person")
        .alias(rank=rank)
        .order_by(F("left_on").asc(nulls_first=True), "rank", "name", "pk")
    )


def sessions_of(term: Term) -> QuerySet[Session]:
    return term.sessions.annotate(
        votes_count=Count("votes", distinct=True), proposals_count=Count("proposals", distinct=True)
    ).order_by("number")


def session_detail(*, actor: Actor, action: str = BARGAINING_VIEW) -> QuerySet[Session]:
    return Session.objects.for_actor(actor, action).select_related(
        "term", "term__congress", "term__congress__organization"
    )


def attendance_of(session: Session) -> QuerySet[Attendance]:
    return session.attendance.select_related("representative").order_by(
        "-present", "representative__name"
    )


def votes_of(session: Session) -> QuerySet[Vote]:
    return session.votes.select_related("contract").order_by("pk")


def serving_at(session: Session) -> QuerySet[Representative]:
    """The representatives serving on the day of the session (its attendance form)."""
    return (
        Representative.objects.filter(term=session.term)
        .serving_on(session.held_on)
        .order_by("group", "name", "pk")
    )


def votes_for(contract: Any) -> QuerySet[Vote]:
    """The votes on a contract's draft (the adoption form offers the passing ones)."""
    return (
        Vote.objects.filter(contract=contract)
        .select_related("session", "session__term__congress")
        .order_by("-session__held_on", "-pk")
    )


def proposal_list(
    *,
    actor: Actor,
    action: str = BARGAINING_VIEW,
    q: str = "",
    status: str = "",
    session: Any = None,
) -> QuerySet[Proposal]:
    rows = Proposal.objects.for_actor(actor, action).select_related(
        "session", "session__term__congress__organization", "representative"
    )
    if q.strip():
        text = q.strip()
        rows = rows.filter(
            Q(title__contains=text) | Q(number=text) | Q(representative__name__contains=text)
        )
    if status:
        rows = rows.filter(status=status)
    if session:
        rows = rows.filter(session=session)
    return rows


def proposal_detail(*, actor: Actor, action: str = BARGAINING_VIEW) -> QuerySet[Proposal]:
    return Proposal.objects.for_actor(actor, action).select_related(
        "session", "session__term__congress__organization", "representative"
    )


# --- a representative's own ---------------------------------------------------------------


def own_proposals(actor: Actor) -> QuerySet[Proposal]:
    return (
        Proposal.objects.for_owner(actor)
        .select_related("session", "session__term__congress")
        .order_by("-submitted_on", "-pk")
    )


def open_sessions(actor: Actor) -> list[Session]:
    """The sessions whose window is open today, in a term where the actor holds a seat
    serving today."""
    today = timezone.localdate()
    seats = Representative.objects.filter(person__user=actor.pk).serving_on(today)
    return list(
        Session.objects.filter(
            Exists(seats.filter(term=OuterRef("term"))),
            proposals_open_on__lte=today,
            proposals_close_on__gte=today,
        )
        .select_related("term", "term__congress")
        .order_by("proposals_close_on", "pk")
    )


def representatives_serving(term: Term) -> QuerySet[Representative]:
    """The representatives of a term whose seat has not ended (a paper proposal's author)."""
    return Representative.objects.filter(term=term, left_on__isnull=True).order_by("name", "pk")


def is_representative(actor: Actor) -> bool:
    return Representative.objects.filter(person__user=actor.pk, left_on__isnull=True).exists()


def open_count(actor: Actor, action: str = BARGAINING_VIEW) -> int:
    """Proposals waiting for the union: submitted or assigned, not yet answered."""
    waiting = [ProposalStatus.SUBMITTED, ProposalStatus.ASSIGNED]
    return Proposal.objects.for_actor(actor, action).filter(status__in=waiting).count()
