"""Staff pages of hardship files (under /assistance/files/): the list, filing a worker,
correcting a file, one file with its household, documents, history and the steps the
user may take, and one page for every step (``core.workflow.views.StepView``)."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_FILE, ASSISTANCE_VIEW
from gonghui.assistance.forms.files import FileFilterForm, FileForm, household_formset
from gonghui.assistance.selectors import files as selectors
from gonghui.assistance.services.files import file_create, file_update
from gonghui.core import disclosure
from gonghui.core.forms import filled_rows, row_errors
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView


def file_url(pk: Any) -> str:
    return reverse("assistance:file_detail", args=[pk])


class FileListView(StaffListView):
    model = selectors.FILE_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/file_list.html"
    title = _("困难职工档案")
    default_sort = "-surveyed_on"

    @cached_property
    def filter_form(self) -> FileFilterForm:
        return FileFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.file_list(actor=self.actor, **self.filter_form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form, can_file=self.actor.has_action(ASSISTANCE_FILE)
        )
        return context


class _FileFormView(ServiceFormView):
    model = selectors.FILE_MODEL
    form_class = FileForm
    template_name = "assistance/file_form.html"

    def household_initial(self) -> list[dict[str, Any]] | None:
        return None

    @cached_property
    def household(self) -> Any:
        data = self.request.POST if self.request.method == "POST" else None
        return household_formset(data, initial=self.household_initial())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form.is_valid() and self.household.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def fields(self, form: Any) -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "surveyed_on": data["surveyed_on"],
            "causes": data["causes"],
            "worker_income": data["worker_income"],
            "household": filled_rows(self.household),
            "situation": data["situation"],
            "tier": data["tier"],
            "tier_reason": data["tier_reason"],
        }

    def success_url_for(self, result: Any) -> str:
        return file_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["household"] = self.household
        if self.request.method == "POST":
            context["row_errors"] = row_errors(self.household, gettext("家庭成员"))
        return context


class FileCreateView(_FileFormView):
    action = ASSISTANCE_FILE
    title = _("困难职工建档")

    def perform(self, form: Any) -> Any:
        person = selectors.person_to_file(
            actor=self.actor, id_number=form.cleaned_data["id_number"]
        )
        if person is None:
            raise ValidationError({"id_number": gettext("在您管理的工会中未找到该身份证号的会员")})
        result = file_create(
            actor=self.actor,
            person=person,
            filing_opinion=form.cleaned_data["filing_opinion"],
            **self.fields(form),
        )
        messages.success(self.request, gettext("已建档 %(n)s，待服务站审核") % {"n": result.number})
        return result


class FileUpdateView(_FileFormView):
    action = ASSISTANCE_FILE
    title = _("修改困难职工档案")

    @cached_property
    def file(self) -> Any:
        return self.get_object()  # type: ignore[no-any-return]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = True
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        f = self.file
        return {
            "surveyed_on": f.surveyed_on,
            "causes": list(f.causes),
            "situation": f.situation,
            "worker_income": f.worker_income,
            "tier": f.tier if f.tier != f.suggested_tier else "",
            "tier_reason": f.tier_reason,
        }

    def household_initial(self) -> list[dict[str, Any]] | None:
        return [
            {
                "name": m.name,
                "relation": m.relation,
                "birth_year": m.birth_year,
                "situation": m.situation,
                "monthly_income": m.monthly_income,
            }
            for m in self.file.household.all()
        ]

    def perform(self, form: Any) -> Any:
        result = file_update(actor=self.actor, file=self.file, **self.fields(form))
        messages.success(self.request, gettext("档案已修改"))
        return result

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["file"] = self.file
        return context


class FileDetailView(StaffDetailView):
    model = selectors.FILE_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/file_detail.html"
    context_object_name = "file"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.file_detail(actor=self.actor)

    @property
    def title(self) -> str:
        return gettext("困难职工档案 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        file: Any = self.object
        policy = disclosure.policy_for(self.actor, file.organization)
        if policy.visible:
            disclosure.record(
                actor=self.actor,
                objects=[file.person],
                fields=["id_number"],
                purpose=gettext("困难职工档案详情页"),
            )
        context.update(
            id_number=policy.id_number(file.person.id_number),
            pii_masked=not policy.visible,
            checklist=selectors.checklist(file),
            can_edit=self.actor.has_action(ASSISTANCE_FILE)
            and file.status in ("filed", "sent_back", "active"),
            actions=offers(self.actor, file),
            timeline=timeline(file),
        )
        return context


class FileStepView(StepView):
    model = selectors.FILE_MODEL
    step_from_url = True
    template_name = "assistance/step.html"
    object_name = "record"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "organization")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return file_url(pk)


urlpatterns: list[URLPattern] = [
    path("files/", FileListView.as_view(), name="file_list"),
    path("files/new/", FileCreateView.as_view(), name="file_create"),
    path("files/<int:pk>/", FileDetailView.as_view(), name="file_detail"),
    path("files/<int:pk>/edit/", FileUpdateView.as_view(), name="file_update"),
    path("files/<int:pk>/<slug:step>/", FileStepView.as_view(), name="file_step"),
]
