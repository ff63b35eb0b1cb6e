"""The organisation registry's API: one view per operation. Reads go through the scoped
base view (and the selectors), writes through ``organizations.services``.

Phone numbers of a union are shown through ``core.disclosure``: masked unless the user
may see personal data of that union; each response that shows some unmasked writes one
bulk audit entry per union shown."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import ORG_CHANGE, ORG_FOUND, ORG_RESTRUCTURE, ORG_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, count_field, error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.core import disclosure
from gonghui.core.scoping import Actor
from gonghui.organizations import selectors, services
from gonghui.organizations.choices import Industry, SizeClass, UnionKind, UnionStatus
from gonghui.organizations.filters import LegalEntityFilter, UnionFilter
from gonghui.organizations.models import LegalEntity, Organization

PHONE_FIELDS = ("chair_phone", "contact_phone")
PHONE_MAX_LENGTH = 32  # before normalisation to E.164: spaces, dashes, +86 ...


# --- shared output ---------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class MaskedPhoneField(serializers.Field):
    """A union's phone number, masked unless the requesting user may see it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, union: Organization) -> str:
        policy = disclosure.policy_for(self.context["request"].user, union)
        return policy.phone(getattr(union, self.field_name or ""))


def record_disclosure(actor: Actor, unions: Iterable[Organization], purpose: str) -> None:
    """Audit, in one statement, the unions whose phones a response shows unmasked."""
    shown = [
        union
        for union in unions
        if any(getattr(union, field) for field in PHONE_FIELDS) and disclosure.can_see(actor, union)
    ]
    if shown:
        disclosure.record(actor=actor, objects=shown, fields=PHONE_FIELDS, purpose=purpose)


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class UnionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    union_kind = serializers.ChoiceField(choices=UnionKind.choices)
    status = serializers.ChoiceField(choices=UnionStatus.choices)
    station = OrganizationRefSerializer(allow_null=True)
    parent = OrganizationRefSerializer(allow_null=True)
    founded_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    end_reason = serializers.CharField()
    headcount = serializers.IntegerField()
    size_class = serializers.ChoiceField(choices=SizeClass.choices)
    direct_workers = serializers.IntegerField()
    chair_name = serializers.CharField()
    chair_phone = MaskedPhoneField()
    contact_name = serializers.CharField()
    contact_phone = MaskedPhoneField()
    address = serializers.CharField()


class UnionDetailSerializer(UnionOutputSerializer):
    """One union: with what the user may do with it now and its status history."""

    actions = ActionsField()
    timeline = TimelineField()


def union_response(
    request: Request,
    actor: Actor,
    union: Organization,
    purpose: str,
    code: int = status.HTTP_200_OK,
) -> Response:
    data = UnionDetailSerializer(union, context={"request": request}).data
    record_disclosure(actor, [union], purpose)
    return Response(data, status=code)


class UnionApi(ScopedAPIView):
    """Views about unions (not stations or the federation)."""

    model = Organization

    def base_queryset(self) -> QuerySet[Any]:
        return Organization.objects.unions()

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("station", "parent")


# --- unions ----------------------------------------------------------------------------


