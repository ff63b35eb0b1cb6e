"""Staff pages of membership: the applications to review, an application with its review
forms, batch approval, the member list, a member's page, registering a member by hand,
correcting a member's phone and employment, and ending a membership.

Reads go through ``members.selectors``, writes through ``members.services``; every page is
scoped by the base views of ``core.views``. ID numbers and phones are masked through
``core.disclosure`` unless the user may see them, and each unmasked view is audited."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_EXPORT, MEMBERS_REVIEW, MEMBERS_VIEW, ORG_VIEW
from gonghui.core import disclosure
from gonghui.core.exports import ExportListMixin
from gonghui.core.scoping import allows
from gonghui.core.search import SEARCH_PARAM, PostedSearchMixin, recall
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import available, takeable, timeline, timeline_of
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView
from gonghui.members import selectors
from gonghui.members.choices import CONSENT_TEXTS
from gonghui.members.exports import APPLICATIONS, MEMBER_LIST
from gonghui.members.forms_staff import (
    BATCH_LIMIT,
    ApplicationFilterForm,
    BatchApproveForm,
    MemberDetailsForm,
    MemberFilterForm,
    MemberRegisterForm,
    MembershipEndForm,
)
from gonghui.members.models import JoinApplication, Membership, Person
from gonghui.members.services.applications import (
    application_approve,
    application_reject,
    application_request_info,
    applications_approve,
)
from gonghui.members.services.memberships import membership_end
from gonghui.members.services.records import member_details_update, member_register
from gonghui.members.workflows import ENDING_STATUSES, ENDINGS
from gonghui.organizations.choices import UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

PII_FIELDS = ("id_number", "phone")
REFUSALS_SHOWN = 20


def application_url(pk: Any) -> str:
    return reverse("members:application_detail", args=[pk])


def person_url(pk: Any) -> str:
    return reverse("members:person_detail", args=[pk])


def _unions(user: Any, action: str) -> QuerySet[Organization]:
    """The unions in the user's scope for ``action``, for a list's union filter."""
    return (
        Organization.objects.for_actor(user, action)
        .unions()
        .select_related("station")
        .order_by("station__name_sort", "name_sort", "pk")
    )


def _employers(user: Any) -> QuerySet[LegalEntity]:
    """The legal entities a member's employer is chosen among: those of the unions whose
    members the user reviews."""
    return (
        LegalEntity.objects.for_actor(user, MEMBERS_REVIEW)
        .select_related("union")
        .order_by("name", "pk")
    )


# --- applications ----------------------------------------------------------------------


class ApplicationListView(ExportListMixin, PostedSearchMixin, StaffListView):
    """Applications to the unions in scope: open ones first by default, searchable, with a
    checkbox per application that can be approved and one button to approve them all;
    the filtered list exports (``?format=xlsx``, ``members.exports.APPLICATIONS``)."""

    model = JoinApplication
    action = MEMBERS_VIEW
    export = APPLICATIONS
    export_action = MEMBERS_EXPORT
    template_name = "members/staff_application_list.html"
    title = _("入会审核")
    sortable = tuple(sorted(selectors.SORTABLE_APPLICATION_FIELDS))
    default_sort = "-created_at"
    paginate_by = 50

    @cached_property
    def filter_form(self) -> ApplicationFilterForm:
        return ApplicationFilterForm(self.search_data(), unions=_unions(self.actor, MEMBERS_VIEW))

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.application_list(
            actor=self.actor, sort=self.current_sort(), **self.filter_form.filters()
        )

    def export_rows(self) -> QuerySet[Any]:
        return selectors.application_list(
            actor=self.actor,
            sort=self.current_sort(),
            action=MEMBERS_EXPORT,
            **self.filter_form.filters(),
        ).select_related("employer")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        applications = list(context["object_list"])
        approvable = takeable(user, applications, "approve")
        rows = [(application, application.pk in approvable) for application in applications]
        # the offer to approve every matching application (other pages included) counts
        # what that approves, not every row the filters match
        page = context["page_obj"]
        matching = (
            len(
                selectors.approvable_applications(
                    user, self.filter_form.filters(), limit=BATCH_LIMIT
                )
            )
            if approvable and page is not None and page.has_other_pages()
            else 0
        )
        context.update(
            rows=rows,
            approvable=sorted(approvable),
            all_approvable=matching,
            all_approvable_capped=matching >= BATCH_LIMIT,
            filter_form=self.filter_form,
            batch_form=BatchApproveForm(
                initial={
                    "next": self.request.get_full_path(),
                    "query": self.request.GET.urlencode(),
                }
            ),
        )
        return context


class ApplicationDetailView(StaffDetailView):
    """An application with every field (ID number and phone masked unless permitted), the
    consent given, its history and the review forms."""

    model = JoinApplication
    action = MEMBERS_VIEW
    template_name = "members/staff_application_detail.html"
    context_object_name = "application"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(
            "union", "union__station", "employer", "area", "reviewed_by", "membership__person"
        )

    @property
    def title(self) -> str:
        return gettext("入会申请 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application: JoinApplication = self.object
        user: Any = self.request.user
        policy = disclosure.policy_for(user, application.union)
        if policy.visible:
            disclosure.record(
                actor=user,
                objects=[application],
                fields=PII_FIELDS,
                purpose=gettext("入会申请详情页"),
            )
        context.update(
            id_number=policy.id_number(application.id_number),
            phone=policy.phone(application.phone),
            pii_masked=not policy.visible,
            consent_text=CONSENT_TEXTS.get(application.consent_version, ""),
            timeline=timeline(application),
            actions=offers(user, application),
        )
        return context


class ApplicationActionView(StepView):
    """A review step of one application; its page shows the errors of a refused step."""

    model = JoinApplication
    template_name = "members/staff_application_form.html"
    object_name = "application"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union")

    @property
    def application(self) -> JoinApplication:
        return self.subject  # type: ignore[no-any-return]

    def object_url(self, pk: Any) -> str:
        return application_url(pk)


class ApplicationApproveView(ApplicationActionView):
    step_name = "approve"

    def call_service(self, data: dict[str, Any]) -> JoinApplication:
        return application_approve(
            actor=self.actor, application=self.application, started_on=data["started_on"]
        )

    def success_text(self, result: JoinApplication) -> str:
        number = result.membership.number if result.membership else ""
        return gettext("已批准入会，会员编号 %(number)s") % {"number": number}


class ApplicationRejectView(ApplicationActionView):
    step_name = "reject"
    success_message = _("已不予批准，申请人将收到通知和原因")

    def call_service(self, data: dict[str, Any]) -> JoinApplication:
        return application_reject(
            actor=self.actor, application=self.application, reason=data["reason"]
        )


class ApplicationRequestInfoView(ApplicationActionView):
    step_name = "request_info"
    success_message = _("已通知申请人补充材料")

    def call_service(self, data: dict[str, Any]) -> JoinApplication:
        return application_request_info(
            actor=self.actor, application=self.application, reason=data["reason"]
        )


class ApplicationsApproveView(ServiceFormView):
    """Approve the applications ticked on the list (POST only). Each is approved on its
    own; the message says how many were approved and lists the refusals. An id outside
    the user's scope answers 404 and approves nothing."""

    model = JoinApplication
    action = MEMBERS_REVIEW
    form_class = BatchApproveForm
    http_method_names = ["post"]

    def back_url(self) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return target
        return reverse("members:application_list")

    def matching(self, query: str) -> list[JoinApplication]:
        """Every application the list's filters match that the user may approve now (at
        most ``BATCH_LIMIT``), the personal search recalled from its token."""
        user: Any = self.request.user
        data = QueryDict(query, mutable=True)
        token = data.pop(SEARCH_PARAM, [""])[-1]
        for name, value in ((recall(self.request, token) if token else None) or {}).items():
            data[name] = value
        filters = ApplicationFilterForm(data, unions=_unions(user, MEMBERS_VIEW)).filters()
        return selectors.approvable_applications(user, filters, limit=BATCH_LIMIT)

    def perform(self, form: Any) -> list[JoinApplication]:
        if form.cleaned_data["all_matching"]:
            chosen = self.matching(form.cleaned_data["query"])
        else:
            ids = form.cleaned_data["applications"]
            chosen = list(self.get_queryset().filter(pk__in=ids).order_by("pk"))
            if len(chosen) != len(ids):
                raise Http404
        approved, refused = applications_approve(
            actor=self.actor,
            applications=chosen,
            started_on=form.cleaned_data["started_on"],
        )
        self._announce(approved, refused, {a.pk: a for a in chosen})
        return approved

    def _announce(
        self,
        approved: list[JoinApplication],
        refused: dict[int, list[str]],
        by_pk: dict[int, JoinApplication],
    ) -> None:
        if approved:
            messages.success(
                self.request, gettext("已批准 %(count)d 份入会申请") % {"count": len(approved)}
            )
        if refused:
            messages.error(
                self.request,
                gettext("%(count)d 份申请未能批准：") % {"count": len(refused)},
            )
        for pk, errors in list(refused.items())[:REFUSALS_SHOWN]:
            application = by_pk[pk]
            messages.error(
                self.request,
                f"{application.number} {application.name}：{'；'.join(errors)}",
            )
        if len(refused) > REFUSALS_SHOWN:
            messages.error(
                self.request,
                gettext("……另有 %(count)d 份") % {"count": len(refused) - REFUSALS_SHOWN},
            )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()

    def form_invalid(self, form: Any) -> HttpResponse:
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(self.back_url())


