"""Aid applications: applying (a member on the portal, staff at the union), the rules of
the kind of aid (its round, fixed amount or band, cap per person per year, whether the
worker must be on file), the duplicate-benefit guard, and the steps of the workflow
(``assistance.workflows_aid``): the union accepts, the station checks, the federation
approves (posting the grant to the kind's fund), publication with objections, payment
and the worker's receipt."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import ASSISTANCE_APPROVE, ASSISTANCE_FILE
from gonghui.assistance.choices import (
    AID_COUNTING,
    AidStatus,
    AmountMode,
    Cause,
    Channel,
    DocumentSubject,
    EntryKind,
    FileStatus,
    ObjectionStatus,
    PaymentMethod,
)
from gonghui.assistance.models import (
    AidApplication,
    AidKind,
    AidRound,
    HardshipFile,
    Objection,
    Publication,
)
from gonghui.assistance.services import ledger, levels
from gonghui.assistance.services.files import missing_documents, policy_on
from gonghui.assistance.services.receipts import receipt_record
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, OutOfScope, is_member_account, require
from gonghui.core.workflow import Done, begin, take_many
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.organizations.models import Organization

AMOUNT = "amount_requested"


# --- the kind's rules ----------------------------------------------------------------


def _amount_in_standard(kind: AidKind, amount: Decimal, field: str) -> None:
    if kind.amount_mode == AmountMode.FIXED and amount != kind.fixed_amount:
        raise ValidationError(
            {
                field: _("%(kind)s为定额 %(amount)s 元")
                % {"kind": kind.name, "amount": kind.fixed_amount}
            }
        )
    if kind.amount_mode == AmountMode.BAND and not (kind.min_amount <= amount <= kind.max_amount):  # type: ignore[operator]
        raise ValidationError(
            {
                field: _("%(kind)s的金额应在 %(low)s 至 %(high)s 元之间")
                % {"kind": kind.name, "low": kind.min_amount, "high": kind.max_amount}
            }
        )


def received_this_year(
    person: Person, kind: AidKind, year: int, *, excluding: Any = None
) -> Decimal:
    """What the person has of ``kind`` in ``year``, applied for or granted (the cap)."""
    rows = AidApplication.objects.filter(
        person=person, kind=kind, year=year, status__in=AID_COUNTING
    ).exclude(pk=excluding)
    total = Decimal("0")
    for requested, granted in rows.values_list("amount_requested", "amount"):
        total += granted if granted is not None else requested
    return total


def _within_cap(
    person: Person, kind: AidKind, year: int, amount: Decimal, field: str, excluding: Any = None
) -> None:
    had = received_this_year(person, kind, year, excluding=excluding)
    if had + amount > kind.annual_cap:
        raise ValidationError(
            {
                field: _("超过%(kind)s每人每年 %(cap)s 元的上限：本年度已申请或领取 %(had)s 元")
                % {"kind": kind.name, "cap": kind.annual_cap, "had": had}
            }
        )


def _round_of(kind: AidKind, round: AidRound | None, day: date) -> AidRound | None:
    if not kind.in_rounds:
        return None
    if round is None or round.kind_id != kind.pk:
        raise ValidationError({"round": _("请选择%(kind)s的申请批次") % {"kind": kind.name}})
    if not round.is_open_on(day):
        raise ValidationError(
            {
                "round": _("“%(round)s”的受理时间为 %(start)s 至 %(end)s，申请日期不在其中")
                % {"round": round.name, "start": round.opens_on, "end": round.closes_on}
            }
        )
    return round


def _union_and_file(person: Person, kind: AidKind) -> tuple[Organization, HardshipFile | None]:
    file = HardshipFile.objects.filter(person=person, status=FileStatus.ACTIVE).first()
    if kind.needs_file and file is None:
        raise ValidationError({"kind": _("%(kind)s仅限在档困难职工申请") % {"kind": kind.name}})
    membership = Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE).first()
    if membership is not None:
        return membership.union, file
    if file is not None:
        return file.organization, file
    raise ValidationError({"person": _("该职工不是在会会员，不能申请帮扶")})


def duplicates(application: AidApplication) -> list[AidApplication]:
    """Aid of another kind for the same cause the same person has this year, applied for
    or granted: the approver is told, and passing needs a reason."""
    return list(
        AidApplication.objects.filter(
            person=application.person,
            year=application.year,
            cause=application.cause,
            status__in=AID_COUNTING,
        )
        .exclude(pk=application.pk)
        .exclude(kind=application.kind)
        .select_related("kind")
    )


# --- applying ------------------------------------------------------------------------


def aid_apply(
    *,
    actor: Actor,
    person: Person,
    kind: AidKind | None,
    cause: str,
    reason: str,
    amount_requested: Any,
    round: AidRound | None = None,
    applied_on: date | None = None,
    bank_name: str = "",
    bank_account: str = "",
) -> AidApplication:
    """An application: by the member themself (waits for the union), or entered by the
    union's staff (filed at once, the union's level taken)."""
    by_member = is_member_account(actor)
    if by_member and person.user_id != actor.pk:
        raise OutOfScope(person.pk)
    day = applied_on or timezone.localdate()
    errors = rules.Errors()
    rules_day = errors.check(rules.past_date, day, "applied_on", label=_("申请日期"))
    amount = errors.check(rules.money, amount_requested, AMOUNT, label=_("申请金额"), positive=True)
    text = errors.check(rules.required_text, reason, "reason", label=_("申请理由"), max_length=2000)
    if cause not in Cause.values:
        errors.add("cause", _("请选择致困原因"))
    if kind is None or not kind.active:
        errors.add("kind", _("请选择帮扶项目"))
    errors.raise_any()
    assert kind is not None and amount is not None and rules_day is not None and text  # noqa: S101
    chosen_round = _round_of(kind, round, rules_day)
    _amount_in_standard(kind, amount, AMOUNT)
    union, file = _union_and_file(person, kind)
    if not by_member:
        require(actor, ASSISTANCE_FILE, union)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()  # serialise the cap
        _within_cap(person, kind, rules_day.year, amount, AMOUNT)
        application = AidApplication.objects.create(
            number=next_number("aid_application", f"BF{rules_day:%Y}", width=6),
            organization=union,
            person=person,
            file=file,
            kind=kind,
            round=chosen_round,
            cause=cause,
            reason=text,
            applied_on=rules_day,
            year=rules_day.year,
            amount_requested=amount,
            channel=Channel.PORTAL if by_member else Channel.STAFF,
            applicant_id=actor.pk if by_member else None,
            status=AidStatus.APPLIED if by_member else AidStatus.FILED,
            filed_by_id=None if by_member else actor.pk,
            bank_name=bank_name.strip()[:60],
            bank_account="".join(bank_account.split()),
        )
        begin(actor, application, "apply" if by_member else "file")
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=application,
            organization=union,
            after=audit.snapshot(application),
            message=_("帮扶申请：%(kind)s %(amount)s 元") % {"kind": kind.name, "amount": amount},
        )
    return application


# --- the steps' rules ----------------------------------------------------------------


def documents_guard(application: AidApplication) -> Any:
    missing = missing_documents(
        application, DocumentSubject.AID, [application.cause], kind=application.kind
    )
    if missing:
        return _("缺少必备材料：%(list)s") % {"list": "、".join(missing)}
    return None


def accept(actor: Actor, application: AidApplication, *, opinion: str = "") -> Done:
    application.filed_by_id = actor.pk
    application.filing_opinion = levels.text(opinion, "opinion", "") or _("同意上报")
    return Done(note=application.filing_opinion)


def approve(
    actor: Actor,
    application: AidApplication,
    *,
    opinion: str = "",
    amount: Any = None,
    duplicate_note: str = "",
    on: date | None = None,
) -> Done:
    """The federation's approval: the amount (default: as requested) within the kind's
    standard and cap; aid of another kind for the same cause this year needs a reason; a
    kind paid from a fund posts the grant, refused when the fund cannot cover it. ``on``:
    the day of the approval (default today), the day the grant is booked."""
    day = rules.past_date(on or timezone.localdate(), "on", label=_("批准日期"))
    if day < application.applied_on:
        raise ValidationError(
            {"on": _("批准日期不能早于申请日期 %(day)s") % {"day": application.applied_on}}
        )
    kind = application.kind
    granted = (
        rules.money(amount, "amount", label=_("核定金额"), positive=True)
        if amount not in (None, "")
        else application.amount_requested
    )
    _amount_in_standard(kind, granted, "amount")
    # two approvals for one worker are serialised on the worker's row: the cap holds
    Person.objects.select_for_update().filter(pk=application.person_id).first()
    _within_cap(
        application.person, kind, application.year, granted, "amount", excluding=application.pk
    )
    others = duplicates(application)
    note = levels.text(duplicate_note, "duplicate_note", "")
    if others and not note:
        listed = "、".join(f"{o.kind.name}（{o.number}）" for o in others)
        raise ValidationError(
            {
                "duplicate_note": _(
                    "该职工本年度已因同一原因申请或获得：%(list)s，请说明仍予批准的理由"
                )
                % {"list": listed}
            }
        )
    application.amount = granted
    application.duplicate_note = note
    application.approved_by_id = actor.pk
    application.approved_on = day
    application.approval_opinion = levels.text(opinion, "opinion", "") or _("同意")
    if kind.fund_id is not None:
        ledger.entry_post(
            actor=actor,
            fund=kind.fund,  # type: ignore[arg-type]
            kind=EntryKind.GRANT,
            amount=-granted,
            booked_on=application.approved_on,
            memo=_("%(kind)s：%(number)s") % {"kind": kind.name, "number": application.number},
            field="amount",
            cause=application.cause,
            application=application,
        )
    return Done(note=application.approval_opinion)


def resubmit_own(actor: Actor, application: AidApplication, *, note: str = "") -> Done:
    return Done(note=levels.text(note, "note", ""))


def withdraw(actor: Actor, application: AidApplication, *, reason: str = "") -> Done:
    return Done(note=levels.text(reason, "reason", ""))


def publish(actor: Actor, application: AidApplication, *, publication: Publication) -> Done:
    application.publication = publication
    return Done()


def object_(
    actor: Actor,
    application: AidApplication,
    *,
    raised_on: date | None = None,
    raised_by: str = "",
    content: str = "",
) -> Done:
    errors = rules.Errors()
    day = errors.check(rules.past_date, raised_on, "raised_on", label=_("提出日期"))
    text = errors.check(levels.text, content, "content", _("异议内容"), required=True)
    errors.raise_any()
    assert day is not None and text is not None  # noqa: S101 (raise_any refused otherwise)
    Objection.objects.create(
        application=application,
        raised_on=day,
        raised_by=raised_by.strip()[:50],
        content=text,
        recorded_by_id=actor.pk,
    )
    return Done(message=_("公示异议：%(text)s") % {"text": text}, note=text)


def _resolve(actor: Actor, application: AidApplication, status: str, resolution: str) -> str:
    text = levels.text(resolution, "resolution", _("处理意见"), required=True)
    application.objections.filter(status=ObjectionStatus.OPEN).update(
        status=status, resolution=text, resolved_on=timezone.localdate()
    )
    return text


def dismiss_objection(actor: Actor, application: AidApplication, *, resolution: str = "") -> Done:
    text = _resolve(actor, application, ObjectionStatus.DISMISSED, resolution)
    return Done(message=_("异议不成立：%(text)s") % {"text": text}, note=text)


def uphold_objection(actor: Actor, application: AidApplication, *, resolution: str = "") -> Done:
    """The objection stands: the aid is revoked, and its grant returned to the fund."""
    text = _resolve(actor, application, ObjectionStatus.UPHELD, resolution)
    _return_grant(actor, application, text)
    return Done(message=_("异议成立，撤销帮扶：%(text)s") % {"text": text}, note=text)


def revoke(actor: Actor, application: AidApplication, *, reason: str = "") -> Done:
    """Aid approved by mistake is revoked before it is paid, with a reason; a grant from a
    fund is returned to it by a reversing entry (the one correction of a grant)."""
    text = levels.text(reason, "reason", _("撤销理由"), required=True)
    _return_grant(actor, application, text)
    return Done(message=_("撤销帮扶：%(text)s") % {"text": text}, note=text)


def _return_grant(actor: Actor, application: AidApplication, reason: str) -> None:
    for entry in application.fund_entries.filter(kind=EntryKind.GRANT, reversed_by__isnull=True):
        ledger.entry_reverse(
            actor=actor, entry=entry, reason=reason, booked_on=timezone.localdate()
        )


def payable_guard(application: AidApplication) -> Any:
    publication = application.publication
    if publication is None:
        return _("帮扶未经公示，不能发放")
    if publication.ends_on >= timezone.localdate():
        return _("公示期至 %(day)s 结束，期满后才能发放") % {"day": publication.ends_on}
    if application.objections.filter(status=ObjectionStatus.OPEN).exists():
        return _("公示异议尚未处理，不能发放")
    return None


def pay(
    actor: Actor,
    application: AidApplication,
    *,
    paid_on: date | None = None,
    method: str = "",
    reference: str = "",
) -> Done:
    errors = rules.Errors()
    day = errors.check(rules.past_date, paid_on, "paid_on", label=_("发放日期"))
    if method not in PaymentMethod.values:
        errors.add("method", _("请选择发放方式"))
    errors.raise_any()
    publication = application.publication
    if day is not None and publication is not None and day <= publication.ends_on:
        raise ValidationError(
            {"paid_on": _("公示期至 %(day)s 结束，发放日期应在其后") % {"day": publication.ends_on}}
        )
    if method == PaymentMethod.BANK and not application.bank_account:
        raise ValidationError({"method": _("申请未登记银行账号，不能银行转账")})
    application.paid_on = day
    application.payment_method = method
    application.payment_reference = reference.strip()[:60]
    return Done(message=_("发放：%(amount)s 元") % {"amount": application.granted})


def receipt_guard(application: AidApplication) -> Any:
    return _("该笔帮扶已签收") if hasattr(application, "receipt") else None


def sign_for(actor: Actor, application: AidApplication, **receipt: Any) -> Done:
    made = receipt_record(actor=actor, record=application, **receipt)
    return Done(message=_("职工签收：%(name)s") % {"name": made.signed_by}, audited=True)


# --- publication ---------------------------------------------------------------------


def publication_create(
    *,
    actor: Actor,
    organization: Organization | None,
    title: str,
    applications: list[AidApplication],
    starts_on: date | None = None,
) -> Publication:
    """Publish approved aid for the policy's number of days from ``starts_on``."""
    if organization is None:
        raise OutOfScope("publication")
    require(actor, ASSISTANCE_APPROVE, organization)
    name = rules.required_text(title, "title", label=_("公示标题"), max_length=120)
    day = rules.past_date(starts_on or timezone.localdate(), "starts_on", label=_("公示开始日期"))
    if not applications:
        raise ValidationError({"applications": _("请选择要公示的帮扶")})
    approved = AidApplication.objects.filter(pk__in=[a.pk for a in applications]).aggregate(
        last=Max("approved_on")
    )["last"]
    if approved is not None and day < approved:
        raise ValidationError(
            {"starts_on": _("公示不能早于批准日期 %(day)s 开始") % {"day": approved}}
        )
    days = policy_on(day).publication_days
    with transaction.atomic():
        publication = Publication.objects.create(
            number=next_number("aid_publication", f"GS{day:%Y}", width=4),
            organization=organization,
            title=name,
            starts_on=day,
            ends_on=day + timedelta(days=days - 1),
            created_by_id=actor.pk,
        )
        take_many(
            actor,
            AidApplication,
            [a.pk for a in applications],
            "publish",
            fields=("publication",),
            organization=organization,
            message=_("公示 %(n)d 笔帮扶：%(title)s") % {"n": len(applications), "title": name},
            publication=publication,
        )
    return publication
