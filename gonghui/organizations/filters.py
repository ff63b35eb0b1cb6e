"""Query-string filters of the organisation API (django-filter). They narrow a queryset
that is already scoped; the free-text search is the selectors' own."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.api.views import IdFilter
from gonghui.core.forms import DateFilter
from gonghui.organizations import selectors
from gonghui.organizations.choices import SizeClass, UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

# model field -> query-string name, for the union list's ``ordering`` (a name by its
# pinyin sort key: ``ordering=name`` orders by ``name_sort``)
UNION_ORDERING = {
    selectors.sort_columns(field)[0]: field.replace("__name", "")
    for field in sorted(selectors.SORTABLE_UNION_FIELDS)
}


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering that ends with the primary key, so pages do not overlap."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "pk")


class UnionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=100,
        label=_("名称、代码、主席或法人单位名称、统一社会信用代码"),
    )
    status = django_filters.ChoiceFilter(choices=UnionStatus.choices)
    union_kind = django_filters.ChoiceFilter(choices=UnionKind.choices)
    size_class = django_filters.ChoiceFilter(choices=SizeClass.choices)
    station = IdFilter(field_name="station_id")
    founded_after = DateFilter(field_name="founded_on", lookup_expr="gte")
    founded_before = DateFilter(field_name="founded_on", lookup_expr="lte")
    ordering = StableOrderingFilter(fields=UNION_ORDERING)

    class Meta:
        model = Organization
        fields = ["q", "status", "union_kind", "size_class", "station"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        matches = selectors.union_list(actor=self.request.user, q=value)  # type: ignore[union-attr]
        return queryset.filter(pk__in=matches.order_by().values("pk"))


class LegalEntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", max_length=100, label=_("单位名称或统一社会信用代码")
    )
    union = IdFilter(field_name="union_id")

    class Meta:
        model = LegalEntity
        fields = ["q", "union"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        matches = selectors.legal_entity_list(actor=self.request.user, q=value)  # type: ignore[union-attr]
        return queryset.filter(pk__in=matches.order_by().values("pk"))
