"""The organisation tree: federation -> service stations -> unions -> legal entities.

The tree is stored as a materialised path: each node's ``path`` is its ancestors' ids and
its own, zero-padded and dot-terminated (``0000001.0000004.0000123.``). A subtree is one
indexed prefix query (``path LIKE '0000001.0000004.%'``, with a ``varchar_pattern_ops``
index on PostgreSQL), so coverage counts and scoping cost one query whatever the size of
the tree. A closure table would answer the same in a join but needs a row per
ancestor-descendant pair and more writes on every move; the tree is shallow (at most four
levels) and moves are rare, so a path rewrite of the moved subtree is cheap.
"""

from datetime import date
from typing import Any, Self

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import PhoneField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import ScopedQuerySet
from gonghui.organizations.choices import (
    LARGE_UNION_HEADCOUNT,
    Industry,
    NodeKind,
    SizeClass,
    UnionKind,
    UnionStatus,
)

PATH_SEGMENT_WIDTH = 7


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


def size_class_for(headcount: int) -> str:
    return SizeClass.LARGE if headcount >= LARGE_UNION_HEADCOUNT else SizeClass.SMALL


class OrganizationQuerySet(ScopedQuerySet):
    scope_path_field = "path"

    def unions(self) -> "OrganizationQuerySet":
        return self.filter(kind=NodeKind.UNION)

    def stations(self) -> "OrganizationQuerySet":
        return self.filter(kind=NodeKind.STATION)

    def active(self) -> "OrganizationQuerySet":
        return self.filter(status=UnionStatus.ACTIVE)

    def within(self, node: "Organization") -> "OrganizationQuerySet":
        return self.filter(path__startswith=node.path)


