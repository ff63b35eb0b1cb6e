"""The member API for legal aid (the mini-program): apply, my cases, one case's progress
(``actions`` from the workflow, the timeline, the stages), a photo or PDF of a document,
and the owner's steps (withdraw with ``reason``, rate with ``rating`` and ``comment``).
Rows are the member's through ``MemberAPIView`` (the owner rule): another member's case
answers 404."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.views import error_responses
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.core.attachments.apis import AttachmentParser
from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.services import attachment_upload_own
from gonghui.core.workflow import take
from gonghui.disputes.apis import money
from gonghui.legalaid.choices import ApplicantStatus, Channel, Matter, Outcome, StageKind, Status
from gonghui.legalaid.services.cases import case_receive
from gonghui.portal import selectors, selectors_legalaid
from gonghui.portal.apis import MemberAPIView

OWNER_STEPS = {"cancel": ("reason",), "rate": ("rating", "comment")}


class MyLegalAidStageSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StageKind.choices)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class MyLegalAidSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_explained = serializers.SerializerMethodField()
    matter = serializers.ChoiceField(choices=Matter.choices)
    opposing_name = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True, help_text="the review's deadline")

    def get_status_explained(self, case: Any) -> str:
        return str(selectors_legalaid.STATUS_EXPLAINED.get(case.status, ""))


class MyLegalAidDetailSerializer(MyLegalAidSerializer):
    facts = serializers.CharField()
    amount_claimed = money(allow_null=True)
    organization = serializers.CharField(source="organization.name")
    waiting_for = serializers.CharField()
    refusal_reason = serializers.CharField()
    lawyer = serializers.CharField(source="lawyer.name", allow_null=True, default=None)
    firm = serializers.CharField(source="lawyer.firm.name", allow_null=True, default=None)
    stages = MyLegalAidStageSerializer(many=True, source="stages.all")
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    recovered = money(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    rating = serializers.IntegerField(allow_null=True)
    actions = ActionsField()
    timeline = TimelineField()


def detail_response(request: Request, case: Any, code: int = 200) -> Response:
    return Response(
        MyLegalAidDetailSerializer(case, context={"request": request}).data, status=code
    )


class MyLegalAidApi(MemberAPIView):
    model = selectors_legalaid.CASE_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            queryset.select_related("organization", "lawyer", "lawyer__firm")
            .prefetch_related("stages")
            .order_by("-received_on", "-pk")
        )


class MyLegalAidListApi(MyLegalAidApi):
    @extend_schema(
        summary="List my legal-aid cases",
        responses={200: MyLegalAidSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(MyLegalAidSerializer(page, many=True).data)


class MyLegalAidApplyApi(MyLegalAidApi):
    """Apply for legal aid for myself; the service station of my union receives it.
    Photos of documents are uploaded afterwards to ``documents/``."""

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=50, allow_blank=True)
        id_number = serializers.CharField(max_length=24, allow_blank=True)
        phone = serializers.CharField(max_length=20, allow_blank=True)
        matter = serializers.CharField(max_length=20, allow_blank=True, help_text="a matter")
        facts = serializers.CharField(max_length=10_000, allow_blank=True)
        opposing_name = serializers.CharField(max_length=120, allow_blank=True)
        amount_claimed = serializers.CharField(max_length=20, required=False, allow_blank=True)
        statuses = serializers.ListField(
            child=serializers.ChoiceField(choices=ApplicantStatus.choices), required=False
        )
        household_size = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        household_income = serializers.CharField(max_length=20, required=False, allow_blank=True)

    @extend_schema(
        summary="Apply for legal aid",
        request=InputSerializer,
        responses={201: MyLegalAidDetailSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        node = selectors_legalaid.receiving_node(selectors.person_of(request.user))
        if node is None:
            raise exceptions.ValidationError({"organization": [_("暂无受理单位")]})
        case = case_receive(
            actor=self.actor,
            applicant_user=self.actor,
            organization=node,
            channel=Channel.PORTAL,
            **data,
        )
        return detail_response(
            request, self.get_queryset().get(pk=case.pk), status.HTTP_201_CREATED
        )


class MyLegalAidDetailApi(MyLegalAidApi):
    @extend_schema(
        summary="One of my legal-aid cases",
        responses={200: MyLegalAidDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return detail_response(request, self.get_object())


class MyLegalAidDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    name = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class MyLegalAidDocumentApi(MyLegalAidApi):
    """The documents of my case (GET), and attaching a photo (JPEG, PNG) or a PDF while
    the case is open (POST, multipart: ``file``)."""

    parser_classes = [AttachmentParser]
    pagination_class = None  # a handful of files: the whole list, as the schema says

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(allow_empty_file=True)

    @extend_schema(
        summary="List the documents of my legal-aid case",
        responses={200: MyLegalAidDocumentSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        rules = case.attachment_rules
        rows = [
            {
                "id": a.pk,
                "kind": a.kind,
                "kind_label": str(rules.kind_label(a.kind)),
                "name": a.name,
                "uploaded_at": a.created_at,
            }
            for a in selectors_legalaid.attachments_of(case)
        ]
        return Response(MyLegalAidDocumentSerializer(rows, many=True).data)

    @extend_schema(
        summary="Upload a document to my legal-aid case",
        request={"multipart/form-data": InputSerializer},
        responses={201: MyLegalAidDetailSerializer, **error_responses(400, 401, 403, 404, 413)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        try:
            attachment_upload_own(actor=self.actor, record=case, kind="evidence", file=data["file"])
        except AttachmentRefused as exc:
            raise exceptions.ValidationError({"file": [exc.message]}) from exc
        return detail_response(request, self.get_object(), status.HTTP_201_CREATED)


class MyLegalAidStepApi(MyLegalAidApi):
    """Take a step the workflow offers me: ``cancel`` (``reason``) before a lawyer is
    assigned, ``rate`` (``rating`` 1-5, ``comment``) once closed."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        rating = serializers.IntegerField(required=False, allow_null=True)
        comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="Take a step on my legal-aid case",
        request=InputSerializer,
        responses={200: MyLegalAidDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        if step not in OWNER_STEPS:
            raise exceptions.NotFound()
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        extra = sorted(set(data) - set(OWNER_STEPS[step]))
        if extra:
            raise exceptions.ValidationError({key: [_("没有这个字段")] for key in extra})
        given: dict[str, Any] = {name: data.get(name, "") for name in OWNER_STEPS[step]}
        take(self.actor, case, step, **given)
        return detail_response(request, self.get_object())
