"""Base staff views. Every list, detail, form and export goes through ``ScopedMixin``:
the queryset is limited by ``for_actor(user, action)`` after any refinement, so a subclass
cannot widen it, and a record out of scope answers 404 (it does not exist for the user)."""

from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from gonghui.core.scoping import OutOfScope, ScopedQueryMixin


class ScopedMixin(ScopedQueryMixin, LoginRequiredMixin):
    """Requires a signed-in user who holds ``action`` somewhere (else 403) and limits every
    query to the subtrees where the user holds it (else 404). See ``ScopedQueryMixin``."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.action:
            raise PermissionDenied("view declares no action")
        if not request.user.has_action(self.action):  # type: ignore[union-attr]
            raise PermissionDenied
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except OutOfScope as exc:
            raise Http404 from exc

    def scoped_get(self, queryset: QuerySet[Any], **lookup: Any) -> Any:
        """Fetch one row of another model through the same scoping (404 when outside)."""
        scoped = queryset.for_actor(self.request.user, self.action)  # type: ignore[attr-defined]
        try:
            return scoped.get(**lookup)
        except (scoped.model.DoesNotExist, ValueError) as exc:
            raise Http404 from exc


class StaffListView(ScopedMixin, ListView):
    """Lists with sorting (``?sort=field`` or ``-field`` among ``sortable``) and pagination.
    A page number past the end shows the last page, one below 1 or not a number the first
    (``last`` the last): an old link or a list that shrank never answers 404."""

    paginate_by = 50
    sortable: ClassVar[tuple[str, ...]] = ()
    default_sort: ClassVar[str] = "pk"

    def current_sort(self) -> str:
        sort = self.request.GET.get("sort", self.default_sort)
        return sort if sort.lstrip("-") in self.sortable else self.default_sort

    def get_ordering(self) -> list[str]:
        return [self.current_sort(), "pk"]

    def base_queryset(self) -> QuerySet[Any]:
        # ScopedMixin.get_queryset replaces ListView's, which is where the ordering was
        # applied; order here so that refine_queryset may still order otherwise.
        return super().base_queryset().order_by(*self.get_ordering())

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Paginator, Page, Any, bool]:
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        asked = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        if asked == "last":
            number = paginator.num_pages
        else:
            try:
                number = min(max(int(asked), 1), paginator.num_pages)
            except (TypeError, ValueError):
                number = 1
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        context["current_sort"] = self.current_sort()
        return context


class StaffDetailView(ScopedMixin, DetailView):
    pass


class ServiceFormView(ScopedMixin, FormView):
    """A form whose valid data is handed to a service. ``perform`` calls the service;
    a ValidationError from it is shown on the form, field by field, and nothing is saved."""

    def get_object(self) -> Any:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        return str(result.get_absolute_url())

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        return redirect(self.success_url_for(result))


class ChildFormView(ServiceFormView):
    """A form that adds to (or records on) a parent record reached through the scope of
    ``action``: the page's ``pk`` is the parent's (``parent``); the page returns to
    ``parent_url()``, which the form's template gets as ``cancel_url``."""

    @cached_property
    def parent(self) -> Any:
        return self.get_object()

    def parent_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "cancel_url": self.parent_url(),
            "parent": self.parent,
        }


def _add_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            # a service's messages name the matter in Chinese; a field the form does not
            # show is reported at the top of the form
            form.add_error(target, error)


class HealthView(View):
    """200 when the database answers, 503 otherwise."""

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:  # noqa: BLE001 - any database failure means unhealthy
            return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
