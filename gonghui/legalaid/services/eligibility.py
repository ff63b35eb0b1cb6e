"""The means test (经济困难审查), read from the rules held in data
(``legalaid.EligibilityRule``): a worker holding a status the rules name passes by it
(hardship workers, model workers, low-income workers); a status exempt for the matter
(a migrant worker claiming wages or work-injury compensation, 法律援助法 art. 42) is not
tested; the others are assessed against the income line in force on the day the
application was received. And the services that keep those rules."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.accounts.roles import LEGALAID_MANAGE
from gonghui.assistance.models import FileStanding
from gonghui.core import audit, rules
from gonghui.core.district import manages_district
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, OutOfScope
from gonghui.legalaid.choices import ApplicantStatus, Matter, MeansResult, RuleKind
from gonghui.legalaid.models import EligibilityRule

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Assessment:
    result: str
    basis: str

    @property
    def passed(self) -> bool:
        from gonghui.legalaid.choices import MEANS_PASSED

        return self.result in MEANS_PASSED

    @property
    def label(self) -> str:
        return str(MeansResult(self.result).label)


def rules_on(day: date) -> list[EligibilityRule]:
    in_force = Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gt=day))
    return list(EligibilityRule.objects.filter(in_force).order_by("-effective_from", "id"))


def hardship_on(person: Any, day: date) -> bool:
    """Whether the worker was on the federation's hardship record that day."""
    if person is None:
        return False
    return FileStanding.objects.on(day).filter(file__person=person).exists()


def statuses_of(person: Any, declared: list[str], day: date) -> list[str]:
    """The statuses the test reads: those declared at the window (with their proof
    attached), and hardship read from the hardship record itself."""
    found = [code for code in declared if code in ApplicantStatus.values]
    if ApplicantStatus.HARDSHIP not in found and hardship_on(person, day):
        found.append(ApplicantStatus.HARDSHIP)
    return list(dict.fromkeys(found))


def assess(
    *,
    statuses: list[str],
    matter: str,
    household_size: int | None,
    household_income: Decimal | None,
    on: date,
) -> Assessment:
    """The result of the means test by the rules in force ``on``: a status first, then an
    exemption for the matter, then the income line."""
    held = set(statuses)
    in_force = rules_on(on)
    for rule in in_force:
        if rule.kind == RuleKind.STATUS and held.intersection(rule.statuses):
            return Assessment(MeansResult.BY_STATUS, rule.basis)
    for rule in in_force:
        if rule.kind != RuleKind.EXEMPT or not held.intersection(rule.statuses):
            continue
        if not rule.matters or matter in rule.matters:
            return Assessment(MeansResult.EXEMPT, rule.basis)
    line = next((rule for rule in in_force if rule.kind == RuleKind.INCOME), None)
    if line is None or line.monthly_line is None:
        return Assessment(MeansResult.UNKNOWN, _("未设置收入标准"))
    if household_income is None or not household_size:
        return Assessment(MeansResult.UNKNOWN, line.basis)
    per_capita = (household_income / household_size).quantize(CENT)
    result = MeansResult.BELOW_LINE if per_capita <= line.monthly_line else MeansResult.ABOVE_LINE
    basis = _("%(basis)s：家庭月人均收入 %(income)s 元，标准 %(line)s 元") % {
        "basis": line.basis,
        "income": per_capita,
        "line": line.monthly_line,
    }
    return Assessment(result, basis[:200])


# --- keeping the rules -------------------------------------------------------------------


def _codes(values: Any, allowed: list[str], field: str, label: str) -> list[str]:
    codes = [str(code) for code in (values or [])]
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("%(label)s无效：%(code)s") % {"label": label, "code": unknown[0]}}
        )
    return list(dict.fromkeys(codes))


def can_manage(actor: Actor) -> bool:
    """The settings are the district's: the manage action held on the root of the tree."""
    return manages_district(actor, LEGALAID_MANAGE)


def _require_manager(actor: Actor) -> None:
    if not can_manage(actor):
        raise OutOfScope(LEGALAID_MANAGE)


@transaction.atomic
def rule_create(
    *,
    actor: Actor,
    kind: str,
    basis: str,
    effective_from: date | None,
    statuses: list[str] | None = None,
    matters: list[str] | None = None,
    monthly_line: Any = None,
) -> EligibilityRule:
    """Add a rule from a day on (a rule is never edited: a changed line is a new rule
    from its day, the old one ended the day before)."""
    _require_manager(actor)
    errors = rules.Errors()
    if kind not in RuleKind.values:
        errors.add("kind", _("请选择规则类别"))
    text = errors.check(rules.required_text, basis, "basis", label=_("依据"), max_length=200)
    if effective_from is None:
        errors.add("effective_from", _("请填写执行日期"))
    held = errors.check(_codes, statuses, ApplicantStatus.values, "statuses", _("适用身份")) or []
    matter_codes = errors.check(_codes, matters, Matter.values, "matters", _("适用事项")) or []
    line = None
    if kind == RuleKind.INCOME:
        line = errors.check(rules.money, monthly_line, "monthly_line", label=_("月人均收入标准"))
    elif kind in (RuleKind.STATUS, RuleKind.EXEMPT) and not held and "statuses" not in errors:
        errors.add("statuses", _("请选择适用的身份"))
    errors.raise_any()
    assert effective_from is not None
    if kind == RuleKind.INCOME:
        _end_income_lines(effective_from)
    rule = EligibilityRule.objects.create(
        kind=kind,
        basis=text or "",
        effective_from=effective_from,
        statuses=held if kind != RuleKind.INCOME else [],
        matters=matter_codes if kind == RuleKind.EXEMPT else [],
        monthly_line=line,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=rule, after=audit.snapshot(rule))
    return rule


def _end_income_lines(day: date) -> None:
    """A new income line ends the one in force before it; none may start on or after it."""
    lines = EligibilityRule.objects.filter(kind=RuleKind.INCOME, effective_to__isnull=True)
    if lines.filter(effective_from__gte=day).exists():
        raise ValidationError(
            {"effective_from": _("已有同日或更晚执行的收入标准，新标准的执行日期须晚于它")}
        )
    lines.update(effective_to=day)


@transaction.atomic
def rule_end(*, actor: Actor, rule: EligibilityRule, effective_to: date | None) -> EligibilityRule:
    """Stop a rule from a day on (the cases reviewed before keep the result they got)."""
    _require_manager(actor)
    if effective_to is None:
        raise ValidationError({"effective_to": _("请填写停止执行日期")})
    if effective_to <= rule.effective_from:
        raise ValidationError({"effective_to": _("停止执行日期须晚于执行日期")})
    before = audit.snapshot(rule)
    rule.effective_to = effective_to
    rule.save(update_fields=["effective_to", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=rule, before=before, after=audit.snapshot(rule)
    )
    return rule