# --- members ---------------------------------------------------------------------------


class MemberListView(ExportListMixin, PostedSearchMixin, StaffListView):
    """Members of the unions in scope (or of one union): search by name, member number,
    ID number or phone (posted, never in the URL: ``core.search``), filters, masked ID
    numbers and phones. A page costs the same number of queries whatever the size of the
    union."""

    model = Membership
    action = MEMBERS_VIEW
    export = MEMBER_LIST
    export_action = MEMBERS_EXPORT
    template_name = "members/staff_member_list.html"
    title = _("会员名册")
    sortable = tuple(sorted(selectors.SORTABLE_MEMBER_FIELDS))
    default_sort = "number"
    paginate_by = 50

    @cached_property
    def filter_form(self) -> MemberFilterForm:
        return MemberFilterForm(self.search_data(), unions=_unions(self.actor, MEMBERS_VIEW))

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.filter_form.refusal:  # a mistyped phone: nobody, not everybody
            return queryset.none()
        return selectors.member_list(
            actor=self.actor, sort=self.current_sort(), **self.filter_form.filters()
        )

    def export_rows(self) -> QuerySet[Any]:
        rows = selectors.member_list(
            actor=self.actor,
            sort=self.current_sort(),
            action=MEMBERS_EXPORT,
            **self.filter_form.filters(),
        ).select_related("person__employer")
        return rows.none() if self.filter_form.refusal else rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        rows, shown = [], []
        for membership in context["object_list"]:
            policy = disclosure.policy_for(user, membership.union)
            person = membership.person
            phone = policy.phone(person.phone) if membership.shows_whereabouts else ""
            rows.append((membership, policy.id_number(person.id_number), phone))
            if policy.visible:
                shown.append(membership)
        if shown:
            disclosure.record(
                actor=user, objects=shown, fields=PII_FIELDS, purpose=gettext("会员名册")
            )
        context.update(
            rows=rows,
            any_masked=len(shown) < len(rows),
            filter_form=self.filter_form,
            union=self.filter_form.chosen_union(),
            several_unions="union" in self.filter_form.fields,
            can_register=user.has_action(MEMBERS_REVIEW),
        )
        if self.filter_form.refusal:
            messages.error(self.request, self.filter_form.refusal)
            context["export_url"] = ""
        return context


