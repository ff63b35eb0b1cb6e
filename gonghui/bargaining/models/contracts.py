"""Collective contracts and the bargaining process that makes each one: one row is the
process and, once signed, the contract (its kind, parties, the firms it covers and its
term). The eight steps are the workflow ``bargaining.workflows.CONTRACTS``; each step's
day and record is a field here, and its documents attach to the contract tagged by the
step. Scoped by the path of the union on the workers' side (a joint union for an area
contract)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_NEGOTIATE, BARGAINING_VIEW
from gonghui.bargaining.choices import STEP_DONE, STEPS, Answer, ContractKind, Side, Status
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.deadlines import DeadlineFields, DeadlineQuerySet
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import ScopedQuerySet

DOCUMENT_KINDS = tuple((f"step{n}", f"{n} {label}") for n, label in enumerate(STEPS, start=1))


class Contract(DeadlineFields, TimeStampedModel):
    attachment_rules = AttachmentRules(
        view_action=BARGAINING_VIEW,
        upload_action=BARGAINING_NEGOTIATE,
        kinds=DOCUMENT_KINDS,
        organization=lambda contract: contract.organization,
    )
    number = models.CharField(_("编号"), max_length=24, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("职工方工会"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    kind = models.CharField(_("合同类别"), max_length=14, choices=ContractKind.choices)
    title = models.CharField(_("合同名称"), max_length=120)
    employer = models.CharField(_("企业方（用人单位或企业代表组织）"), max_length=120)
    entities = models.ManyToManyField(
        "organizations.LegalEntity", verbose_name=_("适用的法人单位"), related_name="contracts"
    )
    status = models.CharField(
        _("进度"), max_length=12, choices=Status.choices, default=Status.OPENED
    )
    opened_on = models.DateField(_("启动日期"))
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("续签的原合同"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    last_event_on = models.DateField(_("最近一步日期"))
    # 1 representatives
    named_on = models.DateField(_("产生代表日期"), null=True, blank=True)
    # 2 the offer and its answer
    offered_on = models.DateField(_("要约日期"), null=True, blank=True)
    offered_by = models.CharField(_("要约方"), max_length=8, choices=Side.choices, blank=True)
    offer = models.TextField(_("要约内容"), blank=True)
    answer_due_on = models.DateField(_("书面回应期限"), null=True, blank=True)
    answer = models.CharField(_("对方回应"), max_length=18, choices=Answer.choices, blank=True)
    answered_on = models.DateField(_("回应日期"), null=True, blank=True)
    answer_reason = models.TextField(_("拒绝理由"), blank=True)
    # 3 preparation
    prepared_on = models.DateField(_("协商准备完成日期"), null=True, blank=True)
    preparation = models.TextField(_("协商准备和初步沟通情况"), blank=True)
    # 4 the formal meeting
    met_on = models.DateField(_("协商会议日期"), null=True, blank=True)
    minutes = models.TextField(_("协商会议纪要"), blank=True)
    # 5 adoption
    adopted_by = models.ForeignKey(
        "bargaining.Vote",
        verbose_name=_("审议通过的表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 6 signature
    signed_on = models.DateField(_("签字日期"), null=True, blank=True)
    term_start = models.DateField(_("合同期限起"), null=True, blank=True)
    term_end = models.DateField(_("合同期限止"), null=True, blank=True)
    workers_chief = models.CharField(_("职工方首席代表"), max_length=50, blank=True)
    employer_chief = models.CharField(_("企业方首席代表"), max_length=50, blank=True)
    report_due_on = models.DateField(_("报送期限"), null=True, blank=True)
    # 7 report, review, effect
    reported_on = models.DateField(_("报送日期"), null=True, blank=True)
    received_on = models.DateField(_("人社部门收到日期"), null=True, blank=True)
    department = models.CharField(_("审查部门"), max_length=100, blank=True)
    review_ends_on = models.DateField(_("审查期满日期"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    # 8 publication and filing
    published_on = models.DateField(_("向职工公布日期"), null=True, blank=True)
    filed_on = models.DateField(_("报总工会备案日期"), null=True, blank=True)
    # the end of a process that did not reach a contract
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    renewal_reminded_on = models.DateField(_("续签提醒日期"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status"], name="contract_org_status_idx"),
            models.Index(fields=["effective_on", "term_end"], name="contract_in_force_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=F("term_start")),
                name="contract_term_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(reported_on__gte=F("signed_on")),
                name="contract_reported_after_signing",
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=F("received_on")),
                name="contract_effective_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def step_done(self) -> int:
        return STEP_DONE.get(Status(self.status), 0)

    def step_bar(self) -> list[dict[str, Any]]:
        """The eight steps with whether each is done and which is next (the page's bar)."""
        done = self.step_done
        ended = self.status == Status.ABANDONED
        return [
            {
                "number": n,
                "label": label,
                "done": n <= done,
                "current": not ended and n == done + 1,
            }
            for n, label in enumerate(STEPS, start=1)
        ]


class NegotiatorQuerySet(ScopedQuerySet):
    scope_path_field = "contract__organization__path"


class Negotiator(models.Model):
    """A bargaining representative of one side, the chief representative marked."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("集体合同"), on_delete=models.CASCADE, related_name="negotiators"
    )
    side = models.CharField(_("代表方"), max_length=8, choices=Side.choices)
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    chief = models.BooleanField(_("首席代表"), default=False)

    objects = NegotiatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("协商代表")
        verbose_name_plural = _("协商代表")
        ordering = ["contract", "-side", "-chief", "pk"]  # the workers' side first
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "side"], condition=Q(chief=True), name="one_chief_per_side"
            )
        ]

    def __str__(self) -> str:
        return self.name


class GuidanceQuerySet(ScopedQuerySet):
    scope_path_field = "contract__organization__path"


class Guidance(models.Model):
    """The federation's (or a station's) guidance on a process: who, when, what."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("集体合同"), on_delete=models.CASCADE, related_name="guidance"
    )
    guided_on = models.DateField(_("指导日期"))
    guide = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guide_name = models.CharField(_("指导人"), max_length=50)
    guide_unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("指导单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("指导内容"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = GuidanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("上级工会指导")
        verbose_name_plural = _("上级工会指导")
        ordering = ["contract", "guided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.guided_on} {self.guide_name}"


class ClockName(models.TextChoices):
    ANSWER = "answer", _("书面回应要约")
    REPORT = "report", _("签字后报送审查")


class StepClockQuerySet(ScopedQuerySet):
    scope_path_field = "contract__organization__path"


class StepClock(models.Model):
    """One run of a statutory clock of a process, kept as a dated fact: when it started,
    when it was due, and the day it stopped (met: answered or reported; not met: the
    offer went unanswered, the process went back or ended). Rows are only ever closed,
    so "past its deadline on a day" reads the same whenever it is asked."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("集体合同"), on_delete=models.CASCADE, related_name="clocks"
    )
    name = models.CharField(_("期限"), max_length=8, choices=ClockName.choices)
    started_on = models.DateField(_("起算日期"))
    due_on = models.DateField(_("届满日期"))
    closed_on = models.DateField(_("停止日期"), null=True, blank=True)
    met = models.BooleanField(_("按期完成"), default=False)

    objects = StepClockQuerySet.as_manager()

    class Meta:
        verbose_name = _("协商期限记录")
        verbose_name_plural = _("协商期限记录")
        ordering = ["contract", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(closed_on__isnull=True),
                name="one_running_step_clock",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("started_on")), name="step_clock_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.name} {self.started_on}..{self.due_on}"
