"""Query-string filters of the staff disputes API (django-filter). They narrow a queryset
that is already scoped."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.api.views import IdFilter
from gonghui.core.forms import DateFilter
from gonghui.disputes.choices import CaseStatus, Channel, Topic
from gonghui.disputes.models import Consultation, MediationCase


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("状态"))
    committee = IdFilter(field_name="committee_id", label=_("调解委员会"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("是否已超期（调解中且已过期限）")
    )
    applied_after = DateFilter(
        field_name="applied_on", lookup_expr="gte", label=_("申请日期不早于")
    )
    applied_before = DateFilter(
        field_name="applied_on", lookup_expr="lte", label=_("申请日期不晚于")
    )

    class Meta:
        model = MediationCase
        fields = ["status", "committee", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        overdue = queryset.overdue()  # type: ignore[attr-defined]
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ConsultationFilter(django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label=_("受理单位"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("咨询方式"))
    topic = django_filters.ChoiceFilter(choices=Topic.choices, label=_("咨询事项"))
    held_after = DateFilter(field_name="held_on", lookup_expr="gte", label=_("咨询日期不早于"))
    held_before = DateFilter(field_name="held_on", lookup_expr="lte", label=_("咨询日期不晚于"))

    class Meta:
        model = Consultation
        fields = ["organization", "channel", "topic"]
