"""Workers' congresses: the body of a union (or of a joint union or an area, for small
firms), its terms with the firms each covers, the representatives elected for a term,
its sessions with their attendance, the votes taken and the representatives' proposals.

Scoped by the convening organisation's path."""

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_CONGRESS, BARGAINING_VIEW
from gonghui.bargaining.choices import (
    CongressKind,
    CongressScope,
    Group,
    ProposalStatus,
    Satisfaction,
)
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet


class Congress(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("召集单位"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("形式"), max_length=10, choices=CongressKind.choices)
    scope = models.CharField(_("召开方式"), max_length=8, choices=CongressScope.choices)
    note = models.TextField(_("备注"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("职代会")
        verbose_name_plural = _("职代会")
        ordering = ["organization__path", "name"]

    def __str__(self) -> str:
        return self.name


class TermQuerySet(ScopedQuerySet):
    scope_path_field = "congress__organization__path"


class Term(TimeStampedModel):
    """A term (届) of a congress, and the firms it covers: fixed once its first session
    is held, so that the share of firms with a congress on a past day does not move."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("职代会"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("本届起始日期"))
    ends_on = models.DateField(_("本届届满日期"))
    entities = models.ManyToManyField(
        "organizations.LegalEntity", verbose_name=_("覆盖的法人单位"), related_name="congress_terms"
    )
    workers = models.PositiveIntegerField(_("覆盖职工人数"), default=0)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("职代会届次")
        verbose_name_plural = _("职代会届次")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="one_term_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return _("%(congress)s第%(number)d届") % {"congress": self.congress, "number": self.number}

    @property
    def organization(self) -> Any:
        return self.congress.organization


class RepresentativeQuerySet(ScopedQuerySet):
    scope_path_field = "term__congress__organization__path"

    def serving_on(self, day: Any) -> "RepresentativeQuerySet":
        return self.filter(Q(elected_on__lte=day), Q(left_on__isnull=True) | Q(left_on__gt=day))


class Representative(TimeStampedModel):
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.CASCADE, related_name="representatives"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("会员档案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="congress_seats",
    )
    name = models.CharField(_("姓名"), max_length=50)
    group = models.CharField(_("代表类别"), max_length=16, choices=Group.choices)
    entity = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    elected_on = models.DateField(_("当选日期"))
    left_on = models.DateField(_("终止代表资格日期"), null=True, blank=True)
    left_reason = models.CharField(_("终止原因"), max_length=200, blank=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("职工代表")
        verbose_name_plural = _("职工代表")
        ordering = ["term", "group", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("elected_on")),
                name="representative_leaves_after_election",
            ),
            models.UniqueConstraint(
                fields=["term", "person"],
                condition=Q(person__isnull=False, left_on__isnull=True),
                name="one_seat_per_person_and_term",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SessionQuerySet(ScopedQuerySet):
    scope_path_field = "term__congress__organization__path"


class Session(TimeStampedModel):
    """A meeting of a term. Its attendance fixes how many could vote and how many came:
    for a congress the representatives serving on the day and those marked present, for
    a workers' assembly the firm's workers that day and those present, as counted."""

    attachment_rules = AttachmentRules(
        view_action=BARGAINING_VIEW,
        upload_action=BARGAINING_CONGRESS,
        kinds=(("notice", _("会议通知")), ("minutes", _("会议记录")), ("resolution", _("决议"))),
        organization=lambda session: session.term.congress.organization,
    )
    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("会次"), validators=[MinValueValidator(1)])
    held_on = models.DateField(_("会议日期"))
    proposals_open_on = models.DateField(_("提案征集开始日期"), null=True, blank=True)
    proposals_close_on = models.DateField(_("提案征集截止日期"), null=True, blank=True)
    # the attendance, fixed when it is recorded
    electorate = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    present = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("登记出席时间"), null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("职代会会议")
        verbose_name_plural = _("职代会会议")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="one_session_number"),
            models.CheckConstraint(
                condition=Q(proposals_open_on__isnull=True)
                | Q(proposals_close_on__gte=models.F("proposals_open_on")),
                name="proposal_window_ends_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(present__isnull=True) | Q(present__lte=models.F("electorate")),
                name="session_present_within_electorate",
            ),
        ]

    def __str__(self) -> str:
        return _("%(term)s第%(number)d次会议") % {"term": self.term, "number": self.number}

    @property
    def organization(self) -> Any:
        return self.term.congress.organization

    @property
    def has_quorum(self) -> bool:
        return quorum(self.electorate, self.present)


def quorum(electorate: int | None, present: int | None) -> bool:
    """At least two thirds of those who could vote are present."""
    if not electorate or present is None:
        return False
    return present * 3 >= electorate * 2


def passes(electorate: int, yes: int) -> bool:
    """More than half of all who could vote (not of those present) voted for."""
    return yes * 2 > electorate


class AttendanceQuerySet(ScopedQuerySet):
    scope_path_field = "session__term__congress__organization__path"


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance"
    )
    representative = models.ForeignKey(
        Representative, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("出席"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [
            models.UniqueConstraint(fields=["session", "representative"], name="one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.representative_id}"


class VoteQuerySet(ScopedQuerySet):
    scope_path_field = "session__term__congress__organization__path"


class Vote(TimeStampedModel):
    """A vote on an agenda item: the ballots as counted, against the session's
    attendance. Only a session with a quorum votes; the vote passes with more than half
    of all who could vote, and ``failure`` says why it did not."""

    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="votes"
    )
    item = models.CharField(_("表决事项"), max_length=200)
    contract = models.ForeignKey(
        "bargaining.Contract",
        verbose_name=_("审议的集体合同草案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
    )
    electorate = models.PositiveIntegerField(_("应到人数"))
    present = models.PositiveIntegerField(_("实到人数"))
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    passed = models.BooleanField(_("通过"))
    failure = models.CharField(_("未通过原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("electorate")), name="vote_present_within_electorate"
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(F("yes") + F("no") + F("abstain"), F("present"))),
                name="vote_ballots_within_present",
            ),
            models.CheckConstraint(
                condition=Q(GreaterThanOrEqual(F("present") * 3, F("electorate") * 2)),
                name="vote_has_a_quorum",
            ),
            models.CheckConstraint(
                condition=Q(Q(passed=True), GreaterThan(F("yes") * 2, F("electorate")))
                | Q(Q(passed=False), LessThanOrEqual(F("yes") * 2, F("electorate"))),
                name="vote_passes_with_a_majority_of_all",
            ),
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def organization(self) -> Any:
        return self.session.term.congress.organization


class ProposalQuerySet(ScopedQuerySet):
    scope_path_field = "session__term__congress__organization__path"

    def owner_condition(self, actor: Actor) -> Q:
        return Q(representative__person__user=actor.pk)


class Proposal(TimeStampedModel):
    """A representative's proposal (提案) to a session, within its window: assigned to a
    department, answered, and rated by the representative."""

    number = models.CharField(_("提案编号"), max_length=24, unique=True)
    session = models.ForeignKey(
        Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="proposals"
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("提案代表"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        _("状态"), max_length=14, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    title = models.CharField(_("案由"), max_length=120)
    content = models.TextField(_("提案内容"))
    submitted_on = models.DateField(_("提交日期"))
    department = models.CharField(_("承办部门"), max_length=100, blank=True)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    satisfaction = models.CharField(
        _("代表满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_note = models.CharField(_("代表意见"), max_length=500, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("职代会提案")
        verbose_name_plural = _("职代会提案")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def organization(self) -> Any:
        return self.session.term.congress.organization
