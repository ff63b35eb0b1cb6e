"""Join applications: submitted by a worker (or by staff for them), routed to a union,
reviewed by that union's staff. The steps are declared in ``members.workflows`` and taken
through the one engine (``core.workflow.take``): it scopes, locks, checks the state, and
writes the status history and the audit entry; the functions here do each step's work."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import MEMBERS_REVIEW
from gonghui.core import audit, pii
from gonghui.core.models import AuditAction
from gonghui.core.notices import Text, notice_send
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, OutOfScope, Visitor, require, signed_in
from gonghui.core.updates import apply_changes
from gonghui.core.workflow import Done, begin, take
from gonghui.members.choices import (
    CONSENT_TEXTS,
    CURRENT_CONSENT_VERSION,
    ApplicationStatus,
    EmploymentKind,
    MembershipSource,
    MembershipStatus,
)
from gonghui.members.models import JoinApplication, Membership, PlatformRoute
from gonghui.members.services.memberships import member_enrol
from gonghui.members.services.people import clean_person_fields
from gonghui.members.services.signin import is_member_account
from gonghui.organizations.choices import NodeKind, UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization


def route_application(
    *, employer: LegalEntity | None, area: Organization | None, platform: str = ""
) -> Organization:
    """The union that receives an application: the employer's union when it has an active
    one (its own, or the joint union that covers it); otherwise, in the chosen area (a
    service station), the joint union set for the platform, or the area's default route,
    or the area's first active joint union."""
    if employer is not None and employer.union.is_active:
        return employer.union
    if area is None or area.kind != NodeKind.STATION:
        raise ValidationError({"area": _("请选择您工作所在的区域")})
    routes = {r.platform: r.union for r in PlatformRoute.objects.filter(station=area)}
    for key in (platform, ""):
        if key in routes and routes[key].is_active:
            return routes[key]
    joint = (
        Organization.objects.filter(
            station=area, union_kind=UnionKind.JOINT, status=UnionStatus.ACTIVE
        )
        .order_by("pk")
        .first()
    )
    if joint is None:
        raise ValidationError(
            {"area": _("该区域暂无可受理入会的联合会，请选择其他区域或联系总工会")}
        )
    return joint


@transaction.atomic
def application_submit(
    *,
    actor: Visitor,
    channel: str,
    name: str,
    id_number: str,
    phone: str,
    employment_kind: str,
    consent: bool,
    platform: str = "",
    employer: LegalEntity | None = None,
    employer_name: str = "",
    area: Organization | None = None,
    consent_version: str = CURRENT_CONSENT_VERSION,
) -> JoinApplication:
    """A worker asks to join. ``actor`` is the applicant's account (or None for an
    anonymous applicant, or the staff member entering it). Refused when the worker has an
    open application already or is already a member of the union it would go to."""
    errors: dict[str, Any] = {}
    try:
        fields = clean_person_fields(
            {
                "name": name,
                "id_number": id_number,
                "phone": phone,
                "employment_kind": employment_kind,
                "platform": platform,
            }
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
        fields = {}
    if not phone:
        errors["phone"] = [_("请填写手机号")]
    if not consent:
        errors["consent"] = [_("请阅读并同意个人信息处理说明")]
    if consent_version not in CONSENT_TEXTS:
        errors["consent"] = [_("同意书版本无效")]
    if employment_kind == EmploymentKind.EMPLOYEE and employer is None and not employer_name:
        errors["employer"] = [_("请选择或填写工作单位")]
    union = None
    try:
        union = route_application(employer=employer, area=area, platform=platform)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    assert union is not None
    index = pii.blind_index(fields["id_number"])
    open_ones = JoinApplication.objects.select_for_update().filter(
        id_number_index=index,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO],
    )
    if open_ones.exists():
        raise ValidationError(
            {"id_number": _("您已有一份正在办理的入会申请，请在“我的申请”中查看")}
        )
    if Membership.objects.filter(
        person__id_number_index=index, union=union, status=MembershipStatus.ACTIVE
    ).exists():
        raise ValidationError({"id_number": _("您已是%(union)s的会员") % {"union": union.name}})
    member = signed_in(actor) if is_member_account(actor) else None
    application = JoinApplication.objects.create(
        number=next_number("join-application", f"RH{timezone.localdate():%Y}", width=6),
        channel=channel,
        employer=employer,
        employer_name=employer_name if employer is None else employer.name,
        area=area,
        union=union,
        consent_version=consent_version,
        consented_at=timezone.now(),
        applicant_id=member.pk if member is not None else None,
        **fields,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=application,
        after=audit.snapshot(application),
        message=_("提交入会申请，受理工会：%(union)s") % {"union": union.name},
    )
    begin(actor, application, "submit")
    _tell(
        application,
        Text(gettext_lazy("入会申请已提交")),
        Text(gettext_lazy("受理工会：%(union)s"), union=union.name),
    )
    return application


