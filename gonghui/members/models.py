"""Workers and memberships.

A ``Person`` is one worker: one row per resident ID number (the blind index is unique),
whatever union they are in. A ``Membership`` links a person to a union for a period; at
most one membership of a person is active (a partial unique constraint). A
``JoinApplication`` is a request to join, routed to a union and reviewed by its staff.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core import pii
from gonghui.core.fields import BlindIndexField, EncryptedTextField, PhoneField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import NOTHING, Actor, ScopedQuerySet, paths_q
from gonghui.members.choices import (
    ApplicationStatus,
    Channel,
    EmploymentKind,
    MembershipSource,
    MembershipStatus,
    Platform,
)


class PersonQuerySet(ScopedQuerySet):
    """A person is in scope when one of their memberships (any status) is."""

    def subtree_condition(self, paths: list[str]) -> Q:
        if not paths:
            return NOTHING
        memberships = Membership.objects.filter(
            paths_q("union__path", paths), person=OuterRef("pk")
        )
        return Q(Exists(memberships))


class Person(TimeStampedModel):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    id_number = EncryptedTextField(_("身份证号"))
    id_number_index = BlindIndexField(source="id_number", unique=True)
    birth_date = models.DateField(_("出生日期"))
    sex = models.CharField(_("性别"), max_length=1, choices=[("M", _("男")), ("F", _("女"))])
    phone = PhoneField(_("手机号"), blank=True)
    phone_index = BlindIndexField(source="phone", null=True, blank=True, db_index=True)
    employment_kind = models.CharField(
        _("用工形式"),
        max_length=12,
        choices=EmploymentKind.choices,
        default=EmploymentKind.EMPLOYEE,
    )
    platform = models.CharField(_("平台类别"), max_length=12, choices=Platform.choices, blank=True)
    employer = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workers",
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=120, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会员账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("职工")
        verbose_name_plural = _("职工")

    def __str__(self) -> str:
        return self.name


class EmploymentPeriod(models.Model):
    """A closed period of a person's employment: what their record said about their work
    from ``valid_from`` (inclusive; NULL: since the record began) to ``valid_to``
    (exclusive), the day a dated change took effect (``services.people.employment_set``).
    The current period is the ``Person`` row itself, so a person whose employment never
    changed has no row here. A figure for a day reads the period that held that day, or
    the person's row when none did; nothing rewrites a closed period, so a figure for a
    day before a change never moves."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("职工"),
        on_delete=models.CASCADE,
        related_name="employment_periods",
    )
    employment_kind = models.CharField(_("用工形式"), max_length=12, choices=EmploymentKind.choices)
    platform = models.CharField(_("平台类别"), max_length=12, choices=Platform.choices, blank=True)
    employer = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=120, blank=True)
    valid_from = models.DateField(_("起始日期"), null=True, blank=True)
    valid_to = models.DateField(_("截止日期（不含）"))

    class Meta:
        verbose_name = _("就业情况记录")
        verbose_name_plural = _("就业情况记录")
        ordering = ["person", "valid_to"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "valid_to"], name="one_employment_period_per_end"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="employment_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.valid_from or ''}..{self.valid_to}"


class UnionScopedQuerySet(ScopedQuerySet):
    """Rows that belong to a union: in scope with the union."""

    scope_path_field = "union__path"


class MembershipQuerySet(UnionScopedQuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)

    def owner_condition(self, actor: Actor) -> Q:
        """A member's memberships are those of their worker's record."""
        return Q(person__user=actor.pk)


class JoinApplicationQuerySet(UnionScopedQuerySet):
    def owner_condition(self, actor: Actor) -> Q:
        """A member's applications: those submitted from the account, and those submitted
        without an account (an anonymous worker, or staff entering it) with the phone the
        member signed in with (a code proved the phone is theirs)."""
        condition = Q(applicant=actor.pk)
        phone = getattr(actor, "phone", "")
        if phone:
            condition |= Q(applicant__isnull=True, phone_index=pii.blind_index(phone))
        return condition


