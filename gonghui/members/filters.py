"""Query-string filters of the staff membership API (django-filter). They narrow a
queryset that is already scoped; the search and the status and date rules are the
selectors' own."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.api.views import IdFilter
from gonghui.core.forms import DateFilter
from gonghui.core.search import PersonalQueryGuardMixin
from gonghui.members import selectors
from gonghui.members.choices import ApplicationStatus, EmploymentKind, MembershipStatus
from gonghui.members.forms_staff import not_mistyped
from gonghui.members.models import JoinApplication, Membership
from gonghui.organizations.filters import StableOrderingFilter

ORDERING_NAMES = {"person__name": "name", "union__name": "union"}


def _ordering(fields: set[str]) -> dict[str, str]:
    """model field -> the name sent in ``ordering`` (``union__name`` is sent as ``union``)."""
    return {field: ORDERING_NAMES.get(field, field) for field in sorted(fields)}


class ApplicationFilter(PersonalQueryGuardMixin, django_filters.FilterSet):
    """``q`` with an ID number or a phone is refused in the query string: POST it to
    the search endpoint."""

    search_endpoint = "/api/v1/members/applications/search/"
    q = django_filters.CharFilter(
        method="search", max_length=50, label=_("姓名（开头）、申请编号、身份证号或手机号")
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=[(selectors.OPEN, _("待办理")), *ApplicationStatus.choices],
        label=_("状态；open 为待审核和待补充材料"),
    )
    union = IdFilter(field_name="union_id")
    submitted_after = DateFilter(method="filter_submitted_after", label=_("提交日期不早于"))
    submitted_before = DateFilter(method="filter_submitted_before", label=_("提交日期不晚于"))
    ordering = StableOrderingFilter(fields=_ordering(selectors.SORTABLE_APPLICATION_FIELDS))

    class Meta:
        model = JoinApplication
        fields = ["q", "status", "union"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return selectors.application_search(queryset, value)

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return selectors.applications_in_status(queryset, value)

    def filter_submitted_after(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return selectors.applications_submitted(queryset, value, None)

    def filter_submitted_before(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return selectors.applications_submitted(queryset, None, value)


class MembershipFilterForm(forms.Form):
    def clean_q(self) -> str:
        return not_mistyped(self.cleaned_data.get("q", ""))


class MembershipFilter(PersonalQueryGuardMixin, django_filters.FilterSet):
    """``q`` with an ID number or a phone is refused in the query string: POST it to
    the search endpoint."""

    search_endpoint = "/api/v1/members/memberships/search/"
    q = django_filters.CharFilter(
        method="search", max_length=50, label=_("姓名（开头）、会员编号、身份证号或手机号")
    )
    union = IdFilter(field_name="union_id")
    status = django_filters.ChoiceFilter(choices=MembershipStatus.choices)
    employment_kind = django_filters.ChoiceFilter(
        field_name="person__employment_kind", choices=EmploymentKind.choices
    )
    ordering = StableOrderingFilter(fields=_ordering(selectors.SORTABLE_MEMBER_FIELDS))

    class Meta:
        model = Membership
        form = MembershipFilterForm  # a mistyped phone: 400, never every member
        fields = ["q", "union", "status", "employment_kind"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return selectors.membership_search(queryset, value)
