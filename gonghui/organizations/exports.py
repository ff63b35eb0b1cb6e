"""The registry as an Excel workbook: a sheet of unions and a sheet of their legal entities.

Chair phones are masked unless the actor may see personal data of the union; the unmasked
rows are audited in one statement, and every export writes one entry with its row count
(``disclosure.record_export``). Four queries whatever the number of rows."""

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import ORG_EXPORT
from gonghui.core import disclosure
from gonghui.documents.xlsx import Sheet, workbook_bytes
from gonghui.organizations.models import LegalEntity, Organization


def registry_filename() -> str:
    return _("工会名册-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}


def union_registry(*, actor: Any, unions: QuerySet[Organization]) -> bytes:
    """``unions`` is the scoped and filtered union list; returns the xlsx bytes."""
    rows = list(
        unions.select_related("station", "parent").annotate(entity_count=Count("legal_entities"))
    )
    union_sheet = Sheet(_("工会名册"), _union_headers(), _union_rows(actor, rows))
    entities = (
        LegalEntity.objects.for_actor(actor, ORG_EXPORT)
        .filter(union__in=unions.values("pk"))
        .select_related("union")
        .order_by("union__name", "name", "pk")
    )
    entity_sheet = Sheet(_("法人单位"), _entity_headers(), _entity_rows(entities))
    return workbook_bytes([union_sheet, entity_sheet])


def _union_headers() -> list[str]:
    return [
        _("组织代码"),
        _("工会名称"),
        _("建会方式"),
        _("所属服务站"),
        _("上级组织"),
        _("成立日期"),
        _("状态"),
        _("覆盖职工数"),
        _("规模"),
        _("工会主席"),
        _("主席电话"),
        _("法人单位数"),
    ]


def _union_rows(actor: Any, unions: Sequence[Organization]) -> list[list[Any]]:
    rows, unmasked = [], []
    for union in unions:
        policy = disclosure.policy_for(actor, union)
        if policy.visible and union.chair_phone:
            unmasked.append(union)
        rows.append(
            [
                union.code,
                union.name,
                union.get_union_kind_display(),
                union.station.name if union.station else "",
                union.parent.name if union.parent else "",
                union.founded_on,
                union.get_status_display(),
                union.headcount,
                union.get_size_class_display(),
                union.chair_name,
                policy.phone(union.chair_phone),
                union.entity_count,  # type: ignore[attr-defined]
            ]
        )
    if unmasked:
        disclosure.record(
            actor=actor, objects=unmasked, fields=["chair_phone"], purpose=_("导出工会名册")
        )
    disclosure.record_export(
        actor=actor, what=_("工会名册"), rows=len(rows), unmasked=len(unmasked)
    )
    return rows


def _entity_headers() -> list[str]:
    return [_("单位名称"), _("统一社会信用代码"), _("职工人数"), _("行业"), _("所在工会")]


def _entity_rows(entities: QuerySet[LegalEntity]) -> Iterator[list[Any]]:
    for entity in entities.iterator(chunk_size=2000):
        yield [
            entity.name,
            entity.credit_code,
            entity.headcount,
            entity.get_industry_display(),
            entity.union.name,
        ]
