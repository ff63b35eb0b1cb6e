"""The member pages (mobile first): sign-in by SMS code or password, the home page with
the membership card, joining online, following an application, notices, a password.

Every page about a member's own rows subclasses ``OwnedMixin``: anonymous visitors go to
the portal's sign-in page, staff accounts get 403 (they work in the staff pages), and the
queryset is limited by the model's owner rule (``for_owner``, declared on its queryset)
after any refinement, so a row that is not the member's answers 404. Writes go through the
services of ``members``."""

from functools import cached_property
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from gonghui.accounts.services import user_record_login
from gonghui.bargaining.selectors.congress import is_representative
from gonghui.core import pii
from gonghui.core.models import Notice
from gonghui.core.notices import notices_mark_read
from gonghui.core.scoping import Actor, OutOfScope, signed_in
from gonghui.core.workflow import available, timeline
from gonghui.members.choices import (
    CONSENT_TEXTS,
    CURRENT_CONSENT_VERSION,
    ApplicationStatus,
    Channel,
    EmploymentKind,
)
from gonghui.members.models import JoinApplication
from gonghui.members.services import signin
from gonghui.members.services.applications import (
    application_resubmit,
    application_submit,
    application_withdraw,
)
from gonghui.portal import selectors
from gonghui.portal.forms import (
    CodeSignInForm,
    JoinForm,
    PasswordSignInForm,
    ResubmitForm,
    SetPasswordForm,
)

# applications submitted in this browser session (an anonymous worker follows them here)
SESSION_APPLICATIONS = "portal_applications"
SESSION_APPLICATIONS_KEPT = 10
SESSION_LOGIN_PHONE = "portal_login_phone"
NOTICES_PER_PAGE = 20
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_applications(request: HttpRequest) -> list[int]:
    return [int(pk) for pk in request.session.get(SESSION_APPLICATIONS, [])]


def _remember_application(request: HttpRequest, application: JoinApplication) -> None:
    kept = [application.pk, *session_applications(request)][:SESSION_APPLICATIONS_KEPT]
    request.session[SESSION_APPLICATIONS] = kept


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else reverse("portal:home")


def put_errors(form: Any, exc: ValidationError, renames: dict[str, str] | None = None) -> None:
    """A service's errors on the form's fields (renamed where the form calls them
    otherwise); errors about something the form has no field for go on top."""
    renames = renames or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        field = renames.get(key, key)
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    context = {
        "message": message,
        "is_member": signin.is_member_account(request.user),
        "unread": selectors.unread_count(request.user),
    }
    return render(request, "portal/forbidden.html", context, status=403)


# --- base classes ----------------------------------------------------------------------


def staff_forbidden(request: HttpRequest) -> HttpResponse:
    """The 403 of a member page opened with an account that is not a member's (staff, a
    mediator, a lawyer): they work in the pages of their role."""
    return forbidden(request, gettext("工作人员账户不能使用会员服务，请用手机号登录会员账户。"))


class PortalMixin:
    """The header of every member page: the title and the unread notices."""

    title: Any = ""
    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            title=self.title,
            unread=selectors.unread_count(self.request.user),
            is_member=signin.is_member_account(self.request.user),
        )
        return context


class MemberMixin(PortalMixin):
    """A signed-in member account: anonymous visitors are sent to the portal's sign-in
    page, staff accounts get 403. ``OutOfScope`` from a service answers 404."""

    def anonymous_may_view(self) -> bool:
        return False

    @property
    def actor(self) -> Actor:
        """The signed-in member the page acts for, handed to services. ``dispatch`` has sent
        the anonymous to sign in first, unless the page lets them view
        (``anonymous_may_view``): such a page does not ask for it."""
        actor = signed_in(self.request.user)
        if actor is None:
            raise PermissionDenied
        return actor

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            if not self.anonymous_may_view():
                return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        elif not signin.is_member_account(user):
            return staff_forbidden(request)
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except OutOfScope as exc:
            raise Http404 from exc


