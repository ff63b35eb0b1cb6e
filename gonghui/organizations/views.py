"""Staff pages of the organisation registry. Reads go through ``selectors``, writes through
``services``; every page is scoped by the base views of ``core.views``."""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from gonghui.accounts.roles import (
    AUDIT_VIEW,
    ORG_CHANGE,
    ORG_EXPORT,
    ORG_FOUND,
    ORG_RESTRUCTURE,
    ORG_VIEW,
)
from gonghui.core import disclosure
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import Actor, allows
from gonghui.core.selectors import audit_history
from gonghui.core.views import ScopedMixin, ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.documents import xlsx
from gonghui.organizations import exports, figures, selectors, services
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.forms import (
    PHONE_FIELDS,
    LegalEntityForm,
    LegalEntityMoveForm,
    UnionDissolveForm,
    UnionEditForm,
    UnionFilterForm,
    UnionFoundForm,
    UnionMergeForm,
    UnionMoveForm,
)
from gonghui.organizations.models import LegalEntity, Organization

HISTORY_LIMIT = 50
UNION_SORTABLE = ("code", "name", "station__name", "founded_on", "headcount", "status")


def union_url(union_id: Any) -> str:
    return reverse("organizations:union_detail", args=[union_id])


def _member_unions() -> Prefetch:
    members = Organization.objects.filter(kind=NodeKind.UNION).order_by(
        *selectors.sort_columns("name"), "pk"
    )
    return Prefetch("children", queryset=members, to_attr="member_unions")


# --- the registry ----------------------------------------------------------------------


# The tree is drawn whole (every node a closed <details>, no JavaScript needed) up to this
# many unions. A larger scope first draws the federation and its stations with their
# counts, and a station's unions when it is opened: fetched by static/js/orgtree.js or,
# without JavaScript, by following the station's link (``?open=<station>``), which draws
# the page with that station open. Measured on the full demo (1,659 active unions, 10
# stations, SQLite, a 2-core machine under load), the page as federation staff: drawn
# whole 1.1-2.4 s and 480 KiB of HTML; stations only 0.2-0.3 s and 30 KiB, then 0.2 s and
# 100 KiB for the largest station's 369 unions; 8 queries either way (the template's
# drawing, about 0.5 ms a node, is the cost, not the database).
TREE_DRAWN_WHOLE_UP_TO = 300


@dataclass(frozen=True)
class TreeDrawing:
    """What the tree template draws: ``roots``; the nodes whose children are left to be
    fetched (``deferred``), the nodes drawn open (``opened``), and the nodes under which
    the actor may found a union (``can_found``)."""

    roots: list[selectors.TreeNode]
    figures: list[figures.UnionFigure]
    deferred: frozenset[int]
    opened: frozenset[int]
    can_found: frozenset[int]


