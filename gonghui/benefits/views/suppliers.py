"""Staff pages of suppliers (under /benefits/suppliers/): the list, one supplier with its
cashiers' accounts, registering and changing one, and giving a cashier an account."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_MANAGE
from gonghui.benefits.forms import campaigns as forms
from gonghui.benefits.selectors import campaigns as selectors
from gonghui.benefits.services import suppliers as services
from gonghui.core.views import ChildFormView, ServiceFormView, StaffDetailView, StaffListView


def supplier_url(pk: Any) -> str:
    return reverse("benefits:supplier_detail", args=[pk])


class SupplierListView(StaffListView):
    model = selectors.SUPPLIER_MODEL
    action = BENEFITS_MANAGE
    template_name = "benefits/supplier_list.html"
    title = _("供应商")
    sortable = ("name",)
    default_sort = "name"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.supplier_list(actor=self.actor).order_by("-active", *self.get_ordering())


class SupplierDetailView(StaffDetailView):
    model = selectors.SUPPLIER_MODEL
    action = BENEFITS_MANAGE
    template_name = "benefits/supplier_detail.html"
    context_object_name = "supplier"

    @property
    def title(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["accounts"] = self.object.accounts.order_by("username")
        return context


class SupplierCreateView(ServiceFormView):
    model = selectors.SUPPLIER_MODEL
    action = BENEFITS_MANAGE
    form_class = forms.SupplierForm
    template_name = "benefits/form.html"
    title = _("登记供应商")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "nodes": selectors.managing_nodes(self.actor)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cancel = reverse("benefits:supplier_list")
        return {**super().get_context_data(**kwargs), "cancel_url": cancel}

    def perform(self, form: Any) -> Any:
        return services.supplier_create(actor=self.actor, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return supplier_url(result.pk)


class _SupplierFormView(ChildFormView):
    model = selectors.SUPPLIER_MODEL
    action = BENEFITS_MANAGE
    template_name = "benefits/form.html"

    def parent_url(self) -> str:
        return supplier_url(self.parent.pk)

    def success_url_for(self, result: Any) -> str:
        return self.parent_url()


class SupplierChangeView(_SupplierFormView):
    form_class = forms.SupplierForm
    title = _("修改供应商")

    def get_initial(self) -> dict[str, Any]:
        return {name: getattr(self.parent, name) for name in services.SUPPLIER_FIELDS}

    def perform(self, form: Any) -> Any:
        return services.supplier_change(actor=self.actor, supplier=self.parent, **form.cleaned_data)


class AccountCreateView(_SupplierFormView):
    form_class = forms.AccountForm
    title = _("新增核销账户")

    def perform(self, form: Any) -> Any:
        user = services.supplier_account_create(
            actor=self.actor, supplier=self.parent, **form.cleaned_data
        )
        messages.success(self.request, gettext("已新增核销账户 %(user)s") % {"user": user.username})
        return user


urlpatterns: list[URLPattern] = [
    path("suppliers/", SupplierListView.as_view(), name="supplier_list"),
    path("suppliers/new/", SupplierCreateView.as_view(), name="supplier_create"),
    path("suppliers/<int:pk>/", SupplierDetailView.as_view(), name="supplier_detail"),
    path("suppliers/<int:pk>/change/", SupplierChangeView.as_view(), name="supplier_change"),
    path("suppliers/<int:pk>/accounts/new/", AccountCreateView.as_view(), name="account_create"),
]
