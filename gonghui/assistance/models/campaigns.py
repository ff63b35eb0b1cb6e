"""Condolence campaigns (慰问): Spring Festival 送温暖, May Day, National Day, New Year,
summer 夏送清凉, epidemic, visits to model workers. A campaign has a budget drawn from a
budget line (a ``Fund``), a scope (units, sites such as construction projects, or the
hardship files of a tier), what each head receives, and a distribution list built from
its scope; each line is signed for when it is handed out."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_DISTRIBUTE, ASSISTANCE_VIEW
from gonghui.assistance.choices import (
    CampaignScope,
    CampaignStatus,
    Document,
    LineStatus,
    Occasion,
    Tier,
)
from gonghui.assistance.models.reference import money_field
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet, paths_q


class Campaign(TimeStampedModel):
    number = models.CharField(_("活动编号"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("组织单位"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    name = models.CharField(_("活动名称"), max_length=120)
    occasion = models.CharField(_("慰问类别"), max_length=16, choices=Occasion.choices)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    fund = models.ForeignKey(
        "assistance.Fund",
        verbose_name=_("支出科目"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    budget = money_field(_("预算（元）"))
    cash_per_head = money_field(_("每人慰问金（元）"), default=Decimal("0"))
    goods = models.CharField(_("慰问品"), max_length=200, blank=True)
    goods_value_per_head = money_field(_("每份慰问品价值（元）"), default=Decimal("0"))
    scope = models.CharField(_("慰问范围"), max_length=6, choices=CampaignScope.choices)
    units = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("慰问单位"),
        blank=True,
        related_name="+",
    )
    tier = models.CharField(_("困难类别"), max_length=10, choices=Tier.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.PLANNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("慰问活动")
        verbose_name_plural = _("慰问活动")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignSite(models.Model):
    """A place a campaign reaches that is not a union of the tree: a construction
    project, an outdoor post."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("慰问活动"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("站点名称"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    entity = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("施工/用工单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workers = models.PositiveIntegerField(_("职工人数"), default=0)

    class Meta:
        verbose_name = _("慰问站点")
        verbose_name_plural = _("慰问站点")
        ordering = ["campaign", "id"]

    def __str__(self) -> str:
        return self.name


class DistributionLineQuerySet(ScopedQuerySet):
    """A line is in scope with its campaign's organiser, and with the unit it goes to: a
    union hands out the lines of its own members in the federation's campaign."""

    scope_path_field = "campaign__organization__path"

    def subtree_condition(self, paths: list[str]) -> Q:
        return paths_q("campaign__organization__path", paths) | paths_q("unit__path", paths)

    def owner_condition(self, actor: Actor) -> Q:
        return Q(person__user=actor.pk)


class DistributionLine(TimeStampedModel):
    """One line of a campaign's distribution list: a worker, or a group at a unit or a
    site (``people`` heads, reached ``person_times`` times: 27,000 servings of summer
    drinks over a season reach far more person-times than heads)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("慰问活动"), on_delete=models.CASCADE, related_name="lines"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("职工"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="distribution_lines",
    )
    name = models.CharField(_("领取人/对象"), max_length=120)
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    site = models.ForeignKey(
        CampaignSite,
        verbose_name=_("站点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    people = models.PositiveIntegerField(_("人数"), default=1, validators=[MinValueValidator(1)])
    person_times = models.PositiveIntegerField(
        _("人次"), default=1, validators=[MinValueValidator(1)]
    )
    sets = models.PositiveIntegerField(_("慰问品份数"), default=0)
    cash = money_field(_("慰问金（元）"), default=Decimal("0"))
    goods_value = money_field(_("慰问品价值（元）"), default=Decimal("0"))
    status = models.CharField(
        _("状态"), max_length=12, choices=LineStatus.choices, default=LineStatus.PLANNED
    )
    distributed_on = models.DateField(_("发放日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DistributionLineQuerySet.as_manager()

    attachment_rules = AttachmentRules(
        view_action=ASSISTANCE_VIEW,
        upload_action=ASSISTANCE_DISTRIBUTE,
        kinds=(
            (Document.SIGNATURE.value, Document.SIGNATURE.label),
            (Document.SIGNED_SHEET.value, Document.SIGNED_SHEET.label),
            (Document.PHOTO.value, Document.PHOTO.label),
        ),
        organization=lambda line: line.campaign.organization,
    )

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["campaign", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_times__gte=models.F("people")), name="line_times_cover_people"
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(person__isnull=False),
                name="one_line_per_person_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return self.name