def _walk(nodes: list[selectors.TreeNode]) -> Iterator[selectors.TreeNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _drawing(
    actor: Actor, roots: list[selectors.TreeNode], shown: list[figures.UnionFigure], open_pk: Any
) -> TreeDrawing:
    nodes = list(_walk(roots))
    whole = sum(node.is_union for node in nodes) <= TREE_DRAWN_WHOLE_UP_TO
    opened = {node.org.pk for node in roots}
    chosen = next((node for node in nodes if str(node.org.pk) == str(open_pk)), None)
    if chosen is not None:
        opened.update([*chosen.org.ancestor_ids(), chosen.org.pk])
    deferred = set()
    if not whole:
        deferred = {
            node.org.pk
            for node in nodes
            if node.org.kind == NodeKind.STATION and node.org.pk not in opened and node.children
        }
    can_found = {
        node.org.pk
        for node in nodes
        if node.org.can_have_unions() and allows(actor, ORG_FOUND, node.org)
    }
    return TreeDrawing(roots, shown, frozenset(deferred), frozenset(opened), frozenset(can_found))


class UnionTreeView(StaffListView):
    """The organisation tree of the actor's scope (federation, stations, joint unions and
    their member unions, each with its counts), and the searchable union list."""

    model = Organization
    action = ORG_VIEW
    template_name = "organizations/tree.html"
    title = _("组织建设")
    sortable = UNION_SORTABLE
    default_sort = "name"
    paginate_by = 50

    @cached_property
    def tree(self) -> TreeDrawing:
        shown = figures.for_tree(self.actor)
        roots = selectors.union_tree(actor=self.actor, figures=shown)
        return _drawing(self.actor, roots, shown, self.request.GET.get("open"))

    @cached_property
    def filter_form(self) -> UnionFilterForm:
        stations = [
            node.org for node in _walk(self.tree.roots) if node.org.kind == NodeKind.STATION
        ]
        stations.sort(key=lambda station: (station.name_sort, station.name, station.pk))
        return UnionFilterForm(self.request.GET or None, stations=stations)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        unions = selectors.union_list(
            actor=self.actor, sort=self.current_sort(), **self.filter_form.filters()
        )
        return unions.prefetch_related(_member_unions())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.actor
        export_query = self.request.GET.copy()
        for name in ("page", "open"):
            export_query.pop(name, None)
        context.update(
            tree=self.tree,
            filter_form=self.filter_form,
            can_found=user.has_action(ORG_FOUND),
            can_export=user.has_action(ORG_EXPORT),
            export_query=export_query.urlencode(),
        )
        return context


class UnionTreeNodeView(StaffDetailView):
    """The children of one node of the tree (a station or a joint union), as the tree page
    draws them: what static/js/orgtree.js puts in place when the node is opened."""

    model = Organization
    action = ORG_VIEW
    template_name = "organizations/_tree_children.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.actor
        shown = figures.for_tree(user)
        roots = selectors.union_tree(actor=user, figures=shown, root=self.object)
        drawing = _drawing(user, roots, shown, self.object.pk)
        context.update(tree=drawing, nodes=roots[0].children if roots else [])
        return context


class UnionDetailView(StaffDetailView):
    """A union's facts, chair and contact (masked unless permitted), legal entities,
    member unions and history."""

    model = Organization
    action = ORG_VIEW
    template_name = "organizations/union_detail.html"
    context_object_name = "union"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=NodeKind.UNION).select_related(
            "station", "parent", "merged_into"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        union: Organization = self.object
        user = self.actor
        policy = disclosure.policy_for(user, union)
        if policy.visible:
            _record_phones_shown(user, union, purpose=gettext("工会详情页"))
        entities = list(selectors.legal_entity_list(actor=user, union=union))
        context.update(
            chair_phone=policy.phone(union.chair_phone),
            contact_phone=policy.phone(union.contact_phone),
            phones_masked=not policy.visible,
            entities=entities,
            members=_members(user, union),
            figure_links=figures.links(user, union),
            history=_history(user, union, entities),
            audit_url=_audit_url(union),
            can_change=allows(user, ORG_CHANGE, union),
            can_found=allows(user, ORG_FOUND, union) and union.can_have_unions(),
            can_restructure=allows(user, ORG_RESTRUCTURE, union) and union.is_active,
            actions=offers(user, union),
            timeline=timeline(union),
        )
        return context


def _members(user: Actor, union: Organization) -> list[Organization]:
    """The member unions of a joint union (in any status)."""
    if not union.is_joint:
        return []
    return list(selectors.union_list(actor=user, root=union).exclude(pk=union.pk))


def _record_phones_shown(user: Actor, union: Organization, *, purpose: str) -> None:
    shown = [name for name in PHONE_FIELDS if getattr(union, name)]
    if shown:
        disclosure.record(actor=user, objects=[union], fields=shown, purpose=purpose)


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    changes: list[tuple[str, str, str]]


def _history(
    user: Actor, union: Organization, entities: list[LegalEntity]
) -> list[HistoryRow] | None:
    """Changes to the union and its legal entities, newest first; None when the user may
    not read the audit log."""
    if not user.has_action(AUDIT_VIEW):
        return None
    entries = audit_history(actor=user, objects=[union, *entities], limit=HISTORY_LIMIT)
    names = _node_names(user, entries)
    return [HistoryRow(entry, _readable_changes(entry, names)) for entry in entries]


# bookkeeping fields left out of the history; phones are always masked there (the page
# shows the current numbers according to the disclosure policy)
HISTORY_SKIPPED = frozenset({"id", "created_at", "updated_at", "path", "depth", "name_sort"})
NODE_FIELDS = frozenset({"union", "parent", "station", "merged_into"})


def _node_names(user: Actor, entries: list[AuditEntry]) -> dict[str, str]:
    """Names of the nodes referred to by the entries, among the nodes the user may see."""
    ids = {
        str(value)
        for entry in entries
        for field, pair in entry.changes.items()
        if field in NODE_FIELDS
        for value in pair
        if value
    }
    nodes = selectors.visible_nodes(actor=user).filter(pk__in=ids).values_list("pk", "name")
    return {str(pk): name for pk, name in nodes} if ids else {}


def _readable_changes(entry: AuditEntry, names: dict[str, str]) -> list[tuple[str, str, str]]:
    model = entry.content_type.model_class() if entry.content_type else None
    if model is None or entry.action == AuditAction.CREATE:
        return []
    changes = []
    for name, pair in entry.changes.items():
        if name in HISTORY_SKIPPED:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            changes.append((name, *(str(v) for v in pair)))
            continue
        shown = [_readable_value(field, value, names) for value in pair]
        changes.append((str(getattr(field, "verbose_name", name)), shown[0], shown[1]))
    return changes


def _readable_value(field: Any, value: Any, names: dict[str, str]) -> str:
    if value in (None, ""):
        return "—"
    if getattr(field, "pii", False):
        # the log keeps only a keyed tag of personal data: it shows that it changed
        return str(_("（已隐藏）"))
    if field.name in NODE_FIELDS:
        return names.get(str(value), f"#{value}")
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _audit_url(union: Organization) -> str:
    content_type = ContentType.objects.get_for_model(Organization)
    return f"{reverse('core:audit_list')}?content_type={content_type.pk}&object_id={union.pk}"


# --- forms -----------------------------------------------------------------------------


class RegistryFormView(ServiceFormView):
    """A registry form: the form gets the actor, the service's result is announced, and a
    service error about something the form has no field for is shown as a plain message."""

    template_name = "organizations/form.html"
    submit_label = _("保存")
    intro: Any = ""
    success_message: Any = _("已保存")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["actor"] = self.actor
        return kwargs

    def call_service(self, form: Any) -> Any:
        raise NotImplementedError

    def perform(self, form: Any) -> Any:
        try:
            result = self.call_service(form)
        except ValidationError as exc:
            raise _keep_form_fields(form, exc) from exc
        messages.success(self.request, self.success_message)
        return result

    def union_for_breadcrumbs(self) -> Organization | None:
        return None

    def cancel_url(self) -> str:
        union = self.union_for_breadcrumbs()
        return union_url(union.pk) if union else reverse("organizations:tree")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(union=self.union_for_breadcrumbs(), cancel_url=self.cancel_url())
        return context


def _keep_form_fields(form: Any, exc: ValidationError) -> ValidationError:
    """Errors on fields the form has stay there; the rest go on the form as plain messages
    (a service key such as ``status`` means nothing to the user)."""
    if not hasattr(exc, "error_dict"):
        return exc
    known = {}
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            known[field] = errors
        else:
            for error in errors:
                form.add_error(None, error)
    return ValidationError(known)


class UnionCreateView(RegistryFormView):
    model = Organization
    action = ORG_FOUND
    form_class = UnionFoundForm
    title = _("新建工会")
    submit_label = _("成立工会")
    success_message = _("工会已登记")

    @cached_property
    def chosen_parent(self) -> Organization | None:
        """The node named by ``?parent=`` (404 when outside the actor's scope)."""
        pk = self.request.GET.get("parent")
        return self.scoped_get(Organization.objects.all(), pk=pk) if pk else None

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "founded_on": timezone.localdate(),
            "union_kind": UnionKind.STANDALONE,
        }
        if self.chosen_parent is not None:
            initial["parent"] = self.chosen_parent.pk
        return initial

    def union_for_breadcrumbs(self) -> Organization | None:
        parent = self.chosen_parent
        return parent if parent is not None and parent.kind == NodeKind.UNION else None

    def call_service(self, form: Any) -> Organization:
        return services.union_found(actor=self.actor, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return union_url(result.pk)


class UnionFormView(RegistryFormView):
    """A form about one existing union (fetched through the scoped queryset)."""

    model = Organization

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=NodeKind.UNION).select_related("station", "parent")

    @cached_property
    def union(self) -> Organization:
        return self.get_object()  # type: ignore[no-any-return]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["union"] = self.union
        return kwargs

    def union_for_breadcrumbs(self) -> Organization | None:
        return self.union

    def success_url_for(self, result: Any) -> str:
        return union_url(self.union.pk)