class UnionListApi(UnionApi):
    """Unions in scope: search (``q``), filters, ``ordering`` and pages."""

    action = ORG_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = UnionFilter

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().refine_queryset(queryset).order_by(*selectors.sort_columns("name"), "pk")

    @extend_schema(
        summary="List unions",
        responses={200: UnionOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        data = UnionOutputSerializer(page, many=True, context={"request": request}).data
        record_disclosure(self.actor, page, _("接口：工会列表"))
        return self.get_paginated_response(data)


class UnionCreateApi(UnionApi):
    """Found a union under a station or a joint union in the user's scope."""

    action = ORG_FOUND

    class InputSerializer(serializers.Serializer):
        parent = id_field(help_text="id of the station or joint union")  # type: ignore[assignment]
        name = serializers.CharField(max_length=120)
        union_kind = serializers.ChoiceField(choices=UnionKind.choices)
        founded_on = DateField()
        chair_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        chair_phone = serializers.CharField(
            max_length=PHONE_MAX_LENGTH, required=False, allow_blank=True
        )
        contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        contact_phone = serializers.CharField(
            max_length=PHONE_MAX_LENGTH, required=False, allow_blank=True
        )
        address = serializers.CharField(max_length=200, required=False, allow_blank=True)
        direct_workers = count_field(required=False)

    @extend_schema(
        summary="Found a union",
        request=InputSerializer,
        responses={201: UnionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = dict(self.validated(self.InputSerializer))
        parent = self.scoped_get(Organization.objects.all(), field="parent", pk=data.pop("parent"))
        union = services.union_found(actor=self.actor, parent=parent, **data)
        return union_response(
            request, self.actor, union, _("接口：成立工会"), status.HTTP_201_CREATED
        )


class UnionDetailApi(UnionApi):
    """One union in scope; phones are masked unless the user may see personal data."""

    action = ORG_VIEW

    @extend_schema(
        summary="One union",
        responses={200: UnionDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return union_response(request, self.actor, self.get_object(), _("接口：工会详情"))


class UnionUpdateApi(UnionApi):
    """Change a union's registry details; only the fields sent are changed."""

    action = ORG_CHANGE

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120, required=False)
        founded_on = DateField(required=False)
        chair_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        chair_phone = serializers.CharField(
            max_length=PHONE_MAX_LENGTH, required=False, allow_blank=True
        )
        contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        contact_phone = serializers.CharField(
            max_length=PHONE_MAX_LENGTH, required=False, allow_blank=True
        )
        address = serializers.CharField(max_length=200, required=False, allow_blank=True)
        direct_workers = count_field(required=False)

    @extend_schema(
        summary="Change a union",
        request=InputSerializer,
        responses={200: UnionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        union = self.get_object()
        data = self.validated(self.InputSerializer, partial=True)
        union = services.union_update(actor=self.actor, union=union, **data)
        return union_response(request, self.actor, union, _("接口：修改工会"))


class UnionMoveApi(UnionApi):
    """Move a union (with its member unions) under another station or joint union."""

    action = ORG_RESTRUCTURE

    class InputSerializer(serializers.Serializer):
        new_parent = id_field(help_text="id of the station or joint union")

    @extend_schema(
        summary="Move a union",
        request=InputSerializer,
        responses={200: UnionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        union = self.get_object()
        data = self.validated(self.InputSerializer)
        new_parent = self.scoped_get(
            Organization.objects.all(), field="new_parent", pk=data["new_parent"]
        )
        union = services.union_move(actor=self.actor, union=union, new_parent=new_parent)
        return union_response(request, self.actor, union, _("接口：迁移工会"))


class UnionMergeApi(UnionApi):
    """Merge a union into another; its legal entities and member unions go along."""

    action = ORG_RESTRUCTURE

    class InputSerializer(serializers.Serializer):
        into = id_field(help_text="id of the union merged into")
        on = DateField()
        reason = serializers.CharField(max_length=200, allow_blank=True, default="")

    @extend_schema(
        summary="Merge a union into another",
        request=InputSerializer,
        responses={200: UnionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        union = self.get_object()
        data = dict(self.validated(self.InputSerializer))
        into = self.scoped_get(Organization.objects.unions(), field="into", pk=data.pop("into"))
        union = services.union_merge(actor=self.actor, union=union, into=into, **data)
        return union_response(request, self.actor, union, _("接口：合并工会"))


class UnionDissolveApi(UnionApi):
    """Dissolve a union; a joint union must first move or merge its member unions."""

    action = ORG_RESTRUCTURE

    class InputSerializer(serializers.Serializer):
        on = DateField()
        reason = serializers.CharField(max_length=200, allow_blank=True, default="")

    @extend_schema(
        summary="Dissolve a union",
        request=InputSerializer,
        responses={200: UnionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        union = self.get_object()
        data = self.validated(self.InputSerializer)
        union = services.union_dissolve(actor=self.actor, union=union, **data)
        return union_response(request, self.actor, union, _("接口：撤销工会"))


# --- stations --------------------------------------------------------------------------


class StationListApi(ScopedAPIView):
    """Service stations in scope with their active unions and the workers they cover."""

    action = ORG_VIEW
    model = Organization

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="station.id")
        code = serializers.CharField(source="station.code")
        name = serializers.CharField(source="station.name")
        unions = serializers.IntegerField()
        workers = serializers.IntegerField()

    @extend_schema(
        summary="List service stations",
        responses={200: OutputSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        # the selector is scoped by for_actor with this view's action (ORG_VIEW)
        page = self.paginate(selectors.station_list(actor=self.actor))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


# --- legal entities --------------------------------------------------------------------


class LegalEntityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField()
    headcount = serializers.IntegerField()
    industry = serializers.ChoiceField(choices=Industry.choices)
    union = OrganizationRefSerializer()
    covered_since = serializers.DateField()


class LegalEntityApi(ScopedAPIView):
    """Views about legal entities (scoped through their union)."""

    model = LegalEntity

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union")


class LegalEntityListApi(LegalEntityApi):
    """Legal entities covered by unions in scope: search (``q``), ``union`` and pages."""

    action = ORG_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = LegalEntityFilter

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().refine_queryset(queryset).order_by("name", "pk")

    @extend_schema(
        summary="List legal entities",
        responses={200: LegalEntityOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(LegalEntityOutputSerializer(page, many=True).data)


class LegalEntityCreateApi(LegalEntityApi):
    """Register a legal entity as covered by a union in the user's scope."""

    action = ORG_CHANGE

    class InputSerializer(serializers.Serializer):
        union = id_field(help_text="id of the covering union")
        name = serializers.CharField(max_length=120)
        credit_code = serializers.CharField(max_length=40)
        headcount = count_field()
        industry = serializers.ChoiceField(choices=Industry.choices)
        covered_since = DateField()

    @extend_schema(
        summary="Attach a legal entity to a union",
        request=InputSerializer,
        responses={201: LegalEntityOutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = dict(self.validated(self.InputSerializer))
        union = self.scoped_get(Organization.objects.unions(), field="union", pk=data.pop("union"))
        entity = services.legal_entity_attach(actor=self.actor, union=union, **data)
        return Response(LegalEntityOutputSerializer(entity).data, status=status.HTTP_201_CREATED)


class LegalEntityDetailApi(LegalEntityApi):
    """One legal entity covered by a union in scope."""

    action = ORG_VIEW

    @extend_schema(
        summary="One legal entity",
        responses={200: LegalEntityOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(LegalEntityOutputSerializer(self.get_object()).data)


class LegalEntityUpdateApi(LegalEntityApi):
    """Change a legal entity's details; only the fields sent are changed."""

    action = ORG_CHANGE

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120, required=False)
        credit_code = serializers.CharField(max_length=40, required=False)
        headcount = count_field(required=False)
        industry = serializers.ChoiceField(choices=Industry.choices, required=False)
        covered_since = DateField(required=False)

    @extend_schema(
        summary="Change a legal entity",
        request=InputSerializer,
        responses={200: LegalEntityOutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        entity = self.get_object()
        data = self.validated(self.InputSerializer, partial=True)
        entity = services.legal_entity_update(actor=self.actor, entity=entity, **data)
        return Response(LegalEntityOutputSerializer(entity).data)