class Organization(TimeStampedModel):
    kind = models.CharField(_("层级"), max_length=12, choices=NodeKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    # the name's pinyin (``core.collation.pinyin_key``), written by the services with the
    # name: every list and picker sorts by it, in the database, on SQLite and PostgreSQL
    name_sort = models.CharField(_("名称拼音"), max_length=255, blank=True, editable=False)
    code = models.CharField(_("组织代码"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    station = models.ForeignKey(
        "self",
        verbose_name=_("所属服务站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="station_unions",
    )
    path = models.CharField(_("路径"), max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(_("层深"), default=1)

    union_kind = models.CharField(
        _("建会方式"), max_length=12, choices=UnionKind.choices, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=UnionStatus.choices, default=UnionStatus.ACTIVE
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    ended_on = models.DateField(_("合并或撤销日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    end_reason = models.CharField(_("合并或撤销原因"), max_length=200, blank=True)

    direct_workers = models.PositiveIntegerField(
        _("直接入会的新就业形态劳动者"),
        default=0,
        help_text=_("联合会直接吸纳的骑手、快递员、网约车司机等人数"),
    )
    headcount = models.PositiveIntegerField(_("覆盖职工数"), default=0)
    size_class = models.CharField(
        _("规模"), max_length=8, choices=SizeClass.choices, default=SizeClass.SMALL
    )

    chair_name = models.CharField(_("工会主席"), max_length=50, blank=True)
    chair_phone = PhoneField(_("主席电话"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "name"],
                condition=Q(kind=NodeKind.UNION, status=UnionStatus.ACTIVE),
                name="union_name_unique_in_station",
                violation_error_message=_("同一服务站内已有同名工会"),
            ),
            models.CheckConstraint(
                condition=Q(kind=NodeKind.UNION) | Q(union_kind=""),
                name="union_kind_only_for_unions",
            ),
        ]
        indexes = [
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["kind", "status", "founded_on"], name="org_kind_status_idx"),
            models.Index(fields=["kind", "name_sort"], name="org_kind_name_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_union(self) -> bool:
        return self.kind == NodeKind.UNION

    @property
    def is_joint(self) -> bool:
        return self.union_kind == UnionKind.JOINT

    @property
    def is_active(self) -> bool:
        return self.status == UnionStatus.ACTIVE

    def is_within(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)

    def can_have_unions(self) -> bool:
        """Unions are founded under a station, or join a joint union."""
        return self.is_active and (self.kind == NodeKind.STATION or self.is_joint)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.rstrip(".").split(".")[:-1]]


class LegalEntityQuerySet(ScopedQuerySet):
    scope_path_field = "union__path"


class LegalEntity(TimeStampedModel):
    """A legal entity (法人单位) covered by a union."""

    name = models.CharField(_("单位名称"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    headcount = models.IntegerField(_("职工人数"), validators=[MinValueValidator(0)])
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    union = models.ForeignKey(
        Organization,
        verbose_name=_("所在工会"),
        on_delete=models.PROTECT,
        related_name="legal_entities",
    )
    covered_since = models.DateField(_("纳入覆盖日期"))

    objects = LegalEntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("法人单位")
        verbose_name_plural = _("法人单位")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=0),
                name="legal_entity_headcount_not_negative",
                violation_error_message=_("职工人数不能为负数"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organization(self) -> Organization:
        return self.union

    @property
    def organization_id(self) -> Any:
        return self.union_id


# --- effective-dated facts -----------------------------------------------------------
#
# A figure for a past day reads what was true that day: each row below holds from
# ``valid_from`` (inclusive) to ``valid_to`` (exclusive; open while NULL). The services
# that change a union's place, a legal entity's union or its headcount close the open row
# on the day of the change and open a new one; nothing rewrites a closed row. The
# current values stay on ``Organization`` and ``LegalEntity`` (what pages show today).


def holds_on(day: date, prefix: str = "") -> Q:
    """``valid_from <= day < valid_to`` (an open row holds until further notice)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


STATION_DEPTH = 2  # the federation is at depth 1, its stations at 2, unions below


def subtree_then(path_field: str, node_path: str) -> Q:
    """Placements (their ``path_field``) in the subtree of the node whose path is
    ``node_path`` now, as the tree stood on the placement's days. The federation and its
    stations (the first two levels) by their own path: no service moves them
    (``organizations.services`` rewrites the paths of unions only). A union, which may have
    moved since, by its segment anywhere in the placement's path: a joint union moved
    today still holds, for a past day, the unions it held then."""
    segments = node_path.rstrip(".").split(".")
    if len(segments) <= STATION_DEPTH:
        return Q(**{f"{path_field}__startswith": node_path})
    return Q(**{f"{path_field}__contains": f".{segments[-1]}."})


class UnionPlacementQuerySet(ScopedQuerySet):
    """Scoped by the path the union had then: a station's staff reading a past period see
    the unions that were in their station in that period."""

    scope_path_field = "path"

    def valid_on(self, day: date) -> Self:
        return self.filter(holds_on(day))


class EntityCoverageQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> Self:
        return self.filter(holds_on(day))


class UnionPlacement(models.Model):
    """Where a union stood in the tree for a period, and the workers attached to it
    directly. A union has placements from its founding to its merger or dissolution and
    none outside them."""

    union = models.ForeignKey(
        Organization, verbose_name=_("工会"), on_delete=models.CASCADE, related_name="placements"
    )
    parent = models.ForeignKey(
        Organization, verbose_name=_("上级组织"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Organization,
        verbose_name=_("所属服务站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(_("路径"), max_length=255)
    direct_workers = models.PositiveIntegerField(_("直接入会的新就业形态劳动者"), default=0)
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("截止日期（不含）"), null=True, blank=True)

    objects = UnionPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("工会隶属记录")
        verbose_name_plural = _("工会隶属记录")
        ordering = ["union", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["union"], condition=Q(valid_to__isnull=True), name="one_open_placement"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="placement_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(
                fields=["path"], name="placement_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["valid_from", "valid_to"], name="placement_valid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.union_id} {self.valid_from}..{self.valid_to or ''}"

    @property
    def organization_id(self) -> Any:
        return self.union_id


class EntityCoverage(models.Model):
    """A legal entity's coverage for a period: the union that covered it and its
    headcount as reported. It starts on the day the entity came under coverage
    (``covered_since``); a headcount reported later, a move or a merger starts the next."""

    entity = models.ForeignKey(
        LegalEntity,
        verbose_name=_("法人单位"),
        on_delete=models.CASCADE,
        related_name="coverages",
    )
    union = models.ForeignKey(
        Organization, verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    headcount = models.IntegerField(_("职工人数"), validators=[MinValueValidator(0)])
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("截止日期（不含）"), null=True, blank=True)

    objects = EntityCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("法人单位覆盖记录")
        verbose_name_plural = _("法人单位覆盖记录")
        ordering = ["entity", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity"], condition=Q(valid_to__isnull=True), name="one_open_coverage"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="coverage_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=0), name="coverage_headcount_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["union", "valid_from"], name="coverage_union_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.valid_from}..{self.valid_to or ''}"