class UnionEditView(UnionFormView):
    action = ORG_CHANGE
    form_class = UnionEditForm
    title = _("编辑工会信息")
    success_message = _("工会信息已更新")

    @cached_property
    def policy(self) -> disclosure.Policy:
        return disclosure.policy_for(self.actor, self.union)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.policy.visible:
            _record_phones_shown(self.actor, self.union, purpose=gettext("编辑工会信息"))
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        union = self.union
        fields = ("name", "founded_on", "chair_name", "contact_name", "address", "direct_workers")
        return {name: getattr(union, name) for name in fields}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["policy"] = self.policy
        return kwargs

    def call_service(self, form: Any) -> Organization:
        return services.union_update(actor=self.actor, union=self.union, **form.changes())


class UnionMoveView(UnionFormView):
    action = ORG_RESTRUCTURE
    form_class = UnionMoveForm
    title = _("迁移工会")
    submit_label = _("迁移")
    intro = _("迁移后，本工会的服务站随新的上级组织变化；成员工会和法人单位随之迁移。")
    success_message = _("工会已迁移")

    def call_service(self, form: Any) -> Organization:
        return services.union_move(
            actor=self.actor, union=self.union, new_parent=form.cleaned_data["new_parent"]
        )


class UnionMergeView(UnionFormView):
    action = ORG_RESTRUCTURE
    form_class = UnionMergeForm
    title = _("合并工会")
    submit_label = _("确认合并")
    intro = _(
        "合并后本工会状态变为“已合并”，保留历史记录；其法人单位、成员工会转入目标工会。此操作不可撤回。"
    )
    success_message = _("工会已合并")

    def call_service(self, form: Any) -> Organization:
        data = form.cleaned_data
        return services.union_merge(
            actor=self.actor,
            union=self.union,
            into=data["into"],
            on=data["on"],
            reason=data["reason"],
        )