@dataclass(frozen=True)
class MembershipRow:
    membership: Membership
    came_from: Membership | None  # the membership this one was transferred from
    went_to: Membership | None  # the membership it was transferred to
    union_url: str  # the union's page, when the user may open it
    can_end: bool


def _membership_rows(user: Any, memberships: list[Membership]) -> list[MembershipRow]:
    by_pk = {m.pk: m for m in memberships}
    endable = takeable(user, memberships, *ENDINGS)
    successors = {m.transferred_from_id: m for m in memberships if m.transferred_from_id}
    return [
        MembershipRow(
            membership=m,
            came_from=by_pk.get(m.transferred_from_id) if m.transferred_from_id else None,
            went_to=successors.get(m.pk),
            union_url=(
                reverse("organizations:union_detail", args=[m.union_id])
                if allows(user, ORG_VIEW, m.union)
                else ""
            ),
            can_end=m.pk in endable,
        )
        for m in memberships
    ]


def _membership_history(memberships: list[Membership]) -> list[tuple[Any, Membership]]:
    """The steps taken on the memberships shown, newest first, each with its membership."""
    by_pk = {m.pk: m for m in memberships}
    return [(entry, by_pk[entry.object_id]) for entry in reversed(timeline_of(memberships))]


class PersonDetailView(StaffDetailView):
    """A member: identity (masked unless permitted), membership history across unions
    (transfers show both unions), applications, and the services received, which later
    modules add through ``selectors.register_person_section``. A former union sees what
    ``selectors.detail_of`` allows it: its own memberships, no current union, employer or
    phone."""

    model = Person
    action = MEMBERS_VIEW
    template_name = "members/staff_person_detail.html"
    context_object_name = "person"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("employer").prefetch_related(selectors.membership_history())

    @property
    def title(self) -> str:
        return str(self.object.name)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        detail = selectors.detail_of(actor=user, person=self.object)
        # shown unmasked when the user may see personal data in one of the person's unions;
        # the view is audited on that membership (so that union's auditors see it)
        granting = next((m for m in detail.memberships if disclosure.can_see(user, m.union)), None)
        policy = disclosure.Policy(visible=granting is not None)
        if granting is not None:
            disclosure.record(
                actor=user,
                objects=[granting],
                fields=[*PII_FIELDS, "birth_date"],
                purpose=gettext("会员详情页"),
            )
        context.update(
            detail=detail,
            current=detail.current,
            memberships=_membership_rows(user, detail.memberships),
            membership_history=_membership_history(detail.memberships),
            id_number=policy.id_number(detail.person.id_number),
            phone=policy.phone(detail.phone) if detail.phone else "",
            birth=policy.birth(detail.person.birth_date),
            pii_masked=not policy.visible,
            sections=selectors.person_sections(actor=user, person=detail.person),
            employment_history=(
                [] if detail.former else selectors.employment_history(person=detail.person)
            ),
            can_edit=detail.current is not None
            and allows(user, MEMBERS_REVIEW, detail.current.union),
        )
        return context


