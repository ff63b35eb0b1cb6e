import contextlib
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.i18n import set_language

from gonghui.accounts import services


class LoginView(auth_views.LoginView):
    """Staff sign-in. django-axes locks a username and address after repeated failures.

    A second factor can be added later as one more step after ``form_valid`` (for example
    django-otp's ``OTPMiddleware`` and a verify page) without changing callers."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    title = _("登录")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_record_login(user=form.get_user())
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