class UnionDissolveView(UnionFormView):
    action = ORG_RESTRUCTURE
    form_class = UnionDissolveForm
    title = _("撤销工会")
    submit_label = _("确认撤销")
    intro = _(
        "撤销后本工会状态变为“已撤销”，其法人单位不再计入覆盖。联合会须先迁移或合并成员工会。此操作不可撤回。"
    )
    success_message = _("工会已撤销")

    def call_service(self, form: Any) -> Organization:
        data = form.cleaned_data
        return services.union_dissolve(
            actor=self.actor, union=self.union, on=data["on"], reason=data["reason"]
        )


class EntityAttachView(UnionFormView):
    action = ORG_CHANGE
    form_class = LegalEntityForm
    title = _("添加法人单位")
    success_message = _("法人单位已纳入覆盖")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("union")
        return kwargs

    def call_service(self, form: Any) -> LegalEntity:
        return services.legal_entity_attach(actor=self.actor, union=self.union, **form.cleaned_data)


class EntityFormView(RegistryFormView):
    """A form about one legal entity (scoped through its union)."""

    model = LegalEntity
    action = ORG_CHANGE

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union")

    @cached_property
    def entity(self) -> LegalEntity:
        return self.get_object()  # type: ignore[no-any-return]

    def union_for_breadcrumbs(self) -> Organization | None:
        return self.entity.union

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entity"] = self.entity
        return context


class EntityEditView(EntityFormView):
    form_class = LegalEntityForm
    title = _("编辑法人单位")
    success_message = _("法人单位已更新")

    def get_initial(self) -> dict[str, Any]:
        entity = self.entity
        fields = ("name", "credit_code", "headcount", "industry", "covered_since")
        return {name: getattr(entity, name) for name in fields}

    def call_service(self, form: Any) -> LegalEntity:
        return services.legal_entity_update(
            actor=self.actor, entity=self.entity, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return union_url(result.union_id)


class EntityMoveView(EntityFormView):
    form_class = LegalEntityMoveForm
    title = _("转移法人单位")
    submit_label = _("转移")
    intro = _("法人单位转由另一个工会覆盖，两个工会的覆盖职工数随之更新。")
    success_message = _("法人单位已转移")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = self.entity
        return kwargs

    def call_service(self, form: Any) -> LegalEntity:
        return services.legal_entity_move(
            actor=self.actor, entity=self.entity, union=form.cleaned_data["union"]
        )

    def success_url_for(self, result: Any) -> str:
        return union_url(result.union_id)


# --- export ----------------------------------------------------------------------------


class UnionExportView(ScopedMixin, View):
    """The registry as an Excel workbook: the union list's filters, scoped for export."""

    model = Organization
    action = ORG_EXPORT

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        user = self.actor
        stations = list(Organization.objects.for_actor(user, ORG_EXPORT).stations())
        form = UnionFilterForm(self.request.GET or None, stations=stations)
        return selectors.union_list(
            actor=user,
            action=ORG_EXPORT,
            sort=self.request.GET.get("sort", "name"),
            **form.filters(),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = exports.union_registry(actor=self.actor, unions=self.get_queryset())
        response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=exports.registry_filename()
        )
        return response
