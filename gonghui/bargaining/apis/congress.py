"""Workers' congresses over the API: the list and one congress with its terms, creating
one; a term with its representatives and sessions, creating one, electing
representatives and a representative leaving; a session with its attendance and votes,
creating one, recording who came and recording a vote (on a contract's draft in scope)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import BARGAINING_CONGRESS, BARGAINING_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, count_field, error_responses, id_field
from gonghui.bargaining.apis.common import ordinal, refuse_unknown, text
from gonghui.bargaining.choices import CongressKind, CongressScope, Group
from gonghui.bargaining.selectors import congress as selectors
from gonghui.bargaining.selectors import contracts as contract_selectors
from gonghui.bargaining.services import congress as services
from gonghui.members.selectors import person_queryset
from gonghui.organizations.selectors import visible_nodes


class BargainingEntitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CongressSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    kind = serializers.ChoiceField(choices=CongressKind.choices)
    scope = serializers.ChoiceField(choices=CongressScope.choices)
    terms_count = serializers.IntegerField()


class CongressTermSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    workers = serializers.IntegerField(help_text="the covered firms' workers when it began")
    entities = BargainingEntitySerializer(many=True, source="entities.all")
    seats = serializers.IntegerField(help_text="representatives serving")
    meetings = serializers.IntegerField(help_text="sessions")


class CongressDetailSerializer(CongressSummarySerializer):
    note = serializers.CharField()
    terms = serializers.SerializerMethodField()

    @extend_schema(responses=CongressTermSummarySerializer(many=True))  # type: ignore[misc]
    def get_terms(self, congress: Any) -> Any:
        return CongressTermSummarySerializer(selectors.terms_of(congress), many=True).data


class CongressRepresentativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.ChoiceField(choices=Group.choices)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    entity = serializers.CharField(source="entity.name", allow_null=True, default=None)
    elected_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)
    left_reason = serializers.CharField()


class CongressSessionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    held_on = serializers.DateField()
    proposals_open_on = serializers.DateField(allow_null=True)
    proposals_close_on = serializers.DateField(allow_null=True)
    electorate = serializers.IntegerField(allow_null=True)
    present = serializers.IntegerField(allow_null=True)
    votes_count = serializers.IntegerField()
    proposals_count = serializers.IntegerField()


class CongressTermDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    congress = serializers.IntegerField(source="congress_id")
    congress_name = serializers.CharField(source="congress.name")
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    workers = serializers.IntegerField()
    entities = BargainingEntitySerializer(many=True, source="entities.all")
    representatives = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()

    @extend_schema(responses=CongressRepresentativeSerializer(many=True))  # type: ignore[misc]
    def get_representatives(self, term: Any) -> Any:
        rows = selectors.representatives_of(term)
        return CongressRepresentativeSerializer(rows, many=True).data

    @extend_schema(responses=CongressSessionSummarySerializer(many=True))  # type: ignore[misc]
    def get_sessions(self, term: Any) -> Any:
        return CongressSessionSummarySerializer(selectors.sessions_of(term), many=True).data


class CongressAttendanceSerializer(serializers.Serializer):
    representative = serializers.IntegerField(source="representative_id")
    name = serializers.CharField(source="representative.name")
    present = serializers.BooleanField()


class CongressVoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.CharField()
    contract = serializers.IntegerField(source="contract_id", allow_null=True)
    electorate = serializers.IntegerField()
    present = serializers.IntegerField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    passed = serializers.BooleanField()
    failure = serializers.CharField(help_text="why it did not pass")


class CongressSessionDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    term = serializers.IntegerField(source="term_id")
    congress_name = serializers.CharField(source="term.congress.name")
    number = serializers.IntegerField()
    held_on = serializers.DateField()
    proposals_open_on = serializers.DateField(allow_null=True)
    proposals_close_on = serializers.DateField(allow_null=True)
    electorate = serializers.IntegerField(allow_null=True)
    present = serializers.IntegerField(allow_null=True)
    has_quorum = serializers.BooleanField(help_text="two thirds present")
    attendance = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()

    @extend_schema(responses=CongressAttendanceSerializer(many=True))  # type: ignore[misc]
    def get_attendance(self, session: Any) -> Any:
        return CongressAttendanceSerializer(selectors.attendance_of(session), many=True).data

    @extend_schema(responses=CongressVoteSerializer(many=True))  # type: ignore[misc]
    def get_votes(self, session: Any) -> Any:
        return CongressVoteSerializer(selectors.votes_of(session), many=True).data


# --- congresses -------------------------------------------------------------------------


class CongressApi(ScopedAPIView):
    model = selectors.CONGRESS_MODEL
    action = BARGAINING_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.congress_list(actor=self.actor, action=self.action)


def congress_response(view: CongressApi, pk: Any, code: int = 200) -> Response:
    congress = selectors.congress_list(actor=view.actor).get(pk=pk)
    return Response(CongressDetailSerializer(congress).data, status=code)


class CongressListApi(CongressApi):
    """Congresses (and workers' assemblies) in scope."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        kind = serializers.ChoiceField(choices=CongressKind.choices, required=False)

    @extend_schema(
        summary="List workers' congresses",
        parameters=[QuerySerializer],
        responses={200: CongressSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.congress_list(actor=self.actor, **filters).order_by(
            "organization__path", "name", "pk"
        )
        return self.get_paginated_response(
            CongressSummarySerializer(self.paginate(rows), many=True).data
        )


class CongressCreateApi(CongressApi):
    """A congress of a union, or a joint or area congress of a joint union, a station or
    the federation."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        organization = id_field(help_text="the convening node")
        name = text(120)
        kind = text(20, help_text="congress or assembly")
        scope = text(20, help_text="unit, joint or area")
        note = text(2000)

    @extend_schema(
        summary="Create a workers' congress",
        request=InputSerializer,
        responses={201: CongressDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        nodes = visible_nodes(actor=self.actor, action=self.action)
        node = self.scoped_get(nodes, field="organization", pk=data.pop("organization"))
        congress = services.congress_create(self.actor, organization=node, **data)
        return congress_response(self, congress.pk, status.HTTP_201_CREATED)


class CongressDetailApi(CongressApi):
    @extend_schema(
        summary="One workers' congress with its terms",
        responses={200: CongressDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CongressDetailSerializer(self.get_object()).data)


# --- terms and representatives --------------------------------------------------------------


class TermApi(ScopedAPIView):
    model = selectors.TERM_MODEL
    action = BARGAINING_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.term_detail(actor=self.actor, action=self.action).prefetch_related(
            "entities"
        )


def term_response(view: ScopedAPIView, pk: Any, code: int = 200) -> Response:
    term = selectors.term_detail(actor=view.actor).prefetch_related("entities").get(pk=pk)
    return Response(CongressTermDetailSerializer(term).data, status=code)


class TermCreateApi(CongressApi):
    """A term of the congress and the firms it covers (a term runs up to five years)."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        number = ordinal()
        # both required here: term_create queries the overlap with a missing end (a 500)
        starts_on = DateField()
        ends_on = DateField()
        entities = serializers.ListField(
            child=id_field(), required=False, max_length=500, help_text="legal entities"
        )

    @extend_schema(
        summary="Create a term of a workers' congress",
        request=InputSerializer,
        responses={201: CongressTermDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        congress = self.get_object()
        data = self.validated(self.InputSerializer)
        term = services.term_create(
            self.actor,
            congress=congress,
            number=data.get("number"),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            entities=data.get("entities", []),
        )
        return term_response(self, term.pk, status.HTTP_201_CREATED)


class TermDetailApi(TermApi):
    @extend_schema(
        summary="One term with its representatives and sessions",
        responses={200: CongressTermDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CongressTermDetailSerializer(self.get_object()).data)


class CongressRepresentativeRowSerializer(serializers.Serializer):
    name = text(50)
    group = text(20, help_text="a representative's group")
    person = id_field(required=False, allow_null=True, help_text="a worker's record")
    entity = id_field(required=False, allow_null=True, help_text="one of the term's firms")


class RepresentativeElectApi(TermApi):
    """Elect representatives for the term (the slate or a by-election): the managers'
    share of those serving afterwards stays within the cap in force."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        elected_on = DateField(required=False, allow_null=True)
        rows = CongressRepresentativeRowSerializer(many=True, max_length=1000)  # type: ignore[call-arg]

    @extend_schema(
        summary="Elect representatives",
        request=InputSerializer,
        responses={201: CongressTermDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        term = self.get_object()
        data = self.validated(self.InputSerializer)
        body: Any = request.data
        refuse_unknown(body.get("rows"), CongressRepresentativeRowSerializer, "rows")
        rows = [self._row(term, f"rows.{n}.", dict(row)) for n, row in enumerate(data["rows"])]
        services.representatives_elect(
            self.actor, term=term, elected_on=data.get("elected_on"), rows=rows
        )
        return term_response(self, term.pk, status.HTTP_201_CREATED)

    def _row(self, term: Any, prefix: str, row: dict[str, Any]) -> dict[str, Any]:
        """The row's person (a worker's record in scope) and firm (one of the term's)."""
        if row.get("person"):
            people = person_queryset(actor=self.actor)
            row["person"] = self.chosen(people, field=prefix + "person", pks=[row["person"]])[0]
        if row.get("entity"):
            firms = term.entities.all()
            row["entity"] = self.chosen(firms, field=prefix + "entity", pks=[row["entity"]])[0]
        return row


class RepresentativeLeaveApi(ScopedAPIView):
    """A representative's seat ends (left the firm, recalled, resigned)."""

    model = selectors.REPRESENTATIVE_MODEL
    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        left_on = DateField(required=False, allow_null=True)
        left_reason = text(200)

    @extend_schema(
        summary="A representative leaves",
        request=InputSerializer,
        responses={200: CongressRepresentativeSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        seat = self.get_object()
        data = self.validated(self.InputSerializer)
        seat = services.representative_leave(
            self.actor, seat, left_on=data.get("left_on"), reason=data["left_reason"]
        )
        return Response(CongressRepresentativeSerializer(seat).data)


# --- sessions, attendance and votes --------------------------------------------------------


class SessionApi(ScopedAPIView):
    model = selectors.SESSION_MODEL
    action = BARGAINING_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.session_detail(actor=self.actor, action=self.action)


def session_response(view: ScopedAPIView, pk: Any, code: int = 200) -> Response:
    session = selectors.session_detail(actor=view.actor).get(pk=pk)
    return Response(CongressSessionDetailSerializer(session).data, status=code)


class SessionCreateApi(TermApi):
    """A meeting of the term, with the window in which representatives submit proposals."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        number = ordinal()
        held_on = DateField(required=False, allow_null=True)
        proposals_open_on = DateField(required=False, allow_null=True)
        proposals_close_on = DateField(required=False, allow_null=True)

    @extend_schema(
        summary="Create a session of a term",
        request=InputSerializer,
        responses={201: CongressSessionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        term = self.get_object()
        data = self.validated(self.InputSerializer)
        session = services.session_create(
            self.actor,
            term=term,
            number=data.get("number"),
            held_on=data.get("held_on"),
            proposals_open_on=data.get("proposals_open_on"),
            proposals_close_on=data.get("proposals_close_on"),
        )
        return session_response(self, session.pk, status.HTTP_201_CREATED)


class SessionDetailApi(SessionApi):
    @extend_schema(
        summary="One session with its attendance and votes",
        responses={200: CongressSessionDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CongressSessionDetailSerializer(self.get_object()).data)


class AttendanceRecordApi(SessionApi):
    """Who came, recorded once on or after the day: a congress by the representatives
    present (``present_ids``), a workers' assembly by counts (``electorate``, ``present``)."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        present_ids = serializers.ListField(child=id_field(), required=False, max_length=5000)
        electorate = count_field(required=False, allow_null=True)
        present = count_field(required=False, allow_null=True)

    @extend_schema(
        summary="Record a session's attendance",
        request=InputSerializer,
        responses={200: CongressSessionDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        session = self.get_object()
        data = self.validated(self.InputSerializer)
        services.attendance_record(
            self.actor,
            session,
            present_ids=data.get("present_ids", []),
            electorate=data.get("electorate"),
            present=data.get("present"),
        )
        return session_response(self, session.pk)


class VoteRecordApi(SessionApi):
    """The ballots of one agenda item (a contract's draft in scope, optionally): refused
    without a quorum; passes with more than half of all who could vote."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        item = text(200)
        yes = count_field(required=False, allow_null=True)
        no = count_field(required=False, allow_null=True)
        abstain = count_field(required=False, allow_null=True)
        contract = id_field(required=False, allow_null=True, help_text="the draft voted on")

    @extend_schema(
        summary="Record a vote of a session",
        request=InputSerializer,
        responses={201: CongressVoteSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        session = self.get_object()
        data = self.validated(self.InputSerializer)
        contract = None
        if data.get("contract"):
            contracts = contract_selectors.contract_detail(actor=self.actor, action=self.action)
            contract = self.chosen(contracts, field="contract", pks=[data["contract"]])[0]
        vote = services.vote_record(
            self.actor,
            session,
            item=data["item"],
            yes=data.get("yes"),
            no=data.get("no"),
            abstain=data.get("abstain"),
            contract=contract,
        )
        return Response(CongressVoteSerializer(vote).data, status=status.HTTP_201_CREATED)
