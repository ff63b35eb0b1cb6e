"""No personal data in a URL: searches by ID number or phone never travel in a query
string, so they never land in access logs, browser history or a Referer header.

Pages: the search form is a POST; ``PostedSearchMixin`` keeps the search text in the
cache under a random token, bound to the user and short-lived (``TTL``), and redirects to
the same page with ``?s=<token>`` and the other (non-personal) filters. A page opened with
an ID number or a phone in the query string ignores it and says why.

API: a FilterSet with ``PersonalQueryGuardMixin`` answers 400 when a personal value comes
in the query string (``?q=110105...``), naming the POST search endpoint, which reads the
same filters from the request body::

    class MemberListView(PostedSearchMixin, StaffListView):
        search_fields = ("q",)                   # filter form built from self.search_data()

    class MembershipFilter(PersonalQueryGuardMixin, django_filters.FilterSet):
        personal_params = ("q",)
        search_endpoint = "/api/v1/members/memberships/search/"
"""

import secrets
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.translation import gettext as _

from gonghui.core import pii

SEARCH_PARAM = "s"
TTL = 15 * 60  # seconds a search token stays valid
_PREFIX = "search:"
NUMBER_MARKS = frozenset(" +-()（）xX")


def is_personal(text: str | None) -> bool:
    """Whether ``text`` is (or holds) a resident ID number or a phone number."""
    text = " ".join(str(text or "").split())
    if not text or not any(ch.isdigit() for ch in text):
        return False
    for check in (pii.normalize_id_number, pii.normalize_phone):
        try:
            check(text)
        except ValidationError:
            continue
        return True
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 11 and not any(ch.isalpha() and ch not in "xX" for ch in text)


@dataclass(frozen=True)
class Terms:
    """What a search box holds, read once for every list (``read``): an ID number or a
    phone (``id_index`` / ``phone_index``: their blind indexes, so they are never compared
    in clear), else ``text`` (spaces collapsed), ``has_digits`` telling a record number
    from a name."""

    text: str
    id_index: str | None = None
    phone_index: str | None = None

    @property
    def has_digits(self) -> bool:
        return any(ch.isdigit() for ch in self.text)

    @property
    def mistyped(self) -> bool:
        """Digits only (with spaces, dashes, brackets, a plus sign or an ID number's X)
        yet neither a valid ID number nor a valid phone: a mistyped one. No record number
        is all digits, so such a search finds nothing; a list says why instead."""
        if self.id_index or self.phone_index or not self.has_digits:
            return False
        return all(ch.isdigit() or ch in NUMBER_MARKS for ch in self.text)


def read(q: str | None) -> Terms | None:
    """The search text ``q`` read as an ID number, a phone, or text; None when blank."""
    text = " ".join((q or "").split())
    if not text:
        return None
    try:
        return Terms(text, id_index=pii.blind_index(pii.normalize_id_number(text)))
    except ValidationError:
        pass
    if not any(ch.isalpha() for ch in text):
        try:
            return Terms(text, phone_index=pii.blind_index(pii.normalize_phone(text)))
        except ValidationError:
            pass
    return Terms(text)


def stash(request: HttpRequest, values: dict[str, str]) -> str:
    """Keep ``values`` for this user for ``TTL`` seconds; returns the opaque token."""
    token = secrets.token_urlsafe(16)
    cache.set(f"{_PREFIX}{token}", {"user": _user_key(request), "values": values}, TTL)
    return token


def recall(request: HttpRequest, token: str) -> dict[str, str] | None:
    """The values stashed under ``token`` by this user, or None (unknown, expired, or
    another user's)."""
    if not token or len(token) > 64:
        return None
    stored = cache.get(f"{_PREFIX}{token}")
    if not stored or stored.get("user") != _user_key(request):
        return None
    return dict(stored["values"])


def _user_key(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class PostedSearchMixin:
    """For a list page whose filter form reads ``search_data()`` instead of request.GET."""

    request: HttpRequest
    search_fields: ClassVar[tuple[str, ...]] = ("q",)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = QueryDict(mutable=True)
        personal: dict[str, str] = {}
        for key in request.POST:
            if key in ("csrfmiddlewaretoken", SEARCH_PARAM, "page"):
                continue
            value = request.POST.get(key, "")
            if key in self.search_fields:
                if value.strip():
                    personal[key] = value
            elif value != "":
                query.setlist(key, request.POST.getlist(key))
        if personal:
            query[SEARCH_PARAM] = stash(request, personal)
        return HttpResponseRedirect(
            f"{request.path}?{query.urlencode()}" if query else request.path
        )

    def search_data(self) -> QueryDict:
        """The page's filters: the query string without personal values, plus the search
        text recalled from the token."""
        data = self.request.GET.copy()
        for name in self.search_fields:
            if is_personal(data.get(name)):
                del data[name]
                self._warn(
                    _(
                        "为保护个人信息，身份证号和手机号不能放在网址中，请在查询框中输入后点击“查询”。"
                    )
                )
        token = data.pop(SEARCH_PARAM, [""])[-1]
        if token:
            values = recall(self.request, token)
            if values is None:
                self._warn(_("查询条件已过期，请重新查询。"))
            else:
                for name in self.search_fields:
                    if name in values:
                        data[name] = values[name]
        return data

    def _warn(self, text: str) -> None:
        if not getattr(self, "_warned", False):
            messages.warning(self.request, text)
            self._warned = True


class PersonalQueryGuardMixin:
    """For a django-filter FilterSet of the API: personal values are refused in the query
    string (400, naming the POST endpoint) and accepted in a POST body."""

    personal_params: ClassVar[tuple[str, ...]] = ("q",)
    search_endpoint: ClassVar[str] = ""

    data: Any
    request: Any
    form: Any

    def is_valid(self) -> bool:
        valid = super().is_valid()  # type: ignore[misc]
        query = getattr(self.request, "query_params", None)
        if query is None or self.data is not query:
            return bool(valid)
        for name in self.personal_params:
            if is_personal(query.get(name)):
                self.form.add_error(
                    name,
                    _("身份证号和手机号不能放在网址参数中，请用 POST %(endpoint)s 查询")
                    % {"endpoint": self.search_endpoint},
                )
                return False
        return bool(valid)


def filtered_by_body(request: Any, filterset_class: Any, queryset: Any) -> Any:
    """The API's POST search: ``filterset_class`` (the list's own filters) applied to the
    JSON body, so personal values stay out of the URL. Unknown fields and bad values are
    a 400 naming the field."""
    from django_filters.utils import translate_validation
    from rest_framework.exceptions import ValidationError as ApiValidationError

    data = request.data
    if not isinstance(data, dict):
        raise ApiValidationError({"non_field_errors": [_("请求体应为 JSON 对象")]})
    filterset = filterset_class(data=data, queryset=queryset, request=request)
    unknown = sorted(set(data) - set(filterset.filters))
    if unknown:
        raise ApiValidationError({key: [_("没有这个字段")] for key in unknown})
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset.qs
