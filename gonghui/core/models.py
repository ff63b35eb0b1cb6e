from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import pii
from gonghui.core.attachments.models import Attachment as Attachment  # the model's package
from gonghui.core.fields import BlindIndexField, PhoneField
from gonghui.core.scoping import NOTHING, Actor, ScopedQuerySet, paths_q


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    TRANSITION = "transition", _("状态变更")
    BULK = "bulk", _("批量操作")
    VIEW_PERSONAL_DATA = "view_pii", _("查看个人信息")
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")


class AuditEntryQuerySet(ScopedQuerySet):
    def subtree_condition(self, paths: list[str]) -> Q:
        """Entries of the actor's subtrees; entries tied to no node only for root scopes."""
        condition = paths_q(self.scope_path_field, paths)
        if any(path.count(".") == 1 for path in paths):
            condition |= Q(organization__isnull=True)
        return condition


class AuditEntry(models.Model):
    """One write (or one unmasked view of personal data), shaped like NetBox's ObjectChange."""

    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True, db_index=True)
    # what the client sent as X-Request-ID: kept for support, never trusted as the request id
    client_request_id = models.CharField(_("客户端请求编号"), max_length=64, blank=True)
    action = models.CharField(_("动作"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所属组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"


class Sequence(models.Model):
    """A named counter for document and record numbers (see ``core.numbering``)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    last_value = models.PositiveBigIntegerField(_("当前值"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self) -> str:
        return f"{self.name}={self.last_value}"


class WorkdayOverride(models.Model):
    """A day whose working status staff set by hand: for years the ``chinese-calendar``
    package does not cover yet (the State Council publishes each year's holidays and
    make-up working days late in the year before), or to correct it."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'工作日' if self.is_workday else '休息日'}"


class StatusChangeQuerySet(ScopedQuerySet):
    scope_path_field = "organization_path"


class StatusChange(models.Model):
    """One step taken on a workflow object (``core.workflow``): the status history. Only
    the engine writes it; a step that keeps the state (a session) has ``to_state`` blank."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    # the path of the object's organisation when the step was taken, for scoping
    organization_path = models.CharField(_("组织路径"), max_length=255, blank=True)
    workflow = models.CharField(_("流程"), max_length=50)
    step = models.CharField(_("步骤"), max_length=50)
    from_state = models.CharField(_("原状态"), max_length=20)
    to_state = models.CharField(_("新状态"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("状态记录")
        verbose_name_plural = _("状态记录")
        ordering = ["at", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "at"], name="status_change_object_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.step} {self.from_state}->{self.to_state}"


class NoticeQuerySet(ScopedQuerySet):
    """Notices are read by their recipient: a member through ``for_owner``, staff in their
    own inbox (``core.notices.inbox``); no role reaches others' notices by its subtree."""

    def subtree_condition(self, paths: list[str]) -> Q:
        return NOTHING

    def owner_condition(self, actor: Actor) -> Q:
        """A member's notices: sent to the account, to the member's worker record, or (with
        no record) to the phone the member signed in with."""
        condition = Q(user=actor.pk) | Q(user__isnull=True, person__user=actor.pk)
        phone = getattr(actor, "phone", "")
        if phone:
            condition |= Q(
                user__isnull=True, person__isnull=True, phone_index=pii.blind_index(phone)
            )
        return condition


class NoticeKind(models.TextChoices):
    GENERAL = "", _("通知")
    ASSIGNMENT = "assignment", _("指派")
    REMINDER = "reminder", _("期限提醒")


class Notice(models.Model):
    """A message to a person about something of theirs (a decision, an assignment, a
    deadline): shown in the recipient's inbox (the staff ``/notices/`` page, the member
    portal) and sent by SMS where configured (``core.notices.notice_send``). A notice for
    someone without an account waits on their worker's record or phone until they sign in."""

    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("职工"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    phone = PhoneField(_("手机号"), blank=True)
    phone_index = BlindIndexField(source="phone", null=True, blank=True, db_index=True)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=200, blank=True)
    # what the notice is for: the deadline reminders send a record one a day at most
    kind = models.CharField(
        _("类别"), max_length=20, choices=NoticeKind.choices, default="", blank=True
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.title


class ClockUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("工作小时")
    WORKING_DAYS = "working_days", _("工作日")


class Clock(models.Model):
    """One named service-level clock on one object (``core.clocks``): when it started, the
    moment it runs to, when it was met, and, while paused, the working time that was left.
    An object may run several (a hotline ticket: first contact, response, completion)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    name = models.CharField(_("计时名称"), max_length=30)
    unit = models.CharField(_("计时单位"), max_length=20, choices=ClockUnit.choices)
    amount = models.PositiveIntegerField(_("时限"))
    started_at = models.DateTimeField(_("开始时间"))
    due_at = models.DateTimeField(_("到期时间"), db_index=True)
    due_uncertain = models.BooleanField(_("到期时间待节假日公布后确认"), default=False)
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    # working seconds left when the clock was paused
    remaining = models.PositiveBigIntegerField(_("暂停时剩余工作秒数"), null=True, blank=True)

    class Meta:
        verbose_name = _("时限计时")
        verbose_name_plural = _("时限计时")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "name"], name="clock_one_per_name"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="clock_object_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M}"

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Running (not met, not paused) and past its due time."""
        now = now or timezone.now()
        return self.met_at is None and self.paused_at is None and self.due_at < now

    @property
    def met_on_time(self) -> bool | None:
        """Met no later than due: True or False once met, None while it runs."""
        if self.met_at is None:
            return None
        return self.met_at <= self.due_at
