"""The member API for aid (the mini-program): the kinds of aid with their standard, open
round and documents; apply; my applications and one application's progress (``actions``
from the workflow, the timeline, the documents' checklist); a photo or PDF of a
document; the owner's steps (resubmit, withdraw); what I received. Rows are the member's
through ``MemberAPIView`` (the owner rule, ``for_owner``): another member's application
answers 404."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.views import error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.assistance.choices import AidStatus, AmountMode, Cause, PaymentMethod
from gonghui.assistance.services.aid import aid_apply
from gonghui.core import pii
from gonghui.core.attachments.apis import AttachmentParser
from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.services import attachment_upload_own
from gonghui.core.workflow import take, timeline
from gonghui.disputes.apis import money
from gonghui.portal import selectors, selectors_aid
from gonghui.portal.apis import MemberAPIView, PortalRefSerializer


class DocumentSerializer(serializers.Serializer):
    document = serializers.CharField()
    name = serializers.CharField()


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    standard = serializers.CharField()


class AidKindOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="kind.pk")
    name = serializers.CharField(source="kind.name")
    standard = serializers.CharField(source="kind.standard")
    amount_mode = serializers.ChoiceField(source="kind.amount_mode", choices=AmountMode.choices)
    fixed_amount = money(source="kind.fixed_amount", allow_null=True)
    min_amount = money(source="kind.min_amount", allow_null=True)
    max_amount = money(source="kind.max_amount", allow_null=True)
    annual_cap = money(source="kind.annual_cap")
    in_rounds = serializers.BooleanField(source="kind.in_rounds")
    needs_file = serializers.BooleanField(source="kind.needs_file", help_text="on file only")
    open = serializers.BooleanField(help_text="applications accepted today")
    round = RoundSerializer(allow_null=True, help_text="the round open today")
    next_round = RoundSerializer(allow_null=True)
    documents = serializers.SerializerMethodField(help_text="documents this kind needs")

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, offer: Any) -> list[dict[str, str]]:
        return [{"document": value, "name": name} for value, name in offer.documents]


class CauseDocumentsSerializer(serializers.Serializer):
    cause = serializers.ChoiceField(choices=Cause.choices)
    documents = DocumentSerializer(many=True)


class AidKindsSerializer(serializers.Serializer):
    kinds = AidKindOfferSerializer(many=True)
    every = DocumentSerializer(many=True, help_text="documents every application needs")
    by_cause = CauseDocumentsSerializer(many=True)
    document_kinds = DocumentSerializer(many=True, help_text="what a file may be uploaded as")


class PublicationSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


@extend_schema_field(serializers.CharField())
class MaskedAccountField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: str) -> str:
        return pii.mask_account(value)


class MyAidSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = PortalRefSerializer()
    round = PortalRefSerializer(allow_null=True)
    cause = serializers.ChoiceField(choices=Cause.choices)
    cause_display = serializers.CharField(source="get_cause_display")
    reason = serializers.CharField()
    applied_on = serializers.DateField()
    amount_requested = money()
    amount = money(allow_null=True, help_text="granted by the federation")
    status = serializers.ChoiceField(choices=AidStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    status_explained = serializers.SerializerMethodField()
    approved_on = serializers.DateField(allow_null=True)
    publication = PublicationSerializer(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, allow_blank=True)
    bank_name = serializers.CharField()
    bank_account = MaskedAccountField()

    def get_status_explained(self, application: Any) -> str:
        return str(selectors_aid.STATUS_EXPLAINED.get(application.status, ""))


class ChecklistSerializer(serializers.Serializer):
    name = serializers.CharField()
    attached = serializers.BooleanField()


class MyAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()


def attachment_rows(application: Any) -> list[dict[str, Any]]:
    """The files of one of my applications: kind, name and day (not their content)."""
    rules = application.attachment_rules
    rows = [
        {
            "id": a.pk,
            "kind": a.kind,
            "kind_label": rules.kind_label(a.kind),
            "name": a.name,
            "created_at": a.created_at,
        }
        for a in selectors_aid.attachments_of(application)
    ]
    return list(MyAttachmentSerializer(rows, many=True).data)


class ReceiptSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    signed_by = serializers.CharField()


class MyAidDetailSerializer(MyAidSerializer):
    """One of my applications with what I may do now (``actions``), the steps taken
    (``timeline``), why it was sent back or rejected, the documents required and those
    still missing, the files attached, and the receipt."""

    actions = ActionsField()
    timeline = TimelineField()
    decision_reason = serializers.SerializerMethodField(help_text="sent back or rejected")
    checklist = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    may_add_documents = serializers.SerializerMethodField()
    receipt = serializers.SerializerMethodField()

    def get_decision_reason(self, application: Any) -> str:
        return selectors_aid.last_reason(application, timeline(application))

    @extend_schema_field(ChecklistSerializer(many=True))
    def get_checklist(self, application: Any) -> list[dict[str, Any]]:
        return [
            {"name": name, "attached": attached}
            for name, attached in selectors_aid.checklist(application)
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing(self, application: Any) -> list[str]:
        return selectors_aid.missing(application)

    @extend_schema_field(MyAttachmentSerializer(many=True))
    def get_attachments(self, application: Any) -> list[dict[str, Any]]:
        return attachment_rows(application)

    def get_may_add_documents(self, application: Any) -> bool:
        rules = application.attachment_rules
        return bool(rules.owner_may_add and rules.owner_may_add(application))

    @extend_schema_field(ReceiptSerializer(allow_null=True))
    def get_receipt(self, application: Any) -> Any:
        receipt = getattr(application, "receipt", None)
        return ReceiptSerializer(receipt).data if receipt else None


def detail_response(request: Request, application: Any, code: int = 200) -> Response:
    data = MyAidDetailSerializer(application, context={"request": request}).data
    return Response(data, status=code)


class MyAidApi(MemberAPIView):
    model = selectors_aid.APPLICATION_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("kind", "round", "publication", "receipt").order_by(
            "-applied_on", "-pk"
        )


class MyAidKindListApi(MyAidApi):
    """The kinds of aid a member may apply for: the standard (fixed amount or band, the
    yearly cap), the round open today or the next one, and the documents to bring."""

    pagination_class = None

    @extend_schema(
        summary="Kinds of aid and open rounds",
        responses={200: AidKindsSerializer, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        needs = selectors_aid.requirements()

        def pairs(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
            return [{"document": value, "name": name} for value, name in rows]

        output = {
            "kinds": selectors_aid.kind_offers(),
            "every": pairs(needs.every),
            "by_cause": [
                {"cause": cause, "documents": pairs(rows)} for cause, rows in needs.by_cause.items()
            ],
            "document_kinds": pairs(
                [(value, str(label)) for value, label in selectors_aid.member_document_kinds()]
            ),
        }
        return Response(AidKindsSerializer(output).data)


class MyAidListApi(MyAidApi):
    """My aid applications, newest first."""

    @extend_schema(
        summary="List my aid applications",
        responses={200: MyAidSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(MyAidSerializer(page, many=True).data)


class MyAidApplyApi(MyAidApi):
    """Apply for aid for myself (my worker record, an active membership); the union
    receives it. ``round``: default the kind's round open today. Photos of documents
    are uploaded afterwards to ``documents/``."""

    class InputSerializer(serializers.Serializer):
        kind = id_field(help_text="an active kind of aid")
        round = id_field(required=False, allow_null=True, help_text="one of the kind's rounds")
        cause = serializers.CharField(max_length=20)
        reason = serializers.CharField(max_length=2000, allow_blank=True)
        amount_requested = serializers.CharField(max_length=20, help_text="yuan, two places")
        bank_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
        bank_account = serializers.CharField(max_length=40, required=False, allow_blank=True)

    @extend_schema(
        summary="Apply for aid",
        request=InputSerializer,
        responses={201: MyAidDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        person = selectors.person_of(request.user)
        if person is None:
            raise exceptions.NotFound({"person": [_("您的账户还没有关联会员档案")]})
        kind = selectors_aid.active_kinds().filter(pk=data["kind"]).first()
        if kind is None:
            raise exceptions.ValidationError({"kind": [_("请选择帮扶项目")]})
        chosen = selectors_aid.round_for(kind, data.get("round"))
        if data.get("round") and chosen is None:
            raise exceptions.ValidationError({"round": [_("请选择该项目的申请批次")]})
        application = aid_apply(
            actor=self.actor,
            person=person,
            kind=kind,
            round=chosen,
            cause=data["cause"],
            reason=data["reason"],
            amount_requested=data["amount_requested"],
            bank_name=data.get("bank_name", ""),
            bank_account=data.get("bank_account", ""),
        )
        application = self.get_queryset().get(pk=application.pk)
        return detail_response(request, application, status.HTTP_201_CREATED)


class MyAidDetailApi(MyAidApi):
    """One of my aid applications and its progress."""

    @extend_schema(
        summary="One of my aid applications",
        responses={200: MyAidDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return detail_response(request, self.get_object())


class MyAidDocumentApi(MyAidApi):
    """The documents of my application (GET), and attaching a photo (JPEG, PNG) or a
    PDF of one while the union has it or has sent it back (POST, multipart: ``kind`` and
    ``file``)."""

    parser_classes = [AttachmentParser]
    pagination_class = None  # a handful of files: the whole list, as the schema says

    class InputSerializer(serializers.Serializer):
        kind = serializers.CharField(max_length=30, help_text="one of the document kinds")
        file = serializers.FileField(allow_empty_file=True)

    @extend_schema(
        summary="List the documents of my aid application",
        responses={200: MyAttachmentSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(attachment_rows(self.get_object()))

    @extend_schema(
        summary="Upload a document to my aid application",
        request={"multipart/form-data": InputSerializer},
        responses={201: MyAidDetailSerializer, **error_responses(400, 401, 403, 404, 413)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = self.get_object()
        data = self.validated(self.InputSerializer)
        if data["kind"] not in dict(selectors_aid.member_document_kinds()):
            raise exceptions.ValidationError({"kind": [_("附件类别无效")]})
        try:
            attachment_upload_own(
                actor=self.actor, record=application, kind=data["kind"], file=data["file"]
            )
        except AttachmentRefused as exc:
            raise exceptions.ValidationError({"file": [exc.message]}) from exc
        return detail_response(request, self.get_object(), status.HTTP_201_CREATED)


class MyAidStepApi(MyAidApi):
    """Take a step the workflow offers me (``actions`` of the detail): ``resubmit_own``
    after adding what was missing (``note``), ``withdraw`` (``reason``)."""

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="Take a step on my aid application",
        request=InputSerializer,
        responses={200: MyAidDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        if step not in selectors_aid.OWNER_STEP_FIELDS:
            raise exceptions.NotFound()
        application = self.get_object()
        data = self.validated(self.InputSerializer)
        field = selectors_aid.OWNER_STEP_FIELDS[step]
        extra = sorted(set(data) - {field})
        if extra:
            raise exceptions.ValidationError({key: [_("没有这个字段")] for key in extra})
        given: dict[str, Any] = {field: data.get(field, "")}
        take(self.actor, application, step, **given)
        return detail_response(request, self.get_object())


class ReceivedAidSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = PortalRefSerializer()
    amount = money(source="granted")
    paid_on = serializers.DateField()
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, allow_blank=True)


class ReceivedLineSerializer(serializers.Serializer):
    campaign = PortalRefSerializer()
    distributed_on = serializers.DateField(allow_null=True)
    sets = serializers.IntegerField()
    cash = money()
    goods_value = money()


class MyReceivedSerializer(serializers.Serializer):
    aid = ReceivedAidSerializer(many=True, help_text="aid paid to me")
    lines = ReceivedLineSerializer(many=True, help_text="campaign lines handed out to me")


class MyAidReceivedApi(MyAidApi):
    """What I received: aid paid to me and the campaigns' goods and cash handed to me."""

    pagination_class = None

    @extend_schema(
        summary="What I received",
        responses={200: MyReceivedSerializer, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        shown = selectors_aid.RECEIVED_SHOWN
        output = {
            "aid": list(selectors_aid.received_aid(request.user)[:shown]),
            "lines": list(selectors_aid.received_lines(request.user)[:shown]),
        }
        return Response(MyReceivedSerializer(output).data)