def _tell(application: JoinApplication, title: Text, body: "Text | str" = "") -> None:
    notice_send(
        user=application.applicant,
        phone=application.phone,
        title=title,
        body=body,
        url=f"/portal/applications/{application.pk}/",
    )


def _reviewed(actor: Actor, application: JoinApplication, reason: str) -> None:
    application.reason = reason
    application.reviewed_by_id = actor.pk
    application.reviewed_at = timezone.now()


def _employment_from_application(person: Any, application: JoinApplication) -> dict[str, Any]:
    """An approved application is the worker's latest word on where they work (a transfer
    usually means a new employer): a registered employer or a kind of employment that
    differs replaces the record's, a name or platform fills a blank."""
    employment: dict[str, Any] = {}
    if application.employer_id and person.employer_id != application.employer_id:
        employment.update(employer=application.employer, employer_name=application.employer_name)
    elif application.employer_name and not (person.employer_id or person.employer_name):
        employment["employer_name"] = application.employer_name
    if person.employment_kind != application.employment_kind:
        employment.update(
            employment_kind=application.employment_kind, platform=application.platform
        )
    elif application.platform and not person.platform:
        employment["platform"] = application.platform
    return employment


def _link_account(person: Any, application: JoinApplication) -> None:
    """The applicant's member account becomes the worker's."""
    if application.applicant_id and person.user_id is None:
        person.user_id = application.applicant_id
        person.save(update_fields=["user", "updated_at"])


# --- the steps (declared in ``members.workflows``; taken through ``core.workflow.take``) --


def approve(actor: Actor, application: JoinApplication, *, started_on: date | None = None) -> Done:
    """The person's record is found or created, their employment brought up to date from
    the day the membership starts, and the membership starts (a transfer when they are
    active elsewhere) with a member number."""
    membership = member_enrol(
        actor=actor,
        fields={
            "name": application.name,
            "id_number": application.id_number,
            "phone": application.phone,
            "employment_kind": application.employment_kind,
            "platform": application.platform,
            "employer": application.employer,
            "employer_name": application.employer_name,
        },
        employment=lambda person: _employment_from_application(person, application),
        union=application.union,
        started_on=started_on or timezone.localdate(),
        source=MembershipSource.APPLICATION,
        notify=False,
    )
    _link_account(membership.person, application)
    application.membership = membership
    _reviewed(actor, application, "")
    title = Text(gettext_lazy("入会申请已批准"))
    body = Text(gettext_lazy("会员编号 %(number)s"), number=membership.number)
    return Done(
        message=_("批准入会"),
        note=_("会员编号 %(number)s") % {"number": membership.number},
        notices=[lambda: _tell(application, title, body)],
    )


def _required(reason: str, message: Any) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": message})
    return reason.strip()


def reject(actor: Actor, application: JoinApplication, *, reason: str) -> Done:
    """Reject with a reason the applicant sees."""
    reason = _required(reason, _("请填写不予批准的原因，申请人将看到此说明"))
    _reviewed(actor, application, reason)
    title = Text(gettext_lazy("入会申请未获批准"))
    return Done(
        message=_("不予批准"), note=reason, notices=[lambda: _tell(application, title, reason)]
    )


