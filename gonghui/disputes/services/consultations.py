"""Consultations: logged in seconds; each is one person-time (or ``people``)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import DISPUTES_CONSULT
from gonghui.core import audit, pii, rules
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, require
from gonghui.core.updates import apply_changes
from gonghui.disputes.choices import Channel, ConsultationOutcome, Satisfaction, Topic
from gonghui.disputes.models import Consultation
from gonghui.organizations.models import Organization

FIELDS = (
    "channel",
    "held_on",
    "people",
    "person",
    "worker_name",
    "phone",
    "employer",
    "employer_name",
    "topic",
    "question",
    "answer",
    "outcome",
    "satisfaction",
    "mediation_case",
)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    errors = rules.Errors()
    choices = (
        ("channel", Channel),
        ("topic", Topic),
        ("outcome", ConsultationOutcome),
        ("satisfaction", Satisfaction),
    )
    for field, options in choices:
        if field in cleaned and cleaned[field] not in options.values:
            label = getattr(Consultation._meta.get_field(field), "verbose_name", field)
            errors.add(field, _("请选择%(label)s") % {"label": label})
    if "held_on" in cleaned:
        errors.check(rules.past_date, cleaned["held_on"], "held_on", label=_("咨询日期"))
    if "people" in cleaned:
        cleaned["people"] = errors.check(
            rules.count, cleaned["people"], "people", label=_("人次"), minimum=1
        )
    if cleaned.get("phone"):
        cleaned["phone"] = errors.check(
            rules.normalized, pii.normalize_phone, cleaned["phone"], "phone"
        )
    errors.raise_any()
    return cleaned


@transaction.atomic
def consultation_log(
    *,
    actor: Actor,
    organization: Organization,
    channel: str,
    topic: str,
    held_on: date | None = None,
    **fields: Any,
) -> Consultation:
    require(actor, DISPUTES_CONSULT, organization)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError({key: _("该字段不能在此填写") for key in unknown})
    cleaned = _clean(
        {"channel": channel, "topic": topic, "held_on": held_on or timezone.localdate(), **fields}
    )
    consultation = Consultation.objects.create(
        organization=organization, handled_by_id=actor.pk, **cleaned
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=consultation, after=audit.snapshot(consultation)
    )
    return consultation


@transaction.atomic
def consultation_update(*, actor: Actor, consultation: Consultation, **fields: Any) -> Consultation:
    require(actor, DISPUTES_CONSULT, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    changes = apply_changes(consultation, _clean(fields), fields=FIELDS)
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=consultation, changes=changes.diff)
    return consultation