class OwnedMixin(MemberMixin):
    """Rows of ``model`` that are the member's: ``base_queryset``, refined by the subclass
    in ``refine_queryset``, then limited by the owner rule (``for_owner``) last. A subclass
    that overrides ``get_queryset`` is refused when it is defined."""

    model: ClassVar[type[Any]]
    kwargs: dict[str, Any]
    # whether applications submitted in this browser session count as the visitor's
    session_access: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset; override refine_queryset instead"
            )

    def base_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.all()

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        session = session_applications(self.request) if self.session_access else []
        refined = self.refine_queryset(self.base_queryset())
        return refined.for_owner(self.request.user, proven=session)  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError, KeyError) as exc:
            raise Http404 from exc


# --- signing in ------------------------------------------------------------------------


def _sign_in(request: HttpRequest, user: Any, channel: str) -> HttpResponse:
    login(request, user, backend=getattr(user, "backend", MODEL_BACKEND))
    user_record_login(user=user, channel=channel)
    request.session.pop(SESSION_LOGIN_PHONE, None)
    return redirect(_safe_next(request))


class LoginView(PortalMixin, TemplateView):
    """Sign in with the phone and a code sent by SMS, or with a password the member set."""

    template_name = "portal/login.html"
    title = _("会员登录")

    def forms(self, data: Any = None, mode: str = "") -> dict[str, Any]:
        phone = self.request.session.get(SESSION_LOGIN_PHONE, "")
        return {
            "code_form": CodeSignInForm(data if mode == "code" else None, initial={"phone": phone}),
            "password_form": PasswordSignInForm(
                data if mode == "password" else None, prefix="pw", initial={"phone": phone}
            ),
            "mode": mode,
            "next": self.request.POST.get("next") or self.request.GET.get("next", ""),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if signin.is_member_account(request.user):
            return redirect(_safe_next(request))
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mode = "password" if request.POST.get("mode") == "password" else "code"
        context = self.forms(request.POST, mode)
        form = context[f"{mode}_form"]
        form.is_valid()
        data = form.cleaned_data
        try:
            if mode == "password":
                user = signin.password_sign_in(
                    request=request, phone=data["phone"], password=data["password"]
                )
            else:
                user = signin.code_sign_in(request=request, phone=data["phone"], code=data["code"])
        except ValidationError as exc:
            put_errors(form, exc)
        except signin.SignInLocked as exc:
            form.add_error(None, exc.message)
        else:
            return _sign_in(request, user, "password" if mode == "password" else "sms")
        return self.render_to_response(self.get_context_data(**context))


class CodeRequestView(LoginView):
    """Send a sign-in code to the phone typed on the sign-in page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.forms(request.POST, "code")
        form = context["code_form"]
        form.is_valid()
        status = 200
        try:
            sent = signin.code_request(
                phone=form.cleaned_data["phone"], address=signin.client_address(request)
            )
        except ValidationError as exc:
            put_errors(form, exc)
        except signin.TooManyRequests as exc:
            form.add_error("phone", exc.message)
            status = 429
        else:
            request.session[SESSION_LOGIN_PHONE] = pii.display_phone(sent.phone)
            messages.success(
                request,
                gettext("验证码已发送至 %(phone)s，%(minutes)s 分钟内有效")
                % {"phone": pii.mask_phone(sent.phone), "minutes": sent.expires_in // 60},
            )
            return redirect(_login_url(context["next"]))
        response = self.render_to_response(self.get_context_data(**context))
        response.status_code = status
        return response


def _login_url(next_url: str) -> str:
    target = reverse("portal:login")
    return f"{target}?{urlencode({'next': next_url})}" if next_url else target


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")  # type: ignore[assignment]


# --- member pages ----------------------------------------------------------------------


class HomeView(MemberMixin, TemplateView):
    """My membership card, or the application under way, or the offer to join (only to
    someone with neither: ``selectors.join_state``); mediation (apply, my cases); my
    applications; my latest notices."""

    template_name = "portal/home.html"
    title = _("会员服务")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        state = selectors.join_state(user)
        context.update(
            person=state.person,
            membership=state.membership,
            pending=state.pending,
            may_join=state.may_join,
            mediation_open=selectors.mediation_open_count(user),
            representative=is_representative(self.actor),
            applications=list(selectors.applications_of(user)[:10]),
            notices=list(selectors.notices_of(user)[:3]),
        )
        return context


class MembershipView(MemberMixin, TemplateView):
    """My membership and its history (a page about the member's worker record)."""

    template_name = "portal/membership.html"
    title = _("我的会籍")

    @cached_property
    def person(self) -> Any:
        return selectors.person_of(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.person is None:
            return forbidden(
                request,
                gettext(
                    "您的账户还没有关联会员档案。入会申请批准后，用申请时的手机号登录即可查看。"
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            person=self.person,
            membership=selectors.membership_current(self.person),
            history=list(selectors.membership_history(self.person)),
        )
        return context


class JoinView(PortalMixin, FormView):
    """Join online. Open to anyone: an anonymous worker follows the application in the
    same browser, or later by signing in with the phone given here."""

    template_name = "portal/join.html"
    form_class = JoinForm
    title = _("申请入会")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """A member account that is an active member, or has an application under way,
        is sent to it instead of a second form; a staff, mediator or lawyer account is
        told that joining is done with a member account."""
        user = request.user
        if user.is_authenticated and not signin.is_member_account(user):
            return staff_forbidden(request)
        if signin.is_member_account(user):
            state = selectors.join_state(user)
            if state.membership is not None:
                messages.info(
                    request,
                    gettext("您已是 %(union)s 会员，无需再申请入会。")
                    % {"union": state.membership.union.name},
                )
                return redirect("portal:membership")
            if state.pending is not None:
                messages.info(request, gettext("您的入会申请正在办理中，请查看办理进度。"))
                return redirect("portal:application_detail", pk=state.pending.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        if signin.is_member_account(user) and user.phone:  # type: ignore[union-attr]
            return {"phone": pii.display_phone(user.phone)}  # type: ignore[union-attr]
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            consent_text=CONSENT_TEXTS[CURRENT_CONSENT_VERSION],
            consent_version=CURRENT_CONSENT_VERSION,
            employer_search_url=reverse("portal:employer_search"),
        )
        return context

    def form_valid(self, form: JoinForm) -> HttpResponse:
        data = form.cleaned_data
        kind = data["employment_kind"]
        try:
            employer = (
                selectors.employer_find(data["employer"])
                if kind == EmploymentKind.EMPLOYEE
                else None
            )
            application = application_submit(
                actor=self.request.user,
                channel=Channel.PORTAL,
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                employment_kind=kind,
                platform=data["platform"] if kind == EmploymentKind.PLATFORM else "",
                employer=employer,
                employer_name=data["employer"] if kind == EmploymentKind.EMPLOYEE else "",
                area=data["area"],
                consent=data["consent"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
            return self.form_invalid(form)
        _remember_application(self.request, application)
        messages.success(
            self.request,
            gettext("入会申请已提交，受理工会：%(union)s") % {"union": application.union.name},
        )
        return redirect("portal:application_detail", pk=application.pk)


class ConsentView(PortalMixin, TemplateView):
    """The text a worker consents to when joining, with its version."""

    template_name = "portal/consent.html"
    title = _("个人信息处理说明")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            consent_text=CONSENT_TEXTS[CURRENT_CONSENT_VERSION],
            consent_version=CURRENT_CONSENT_VERSION,
        )
        return context


class EmployerSearchView(View):
    """Employers by name or credit code, for the join form (public registry data)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        found = selectors.employer_search(request.GET.get("q", ""))
        return JsonResponse(
            {"results": [{"name": e.name, "credit_code": e.credit_code} for e in found]}
        )


# --- applications ----------------------------------------------------------------------


class ApplicationMixin(OwnedMixin):
    model = JoinApplication

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union", "employer", "area", "membership")

    def claimed(self, application: JoinApplication) -> JoinApplication:
        """The application, claimed for the member first when it was left for the phone."""
        if application.applicant_id is None:
            signin.member_claim_records(user=self.request.user)  # type: ignore[arg-type]
            application.refresh_from_db()
        return application


class ApplicationDetailView(ApplicationMixin, TemplateView):
    """The status of an application, the reviewer's reason, and what the member can do."""

    template_name = "portal/application.html"
    title = _("入会申请")
    session_access = True

    def anonymous_may_view(self) -> bool:
        return int(self.kwargs["pk"]) in session_applications(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application = kwargs.get("application") or self.get_object()
        steps = {step.name for step in available(self.request.user, application)}
        resubmit_form = kwargs.get("resubmit_form")
        if resubmit_form is None and "resubmit" in steps:
            resubmit_form = ResubmitForm(
                initial={
                    "name": application.name,
                    "phone": pii.display_phone(application.phone),
                    "employer_name": application.employer_name,
                }
            )
        context.update(
            application=application,
            id_number=pii.mask_id_number(application.id_number),
            phone=pii.mask_phone(application.phone),
            can_withdraw="withdraw" in steps,
            timeline=timeline(application),
            resubmit_form=resubmit_form,
            show_reason=application.status
            in (ApplicationStatus.REJECTED, ApplicationStatus.NEEDS_INFO),
            login_url=_login_url(self.request.path),
        )
        return context


class ApplicationResubmitView(ApplicationMixin, TemplateView):
    """Answer a request for more information and send the application back."""

    template_name = "portal/application.html"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = self.claimed(self.get_object())
        form = ResubmitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application_resubmit(
                    actor=self.actor,
                    application=application,
                    name=data["name"],
                    phone=data["phone"],
                    # the name of an employer the registry does not know, when one was given
                    employer_name=None
                    if application.employer_id
                    else data["employer_name"] or None,
                    note=data["note"],
                )
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, gettext("已重新提交，请等待工会审核"))
                return redirect("portal:application_detail", pk=application.pk)
        context = self.get_context_data(application=application, resubmit_form=form)
        return self.render_to_response(context)


class ApplicationWithdrawView(ApplicationMixin, View):
    """Withdraw an application that is still open."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self.claimed(self.get_object())
        try:
            application_withdraw(actor=self.actor, application=application)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, gettext("申请已撤回"))
        return redirect("portal:application_detail", pk=application.pk)


# --- notices ---------------------------------------------------------------------------


class NoticeListView(OwnedMixin, TemplateView):
    """My notices, newest first; the ones shown are marked read."""

    model = Notice
    template_name = "portal/notices.html"
    title = _("我的通知")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user: Any = self.request.user
        page = Paginator(self.get_queryset(), NOTICES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        notices = list(page.object_list)
        unread = {n.pk for n in notices if n.read_at is None}
        if any(n.user_id is None for n in notices):
            signin.member_claim_records(user=user)
            for notice in notices:
                notice.user_id = notice.user_id or user.pk
        notices_mark_read(user=user, notices=notices)
        context = super().get_context_data(**kwargs)
        context.update(page=page, notices=notices, newly_read=unread)
        return context


# --- password --------------------------------------------------------------------------


class SetPasswordView(MemberMixin, FormView):
    """Set a password for signing in without a code."""

    template_name = "portal/password.html"
    form_class = SetPasswordForm
    title = _("设置登录密码")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        user: Any = self.request.user
        try:
            signin.member_set_password(user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            put_errors(form, exc)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        messages.success(self.request, gettext("登录密码已设置，下次可用手机号和密码登录"))
        return redirect("portal:home")
