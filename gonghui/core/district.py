"""Settings that are the district's (the working-day calendar, the assistance, legal-aid
and hotline settings): edited only with the manage action held on the root of the tree,
the federation. A user who holds the action nowhere gets 403; one who holds it only on a
subtree gets 404, as for a record outside their scope.

``manages_district(actor, action)`` is the rule the services check; the settings pages
subclass ``DistrictMixin`` (a page) or ``DistrictFormView`` (a form handed to a service,
whose refusals land on the form and which returns to the settings page)."""

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from gonghui.core.models import AuditEntry
from gonghui.core.scoping import Actor, allows, signed_in


def district_root() -> Any:
    """The federation at the root of the tree. Core knows the tree only as the model its
    records point at (``AuditEntry.organization``), so it imports no domain app."""
    tree: Any = AuditEntry._meta.get_field("organization").related_model
    return tree._default_manager.filter(parent__isnull=True).order_by("path").first()


def manages_district(actor: Actor, action: str) -> bool:
    """Whether ``actor`` holds ``action`` on the root of the tree (a superuser does)."""
    if actor.is_superuser:
        return True
    root = district_root()
    return root is not None and allows(actor, action, root)


class DistrictMixin(LoginRequiredMixin):
    """403 without ``manage_action`` anywhere; 404 when it is not held on the root."""

    manage_action: ClassVar[str] = ""
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        actor = signed_in(request.user)
        if actor is None:
            return self.handle_no_permission()
        if not self.manage_action or not actor.has_action(self.manage_action):
            raise PermissionDenied
        if not manages_district(actor, self.manage_action):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc, no-any-return]

    @property
    def actor(self) -> Any:
        return self.request.user


class DistrictFormView(DistrictMixin, FormView):
    """A settings form: ``call(cleaned_data)`` calls the service; its refusals are shown
    field by field and nothing is saved; done, back to ``settings_url`` with ``done``."""

    settings_url: ClassVar[str] = ""
    done: Any = _("已保存")

    def call(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        from gonghui.core.views import _add_errors

        try:
            self.call(form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, str(self.done))
        return redirect(self.settings_url)
