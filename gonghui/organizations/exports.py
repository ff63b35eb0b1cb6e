"""The registry as an Excel workbook (``core.exports``): a sheet of unions and a sheet of
their legal entities. Chair phones are masked unless the actor may see personal data of
the union; the unmasked rows are audited, and the export writes one entry with its row
count."""

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ORG_EXPORT
from gonghui.core.exports import Column, Export, workbook
from gonghui.core.scoping import Actor
from gonghui.organizations.models import LegalEntity, Organization

UNIONS = Export(
    what=gettext_lazy("工会名册"),
    purpose=gettext_lazy("导出工会名册"),
    organization=lambda union: union,
    columns=(
        Column(gettext_lazy("组织代码"), lambda u: u.code),
        Column(gettext_lazy("工会名称"), lambda u: u.name),
        Column(gettext_lazy("建会方式"), lambda u: u.get_union_kind_display()),
        Column(gettext_lazy("所属服务站"), lambda u: u.station.name if u.station else ""),
        Column(gettext_lazy("上级组织"), lambda u: u.parent.name if u.parent else ""),
        Column(gettext_lazy("成立日期"), lambda u: u.founded_on),
        Column(gettext_lazy("状态"), lambda u: u.get_status_display()),
        Column(gettext_lazy("覆盖职工数"), lambda u: u.headcount),
        Column(gettext_lazy("规模"), lambda u: u.get_size_class_display()),
        Column(gettext_lazy("工会主席"), lambda u: u.chair_name),
        Column(
            gettext_lazy("主席电话"),
            lambda u: u.chair_phone,
            personal="phone",
            audited="chair_phone",
        ),
        Column(gettext_lazy("法人单位数"), lambda u: u.entity_count),
    ),
)

ENTITIES = Export(
    what=gettext_lazy("法人单位"),
    organization=lambda entity: entity.union,
    columns=(
        Column(gettext_lazy("单位名称"), lambda e: e.name),
        Column(gettext_lazy("统一社会信用代码"), lambda e: e.credit_code),
        Column(gettext_lazy("职工人数"), lambda e: e.headcount),
        Column(gettext_lazy("行业"), lambda e: e.get_industry_display()),
        Column(gettext_lazy("所在工会"), lambda e: e.union.name),
    ),
)


def registry_filename() -> str:
    return _("工会名册-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}


def union_registry(*, actor: Actor, unions: QuerySet[Organization]) -> bytes:
    """``unions`` is the scoped and filtered union list; returns the xlsx bytes."""
    rows = list(
        unions.select_related("station", "parent").annotate(entity_count=Count("legal_entities"))
    )
    entities = (
        LegalEntity.objects.for_actor(actor, ORG_EXPORT)  # type: ignore[arg-type]
        .filter(union__in=unions.values("pk"))
        .select_related("union")
        .order_by("union__name", "name", "pk")
    )
    return workbook(
        actor=actor, parts=[(UNIONS, rows), (ENTITIES, entities.iterator(chunk_size=2000))]
    )