class MemberRegisterView(ServiceFormView):
    """新增会员: one worker registered by hand in a union the user reviews (the same way an
    approved application enrols them); the member's page afterwards."""

    model = Membership
    action = MEMBERS_REVIEW
    form_class = MemberRegisterForm
    template_name = "members/staff_member_register.html"
    title = pgettext_lazy("action", "新增会员")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "unions": _unions(self.actor, MEMBERS_REVIEW).filter(status=UnionStatus.ACTIVE),
            "employers": _employers(self.actor),
        }

    def perform(self, form: Any) -> Membership:
        data = form.cleaned_data
        membership = member_register(
            actor=self.actor,
            union=data["union"],
            name=data["name"],
            id_number=data["id_number"],
            phone=data["phone"],
            started_on=data["started_on"],
            employment_kind=data["employment_kind"],
            platform=data["platform"],
            employer=data["employer"],
            employer_name=data["employer_name"],
        )
        messages.success(
            self.request,
            gettext("已登记入会：%(name)s，会员编号 %(number)s")
            % {"name": membership.person.name, "number": membership.number},
        )
        return membership

    def success_url_for(self, result: Any) -> str:
        return person_url(result.person_id)


class MemberDetailsView(ServiceFormView):
    """Correct the phone (at once) and the employment (from an effective date) of the
    member of an active membership the user reviews."""

    model = Membership
    action = MEMBERS_REVIEW
    form_class = MemberDetailsForm
    template_name = "members/staff_member_details.html"
    title = _("修改会员信息")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "person__employer", "union")

    @cached_property
    def membership(self) -> Membership:
        return self.get_object()  # type: ignore[no-any-return]

    def get_initial(self) -> dict[str, Any]:
        person = self.membership.person
        if not self.membership.shows_whereabouts:
            return {}
        return {
            "employment_kind": person.employment_kind,
            "platform": person.platform,
            "employer": person.employer_id,
            "employer_name": "" if person.employer_id else person.employer_name,
        }

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "employers": _employers(self.actor)}

    def perform(self, form: Any) -> Person:
        data = form.cleaned_data
        person = member_details_update(
            actor=self.actor,
            membership=self.membership,
            phone=data["phone"],
            employment_kind=data["employment_kind"],
            platform=data["platform"],
            employer=data["employer"],
            employer_name=data["employer_name"],
            on=data["on"],
        )
        messages.success(self.request, gettext("会员信息已保存"))
        return person

    def success_url_for(self, result: Any) -> str:
        return person_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.membership
        person = membership.person
        active = membership.shows_whereabouts  # an ended one shows nothing of the present
        policy = disclosure.policy_for(self.actor, membership.union)
        if active and policy.visible and person.phone:
            disclosure.record(
                actor=self.actor,
                objects=[membership],
                fields=["phone"],
                purpose=gettext("修改会员信息页"),
            )
        context.update(
            membership=membership,
            person=person,
            phone=policy.phone(person.phone) if active and person.phone else "",
            active=active,
            employment_history=selectors.employment_history(person=person) if active else [],
            cancel_url=person_url(person.pk),
        )
        return context


