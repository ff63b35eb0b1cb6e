"""The vocabulary of workers' congresses and collective bargaining, and the statutory
periods.

The periods are those of the 集体合同规定 (Ministry of Labour and Social Security order
No. 22, 2004): the side that receives a written offer answers in writing within 20 days
(art. 32); the employer reports the signed contract to the labour department within 10
days of the chief representatives' signatures (art. 42); the contract takes effect when
the department raises no objection within 15 days of receiving it (art. 47). A contract
runs 1 to 3 years (art. 38). A vote of the workers' congress needs two thirds of the
representatives present and passes with more than half of all of them (企业民主管理规定,
2012)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

OFFER_ANSWER_DAYS = 20
REPORT_DAYS = 10
REVIEW_DAYS = 15
TERM_MIN_YEARS = 1
TERM_MAX_YEARS = 3
SIDE_MIN_REPRESENTATIVES = 3  # 集体合同规定 art. 19: at least three a side, as many each


class CongressKind(models.TextChoices):
    CONGRESS = "congress", _("职工代表大会")
    ASSEMBLY = "assembly", _("职工大会")


class CongressScope(models.TextChoices):
    UNIT = "unit", _("单独召开")
    JOINT = "joint", _("联合召开（联合工会）")
    AREA = "area", _("区域召开")


class Group(models.TextChoices):
    """A representative's group; the last two are the managers the cap counts."""

    FRONT_LINE = "front_line", _("一线职工")
    TECHNICIAN = "technician", _("专业技术人员")
    MIDDLE_MANAGER = "middle_manager", _("中层管理人员")
    SENIOR_MANAGER = "senior_manager", _("企业领导人员")


MANAGERS = frozenset({Group.MIDDLE_MANAGER, Group.SENIOR_MANAGER})


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ASSIGNED = "assigned", _("已交办")
    ANSWERED = "answered", _("已答复")
    NOT_ACCEPTED = "not_accepted", _("不予立案")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合性集体合同")
    WAGE = "wage", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")
    SECTOR = "sector", _("行业性集体合同")
    AREA = "area", _("区域性集体合同")


class Side(models.TextChoices):
    WORKERS = "workers", _("职工方")
    EMPLOYER = "employer", _("企业方")


class Status(models.TextChoices):
    """Where a bargaining process stands: the last of the eight steps done."""

    OPENED = "opened", _("筹备中")
    NAMED = "named", _("1 已产生协商代表")
    OFFERED = "offered", _("2 已提出要约，待对方书面回应")
    REFUSED = "refused", _("对方拒绝或未回应要约")
    ANSWERED = "answered", _("2 对方已书面同意协商")
    PREPARED = "prepared", _("3 协商准备已完成")
    NEGOTIATED = "negotiated", _("4 已召开协商会议")
    ADOPTED = "adopted", _("5 职代会已审议通过")
    SIGNED = "signed", _("6 已签字盖章，待报送")
    REPORTED = "reported", _("7 已报送审查")
    EFFECTIVE = "effective", _("7 已生效")
    FILED = "filed", _("8 已公布并报总工会备案")
    ABANDONED = "abandoned", _("已终止")


# the step of the eight each status has completed (the step bar); 0: none yet
STEP_DONE = {
    Status.OPENED: 0,
    Status.NAMED: 1,
    Status.OFFERED: 1,
    Status.REFUSED: 1,
    Status.ANSWERED: 2,
    Status.PREPARED: 3,
    Status.NEGOTIATED: 4,
    Status.ADOPTED: 5,
    Status.SIGNED: 6,
    Status.REPORTED: 6,
    Status.EFFECTIVE: 7,
    Status.FILED: 8,
    Status.ABANDONED: 0,
}

STEPS = (
    _("明确协商主体，产生代表"),
    _("提出要约，启动协商"),
    _("协商准备，初步沟通"),
    _("召开会议，正式协商"),
    _("提交审议，讨论通过"),
    _("首席签字，双方盖章"),
    _("及时上报，审查备案"),
    _("公布实施，报总工会备案"),
)

OPEN = frozenset(
    {
        Status.OPENED,
        Status.NAMED,
        Status.OFFERED,
        Status.REFUSED,
        Status.ANSWERED,
        Status.PREPARED,
        Status.NEGOTIATED,
        Status.ADOPTED,
        Status.SIGNED,
        Status.REPORTED,
    }
)
IN_FORCE = frozenset({Status.EFFECTIVE, Status.FILED})


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("书面同意协商")
    REFUSED = "refused", _("书面拒绝，说明了理由")
    REFUSED_WITHOUT_REASON = "refused_no_reason", _("拒绝，未说明理由")
    NO_ANSWER = "no_answer", _("期限内未书面回应")
