import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.i18n import set_language

from gonghui.accounts import services
from gonghui.accounts.selectors import MEMBER, audience


class LoginView(auth_views.LoginView):
    """Staff sign-in. django-axes locks a username and address after repeated failures.

    Members who sign in here are sent where they are served, never to a staff page that
    would refuse them: to the member pages (a member page asked for, or their home). The
    same holds for one already signed in. Mediators and lawyers work in the staff pages,
    on what is assigned to them.

    A second factor can be added later as one more step after ``form_valid`` (for example
    django-otp's ``OTPMiddleware`` and a verify page) without changing callers."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    title = _("登录")

    def get_success_url(self) -> str:
        served_by = audience(self.request.user)
        if served_by == MEMBER:
            asked = self.get_redirect_url()
            portal = reverse("portal:home")
            return asked if asked.startswith(portal) else portal
        return super().get_success_url()

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_record_login(user=form.get_user())
        served_by = audience(self.request.user)
        if served_by == MEMBER:
            messages.info(
                self.request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("这是会员账户，已为您打开会员服务。下次请用手机号登录："),
                    reverse("portal:login"),
                    gettext("会员登录"),
                ),
            )
        return response


class LogoutView(auth_views.LogoutView):
    pass


class LanguageView(View):
    """Switch the interface language; a signed-in user's choice is kept on the account."""

    def post(self, request: HttpRequest) -> HttpResponse:
        language = request.POST.get("language", "")
        user = request.user
        if not isinstance(user, AnonymousUser):  # signed in: the account keeps the choice
            # an unknown language is ignored here as Django's set_language ignores it
            with contextlib.suppress(ValidationError):
                services.user_set_language(actor=user, language=language)
        response = set_language(request)
        target = request.POST.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        if isinstance(response, HttpResponseRedirect):
            response["Location"] = target
        return response