def request_info(actor: Actor, application: JoinApplication, *, reason: str) -> Done:
    """Ask the applicant for more information; they answer by resubmitting."""
    reason = _required(reason, _("请说明需要补充的内容"))
    _reviewed(actor, application, reason)
    title = Text(gettext_lazy("入会申请需要补充信息"))
    return Done(
        message=_("要求补充材料"), note=reason, notices=[lambda: _tell(application, title, reason)]
    )


# what an applicant may correct when asked for information
RESUBMITTED = ("name", "phone", "employer_name")


def resubmit(
    actor: Actor,
    application: JoinApplication,
    *,
    name: str | None = None,
    phone: str | None = None,
    employer_name: str | None = None,
    note: str = "",
) -> Done:
    """The applicant answers a request for information and sends the application back."""
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = name
    if phone is not None:
        changes["phone"] = phone
    cleaned = clean_person_fields(changes) if changes else {}
    if employer_name is not None and application.employer_id is None:
        cleaned["employer_name"] = employer_name.strip()
    apply_changes(application, cleaned, fields=RESUBMITTED, save=False)  # the engine saves
    application.reason = ""
    message = _("补充信息后重新提交") + (f"：{note.strip()}" if note.strip() else "")
    return Done(message=message, note=note.strip())


def withdraw(actor: Actor, application: JoinApplication) -> Done:
    application.reason = ""
    return Done(message=_("申请人撤回申请"))


# --- the services callers use -----------------------------------------------------------


def application_approve(
    *, actor: Actor, application: JoinApplication, started_on: date | None = None
) -> JoinApplication:
    return take(actor, application, "approve", started_on=started_on)  # type: ignore[no-any-return]


def applications_approve(
    *, actor: Actor, applications: list[JoinApplication], started_on: date | None = None
) -> tuple[list[JoinApplication], dict[int, list[str]]]:
    """Approve many at once. Each approval is its own transaction, so one refusal (already
    handled, out of scope...) does not undo the others; returns (approved, {pk: errors})."""
    approved: list[JoinApplication] = []
    refused: dict[int, list[str]] = {}
    for application in applications:
        try:
            approved.append(
                application_approve(actor=actor, application=application, started_on=started_on)
            )
        except ValidationError as exc:
            refused[application.pk] = exc.messages
        except OutOfScope:
            refused[application.pk] = [_("不在您的管理范围内")]
    return approved, refused


def application_reject(
    *, actor: Actor, application: JoinApplication, reason: str
) -> JoinApplication:
    return take(actor, application, "reject", reason=reason)  # type: ignore[no-any-return]


def application_request_info(
    *, actor: Actor, application: JoinApplication, reason: str
) -> JoinApplication:
    return take(actor, application, "request_info", reason=reason)  # type: ignore[no-any-return]


def application_resubmit(
    *,
    actor: Actor,
    application: JoinApplication,
    name: str | None = None,
    phone: str | None = None,
    employer_name: str | None = None,
    note: str = "",
) -> JoinApplication:
    return take(  # type: ignore[no-any-return]
        actor,
        application,
        "resubmit",
        name=name,
        phone=phone,
        employer_name=employer_name,
        note=note,
    )


def application_withdraw(*, actor: Actor, application: JoinApplication) -> JoinApplication:
    return take(actor, application, "withdraw")  # type: ignore[no-any-return]


@transaction.atomic
def platform_route_set(
    *, actor: Actor, station: Organization, union: Organization, platform: str = ""
) -> PlatformRoute:
    """Send the platform workers of an area (``platform`` blank: all platforms without a
    route of their own) to a joint union of that area."""
    require(actor, MEMBERS_REVIEW, station)
    if station.kind != NodeKind.STATION:
        raise ValidationError({"station": _("请选择服务站")})
    if not (union.is_joint and union.is_active and union.station_id == station.pk):
        raise ValidationError({"union": _("请选择该服务站下正常状态的联合会")})
    route = PlatformRoute.objects.select_for_update().filter(station=station, platform=platform)
    before = audit.snapshot(route[0]) if route else None
    saved, _created = PlatformRoute.objects.update_or_create(
        station=station, platform=platform, defaults={"union": union}
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=saved,
        organization=station,
        before=before,
        after=audit.snapshot(saved),
        message=_("新就业形态入会分派：%(route)s") % {"route": saved},
    )
    return saved
