"""Records the legal-aid tests share: the eligibility rules, a firm and its lawyers, and
an application received at service station A."""

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.accounts.roles import Role
from gonghui.core.testing import World, make_user
from gonghui.core.workflow import take
from gonghui.legalaid.choices import ApplicantStatus, Matter, RuleKind
from gonghui.legalaid.models import EligibilityRule, LawFirm, Lawyer, LegalAidCase
from gonghui.legalaid.services import cases, eligibility, lawyers

RULES_FROM = date(2020, 1, 1)
LINE = Decimal("2320.00")
LICENCES = ("11101200910123456", "11101201110234567", "11101201510345678")


def eligibility_rules(world: World) -> list[EligibilityRule]:
    actor = world.system
    return [
        eligibility.rule_create(
            actor=actor,
            kind=RuleKind.STATUS,
            statuses=[
                ApplicantStatus.HARDSHIP,
                ApplicantStatus.MODEL_WORKER,
                ApplicantStatus.LOW_INCOME,
            ],
            basis="困难职工、劳动模范、低收入职工视为经济困难",
            effective_from=RULES_FROM,
        ),
        eligibility.rule_create(
            actor=actor,
            kind=RuleKind.EXEMPT,
            statuses=[ApplicantStatus.MIGRANT],
            matters=[Matter.WAGES, Matter.WORK_INJURY],
            basis="法律援助法第四十二条：农民工请求支付劳动报酬或工伤赔偿",
            effective_from=RULES_FROM,
        ),
        eligibility.rule_create(
            actor=actor,
            kind=RuleKind.INCOME,
            monthly_line=LINE,
            basis="本市最低工资标准",
            effective_from=RULES_FROM,
        ),
    ]


def firm(world: World, name: str = "测试律师事务所") -> LawFirm:
    return lawyers.firm_create(actor=world.system, name=name)


def lawyer(
    world: World,
    name: str = "钱律师",
    *,
    at: LawFirm | None = None,
    username: str = "lawyer",
    n: int = 0,
) -> Lawyer:
    account = make_user(username, Role.LAWYER, world.federation) if username else None
    if username:
        world.users[username] = account  # type: ignore[assignment]
    return lawyers.lawyer_create(
        actor=world.system,
        organization=world.federation,
        licence_number=LICENCES[n],
        name=name,
        firm=at or firm(world),
        specialities=[Matter.WAGES],
        languages=["mandarin"],
        phone="13700001111",
        user=account,
    )


def application(world: World, **overrides: Any) -> LegalAidCase:
    fields: dict[str, Any] = {
        "actor": world.user("station_a_staff"),
        "organization": world.station_a,
        "channel": "window",
        "name": "赵援助",
        "id_number": "110101199003074477",
        "phone": "13912340000",
        "matter": Matter.WAGES,
        "facts": "公司拖欠三个月工资",
        "opposing_party": world.entity_a,
        "amount_claimed": "18000",
        "statuses": [ApplicantStatus.MIGRANT],
        "received_on": date(2026, 11, 2),
    }
    if overrides.get("applicant_user") is not None:
        fields["id_number"] = ""  # a member applying online is their own record
    fields.update(overrides)
    return cases.case_receive(**fields)


def accepted(world: World, case: LegalAidCase | None = None) -> LegalAidCase:
    case = case or application(world)
    return take(world.user("fed_staff"), case, "accept", decided_on=case.received_on)  # type: ignore[no-any-return]


def acting(world: World, lawyer_row: Lawyer, case: LegalAidCase | None = None) -> LegalAidCase:
    case = accepted(world, case)
    return take(  # type: ignore[no-any-return]
        world.user("fed_staff"), case, "assign", lawyer=lawyer_row, on=case.received_on
    )
