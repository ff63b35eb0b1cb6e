"""The one export mechanism of staff lists: the columns of an export are declared once,
personal data in them is masked through ``core.disclosure`` where the user may not see
it, and every export is audited (``disclosure.record`` for the rows shown unmasked,
``disclosure.record_export`` for the export itself, masked or not).

    MEMBERS = Export(
        what=gettext_lazy("会员名册"),
        columns=(
            Column(gettext_lazy("姓名"), lambda m: m.person.name),
            Column(gettext_lazy("手机号"), lambda m: m.person.phone, personal="phone"),
        ),
        organization=lambda m: m.union,
    )
    content = workbook(actor=user, parts=[(MEMBERS, memberships)], filters=filters)

Rows are read lazily (pass ``queryset.iterator(chunk_size=...)``) and written by the
write-only xlsx writer, so a large export does not sit in memory as rows. A personal
column (``phone``, ``id_number``, ``birth``, ``account``: a bank account) goes through the
row's policy: the value, or the mask (the age band for a birth date)."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import disclosure
from gonghui.core.scoping import Actor, signed_in
from gonghui.documents import xlsx

PERSONAL = ("phone", "id_number", "birth", "account")


@dataclass(frozen=True)
class Column:
    """A column: its header and how a row gives its value. ``personal`` names the kind of
    personal data it holds; ``audited`` the field name the disclosure records (default:
    ``personal``)."""

    header: Any
    value: Callable[[Any], Any]
    personal: str = ""
    audited: str = ""
    number_format: str | None = None

    def __post_init__(self) -> None:
        if self.personal and self.personal not in PERSONAL:
            raise ValueError(f"unknown kind of personal data: {self.personal}")


@dataclass(frozen=True)
class Export:
    """What an export is (``what``: the sheet's title and the audit's label), its columns,
    the organisation whose policy masks a row, and the record the disclosure names for
    a row shown unmasked (default: the row itself)."""

    what: Any
    columns: Sequence[Column]
    organization: Callable[[Any], Any]
    disclosed: Callable[[Any], Model] | None = None
    purpose: Any = None

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def audited_fields(self) -> list[str]:
        return sorted({c.audited or c.personal for c in self.columns if c.personal})


@dataclass
class _Tally:
    rows: int = 0
    unmasked: list[Model] = field(default_factory=list)


class _Policies:
    """One policy per organisation, asked once each."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.cache: dict[Any, disclosure.Policy] = {}

    def __call__(self, organization: Any) -> disclosure.Policy:
        key = getattr(organization, "pk", None)
        if key not in self.cache:
            self.cache[key] = disclosure.policy_for(self.actor, organization)
        return self.cache[key]


def _masked(policy: disclosure.Policy, kind: str, value: Any) -> Any:
    if kind == "phone":
        return policy.phone(value) if value else ""
    if kind == "id_number":
        return policy.id_number(value) if value else ""
    if kind == "account":
        return policy.account(value) if value else ""
    return policy.birth(value)


def rows_of(
    export: Export, rows: Iterable[Any], *, policies: Callable[[Any], Any], tally: _Tally
) -> Iterator[list[Any]]:
    """The cells of each row, personal ones masked by the row's policy; counts the rows
    and collects those shown unmasked."""
    personal = [c for c in export.columns if c.personal]
    for row in rows:
        tally.rows += 1
        if not personal:
            yield [column.value(row) for column in export.columns]
            continue
        policy = policies(export.organization(row))
        cells = []
        for column in export.columns:
            value = column.value(row)
            cells.append(_masked(policy, column.personal, value) if column.personal else value)
        if policy.visible and any(c.value(row) for c in personal):
            tally.unmasked.append(export.disclosed(row) if export.disclosed else row)
        yield cells


def workbook(
    *,
    actor: Actor,
    parts: Sequence[tuple[Export, Iterable[Any]]],
    organization: Any = None,
    filters: dict[str, Any] | None = None,
) -> bytes:
    """One sheet per (export, rows), as xlsx bytes. The first part names the export (one
    ``record_export`` entry with its row count); the unmasked rows of every part are
    recorded."""
    policies = _Policies(actor)
    tallies = [_Tally() for _part in parts]
    sheets = [
        xlsx.Sheet(
            export.what,
            export.headers(),
            rows_of(export, rows, policies=policies, tally=tally),
            formats=[c.number_format for c in export.columns],
        )
        for (export, rows), tally in zip(parts, tallies, strict=True)
    ]
    content = xlsx.workbook_bytes(sheets)
    for (export, _rows), tally in zip(parts, tallies, strict=True):
        if tally.unmasked:
            disclosure.record(
                actor=actor,
                objects=tally.unmasked,
                fields=export.audited_fields(),
                purpose=str(export.purpose or _("导出%(what)s") % {"what": export.what}),
            )
    disclosure.record_export(
        actor=actor,
        what=parts[0][0].what,
        rows=tallies[0].rows,
        unmasked=sum(len(tally.unmasked) for tally in tallies),
        organization=organization,
        filters=filters,
    )
    return content


# --- a staff list's export -----------------------------------------------------------------

EXPORT_PARAM, XLSX = "format", "xlsx"
CHUNK = 2_000


class ExportListMixin:
    """A staff list that exports its filtered rows (every page, the list's own filters
    and sort) at its own URL with ``?format=xlsx``: through ``export`` (the columns,
    declared once) for a user holding ``export_action`` (403 otherwise); the rows are
    ``export_rows()``, which a view narrows to ``export_action`` through its selector."""

    export: Export
    export_action: str = ""
    request: HttpRequest

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get(EXPORT_PARAM) == XLSX:
            return self.export_response()
        return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]

    def export_rows(self) -> Any:
        return self.get_queryset()  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """``export_url``: this list, filtered as shown, as a workbook (for a user who may
        export; empty otherwise)."""
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        actor = signed_in(self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        query[EXPORT_PARAM] = XLSX
        allowed = actor is not None and (
            not self.export_action or actor.has_action(self.export_action)
        )
        context["export_url"] = f"?{query.urlencode()}" if allowed else ""
        return context

    def export_filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.request.GET.items() if k not in (EXPORT_PARAM, "page")}

    def export_response(self) -> HttpResponse:
        actor = signed_in(self.request.user)
        if actor is None or (self.export_action and not actor.has_action(self.export_action)):
            raise PermissionDenied
        content = workbook(
            actor=actor,
            parts=[(self.export, self.export_rows().iterator(chunk_size=CHUNK))],
            filters=self.export_filters(),
        )
        name = f"{self.export.what}-{timezone.localdate():%Y%m%d}.xlsx"
        response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = _attachment_header(name)
        return response


def _attachment_header(name: str) -> str:
    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