class Membership(TimeStampedModel):
    person = models.ForeignKey(
        Person, verbose_name=_("职工"), on_delete=models.PROTECT, related_name="memberships"
    )
    union = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在工会"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    number = models.CharField(_("会员编号"), max_length=20, unique=True)
    status = models.CharField(
        _("会籍状态"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    source = models.CharField(_("入会方式"), max_length=12, choices=MembershipSource.choices)
    started_on = models.DateField(_("入会日期"))
    ended_on = models.DateField(_("离会日期"), null=True, blank=True)
    end_reason = models.CharField(_("离会原因"), max_length=200, blank=True)
    # the person's kind of employment when the membership began (statistics read it)
    employment_kind = models.CharField(
        _("入会时用工形式"),
        max_length=12,
        choices=EmploymentKind.choices,
        default=EmploymentKind.EMPLOYEE,
    )
    platform = models.CharField(
        _("入会时平台类别"), max_length=12, choices=Platform.choices, blank=True
    )
    transferred_from = models.OneToOneField(
        "self",
        verbose_name=_("转自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_to",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("会籍")
        verbose_name_plural = _("会籍")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=MembershipStatus.ACTIVE),
                name="one_active_membership_per_person",
                violation_error_message=_("此人已是其他工会的会员"),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "status"], name="membership_union_status_idx"),
            models.Index(fields=["started_on"], name="membership_started_idx"),
            models.Index(fields=["ended_on"], name="membership_ended_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.person}"

    @property
    def organization_id(self) -> Any:
        return self.union_id

    @property
    def shows_whereabouts(self) -> bool:
        """A union sees where a person is now (phone, employer) only through a current
        membership; an ended one shows its own history, not the person's present."""
        return self.status == MembershipStatus.ACTIVE


class JoinApplication(TimeStampedModel):
    """A worker's request to join, routed to the union that will review it."""

    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号"))
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    phone = PhoneField(_("手机号"))
    phone_index = BlindIndexField(source="phone", null=True, blank=True, db_index=True)
    employment_kind = models.CharField(_("用工形式"), max_length=12, choices=EmploymentKind.choices)
    platform = models.CharField(_("平台类别"), max_length=12, choices=Platform.choices, blank=True)
    employer = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=120, blank=True)
    area = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在区域（服务站）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    union = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("受理工会"),
        on_delete=models.PROTECT,
        related_name="join_applications",
    )
    consent_version = models.CharField(_("同意书版本"), max_length=10)
    consented_at = models.DateTimeField(_("同意时间"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_applications",
    )
    reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("会籍"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )

    objects = JoinApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        indexes = [
            models.Index(fields=["union", "status"], name="application_union_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def organization_id(self) -> Any:
        return self.union_id


class PlatformRoute(models.Model):
    """Which joint union receives the platform workers of an area (a service station)."""

    station = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("服务站"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    platform = models.CharField(_("平台类别"), max_length=12, choices=Platform.choices, blank=True)
    union = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("受理的联合会"),
        on_delete=models.CASCADE,
        related_name="platform_routes",
    )

    class Meta:
        verbose_name = _("新就业形态入会分派")
        verbose_name_plural = _("新就业形态入会分派")
        constraints = [
            models.UniqueConstraint(fields=["station", "platform"], name="platform_route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.get_platform_display() or '*'} → {self.union}"


class OneTimeCode(models.Model):
    """A sign-in code sent by SMS: stored hashed, expiring, single use, attempts counted."""

    phone = PhoneField(_("手机号"))
    phone_index = BlindIndexField(source="phone", null=True, blank=True, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


class RosterImport(TimeStampedModel):
    """One roster import (a file for a union): its progress, counts and error report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("有错误，未导入")
        CHECKED = "checked", _("检查通过（未导入）")

    union = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("工会"),
        on_delete=models.PROTECT,
        related_name="roster_imports",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", blank=True)
    dry_run = models.BooleanField(_("只检查不导入"), default=False)
    update_existing = models.BooleanField(_("更新已登记人员"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    error_count = models.PositiveIntegerField(_("错误行"), default=0)
    error_report = models.FileField(_("错误报告"), upload_to="imports/errors/%Y/%m/", blank=True)
    message = models.TextField(_("说明"), blank=True)

    objects = UnionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def organization_id(self) -> Any:
        return self.union_id