def _about_the_record(exc: ValidationError, *keys: str) -> ValidationError:
    """The same errors, with those under ``keys`` moved to the whole form."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict[str, Any] = {}
    for key, messages_ in exc.error_dict.items():
        target = NON_FIELD_ERRORS if key in keys else key
        errors.setdefault(target, []).extend(messages_)
    return ValidationError(errors)


class MembershipEndView(ServiceFormView):
    """End an active membership: lapsed, withdrawn or deceased, with a date and reason."""

    model = Membership
    action = MEMBERS_REVIEW
    form_class = MembershipEndForm
    template_name = "members/staff_membership_end.html"
    title = _("办理离会")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "union")

    @cached_property
    def membership(self) -> Membership:
        return self.get_object()  # type: ignore[no-any-return]

    def get_form_kwargs(self) -> dict[str, Any]:
        """The kinds of ending the user may take now; all of them on a membership that has
        none left, so that the engine says why it refuses."""
        kinds = [(s.target, s.label) for s in available(self.actor, self.membership)]
        return {**super().get_form_kwargs(), "choices": kinds or ENDING_STATUSES}

    def perform(self, form: Any) -> Membership:
        data = form.cleaned_data
        try:
            result = membership_end(
                actor=self.actor,
                membership=self.membership,
                status=data["status"],
                on=data["ended_on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            # the service's ``status`` is the membership's (already ended), not the choice
            # made on the form: say it at the top of the form
            raise _about_the_record(exc, "status") from exc
        messages.success(
            self.request,
            gettext("会籍已变更为“%(status)s”") % {"status": result.get_status_display()},
        )
        return result

    def success_url_for(self, result: Any) -> str:
        return person_url(result.person_id)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(membership=self.membership, cancel_url=person_url(self.membership.person_id))
        return context
