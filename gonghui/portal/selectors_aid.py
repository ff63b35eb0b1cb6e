"""Reads of the member's aid pages and API: the kinds a member may apply for with their
standard and the round open today, the documents each kind or cause needs, what the
member received (aid paid, campaign lines handed out to them), the files attached to one
of their applications. The member's own applications are read through the owner rule
(``AidApplication.objects.for_owner``) by the portal's base page and API view."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import AidStatus, DocumentSubject, LineStatus
from gonghui.assistance.models import (
    AidApplication,
    AidKind,
    AidRound,
    DistributionLine,
    RequiredDocument,
)
from gonghui.assistance.selectors.aid import checklist
from gonghui.core.attachments.models import Attachment
from gonghui.core.scoping import Visitor

APPLICATION_MODEL = AidApplication  # the portal's owned views name the model they serve

# documents a member attaches (the receipt's signature and signed sheet are staff's)
MEMBER_DOCUMENT_EXCLUDED = frozenset({"signature", "signed_sheet"})
RECEIVED_SHOWN = 50
# the input each step the workflow offers the owner takes (``workflows_aid``)
OWNER_STEP_FIELDS = {"resubmit_own": "note", "withdraw": "reason"}

# each state of an application, said to the member in plain words
STATUS_EXPLAINED = {
    AidStatus.APPLIED: _("申请已提交，等待所在工会受理。工会受理后会逐级上报服务站和总工会审批。"),
    AidStatus.FILED: _("工会已受理并上报，等待服务站审核。"),
    AidStatus.CHECKED: _("服务站已审核通过，等待总工会审批。"),
    AidStatus.APPROVED: _("总工会已批准，将按规定公示后发放。"),
    AidStatus.PUBLISHED: _("帮扶名单正在公示，公示期满无异议后发放。"),
    AidStatus.OBJECTED: _("公示期间有人提出异议，工会核实处理后再决定是否发放。"),
    AidStatus.PAID: _("帮扶款已发放，请注意查收。"),
    AidStatus.SENT_BACK: _("申请被退回，请按退回理由补充材料后重新提交。"),
    AidStatus.REJECTED: _("申请未获批准，理由见下方。如有疑问可咨询所在工会。"),
    AidStatus.WITHDRAWN: _("您已撤回这份申请。"),
    AidStatus.REVOKED: _("经公示异议核实，帮扶已撤销。"),
}


@dataclass
class KindOffer:
    """A kind of aid as the apply page and the API show it: its standard, the round open
    today (kinds in rounds) or the next one, and the documents it needs."""

    kind: AidKind
    round: AidRound | None = None
    next_round: AidRound | None = None
    documents: list[tuple[str, str]] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return not self.kind.in_rounds or self.round is not None


@dataclass
class Requirements:
    """The documents an aid application needs: for every one, by cause, by kind (pairs
    of the document's value and its name)."""

    every: list[tuple[str, str]] = field(default_factory=list)
    by_cause: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    by_kind: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


def requirements() -> Requirements:
    found = Requirements()
    for row in RequiredDocument.objects.filter(subject=DocumentSubject.AID):
        pair = (row.document, str(row.get_document_display()))
        if row.aid_kind_id is not None:
            found.by_kind.setdefault(row.aid_kind_id, []).append(pair)
        elif row.cause:
            found.by_cause.setdefault(row.cause, []).append(pair)
        else:
            found.every.append(pair)
    return found


def kind_offers(today: date | None = None) -> list[KindOffer]:
    """The active kinds with their open (or next) round and the documents each needs:
    three queries whatever the number of kinds."""
    day = today or timezone.localdate()
    kinds = list(AidKind.objects.filter(active=True).order_by("category", "code"))
    rounds = AidRound.objects.filter(kind__in=kinds, closes_on__gte=day).order_by("opens_on")
    offers = {kind.pk: KindOffer(kind=kind) for kind in kinds}
    for row in rounds:
        offer = offers[row.kind_id]
        if row.is_open_on(day) and offer.round is None:
            offer.round = row
        elif row.opens_on > day and offer.next_round is None:
            offer.next_round = row
    needs = requirements()
    for offer in offers.values():
        offer.documents = list(needs.by_kind.get(offer.kind.pk, []))
    return list(offers.values())


def active_kinds() -> QuerySet[AidKind]:
    return AidKind.objects.filter(active=True)


def round_for(kind: AidKind, chosen: Any = None, today: date | None = None) -> AidRound | None:
    """The round an application of ``kind`` goes into: the one chosen (an id, among the
    kind's rounds), else the one open today, else the latest that has opened (the service
    then refuses with its dates), else the next; None for a kind not in rounds."""
    if not kind.in_rounds:
        return None
    rounds = AidRound.objects.filter(kind=kind)
    if chosen not in (None, ""):
        return rounds.filter(pk=chosen).first()
    day = today or timezone.localdate()
    return (
        rounds.filter(opens_on__lte=day, closes_on__gte=day).order_by("-opens_on").first()
        or rounds.filter(opens_on__lte=day).order_by("-opens_on").first()
        or rounds.order_by("opens_on").first()
    )


def received_aid(user: Visitor) -> QuerySet[AidApplication]:
    """The member's aid that was paid, newest first."""
    return (
        AidApplication.objects.for_owner(user)
        .filter(status=AidStatus.PAID)
        .select_related("kind")
        .order_by("-paid_on", "-pk")
    )


def received_lines(user: Visitor) -> QuerySet[DistributionLine]:
    """Campaign lines handed out to the member (by the line's owner rule), newest first."""
    return (
        DistributionLine.objects.for_owner(user)
        .filter(status=LineStatus.DISTRIBUTED)
        .select_related("campaign")
        .order_by("-distributed_on", "-pk")
    )


def attachments_of(application: AidApplication) -> QuerySet[Attachment]:
    """The files of one of the member's applications (the caller read it through the
    owner rule): their kind, name and day, never their content."""
    return Attachment.objects.of(application).order_by("created_at", "pk")


def missing(application: AidApplication) -> list[str]:
    """The required documents not yet attached (``selectors.aid.checklist``)."""
    return [name for name, attached in checklist(application) if not attached]


def last_reason(application: AidApplication, timeline: list[Any]) -> str:
    """Why the application was sent back or rejected: the note of the step that did it."""
    if application.status not in (AidStatus.SENT_BACK, AidStatus.REJECTED):
        return ""
    for entry in reversed(timeline):
        if entry.to_state == application.status:
            return str(entry.note)
    return ""


def member_document_kinds() -> list[tuple[str, Any]]:
    """The kinds of document a member may upload (the model's attachment kinds)."""
    kinds = AidApplication.attachment_rules.kinds
    return [(v, label) for v, label in kinds if v not in MEMBER_DOCUMENT_EXCLUDED]
