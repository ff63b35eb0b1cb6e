"""The member API for aid: kinds and rounds, applying (refusals naming the field, nothing
written), documents, the owner's steps offered in ``actions``, the timeline and the
checklist, what the member received, another member's application 404."""

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from gonghui.accounts.services import token_issue
from gonghui.assistance.choices import AidStatus, Document, DocumentSubject
from gonghui.assistance.models import AidApplication, RequiredDocument
from gonghui.assistance.tests.fixtures import aid_kinds
from gonghui.core.attachments.models import Attachment
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take
from gonghui.portal.tests.access import OTHER_WITH_RECORD, OWNER, prepare_members
from gonghui.portal.tests.access_aid import member_applies, paid_aid, pdf, png

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("api:portal:aid-list")


def _world() -> World:
    world = build_world()
    prepare_members(world)
    world.extra["kinds"] = aid_kinds()
    return world


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user).key}")
    return client


def _body(world: World, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": world.extra["kinds"]["temporary"].pk,
        "cause": "illness",
        "reason": "住院手术",
        "amount_requested": "1500.00",
        "bank_name": "工商银行",
        "bank_account": "6222020000007654321",
    }
    body.update(changes)
    return body


def _detail(pk: int) -> str:
    return reverse("api:portal:aid-detail", kwargs={"pk": pk})


def test_kinds_show_the_standard_the_open_round_and_the_documents() -> None:
    world = _world()
    RequiredDocument.objects.create(
        subject=DocumentSubject.AID, cause="illness", document=Document.DIAGNOSIS
    )

    answer = _client(world.user(OWNER)).get(reverse("api:portal:aid-kind-list")).json()

    kinds = {kind["name"]: kind for kind in answer["kinds"]}
    temporary = kinds["临时致困帮扶"]
    assert temporary["open"] is True and temporary["round"]["name"] == "本年第一批"
    assert (temporary["min_amount"], temporary["max_amount"]) == ("500.00", "3000.00")
    assert temporary["annual_cap"] == "5000.00"
    assert kinds["医疗救助"]["fixed_amount"] == "2000.00" and kinds["医疗救助"]["round"] is None
    assert answer["by_cause"] == [
        {"cause": "illness", "documents": [{"document": "diagnosis", "name": "诊断证明"}]}
    ]
    offered = {row["document"] for row in answer["document_kinds"]}
    assert "diagnosis" in offered and "signature" not in offered


def test_a_member_applies_and_follows_it_with_actions_timeline_and_checklist() -> None:
    world = _world()
    RequiredDocument.objects.create(
        subject=DocumentSubject.AID, cause="illness", document=Document.DIAGNOSIS
    )
    client = _client(world.user(OWNER))

    created = client.post(APPLICATIONS, _body(world), format="json")

    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == AidStatus.APPLIED and data["round"]["name"] == "本年第一批"
    assert data["bank_account"] != "6222020000007654321"  # masked
    assert [a["step"] for a in data["actions"]] == ["withdraw"]
    assert [e["step"] for e in data["timeline"]] == ["apply"]
    assert data["checklist"] == [{"name": "诊断证明", "attached": False}]
    assert data["missing"] == ["诊断证明"] and data["may_add_documents"] is True

    documents = reverse("api:portal:aid-document", kwargs={"pk": data["id"]})
    uploaded = client.post(documents, {"kind": "diagnosis", "file": pdf()}, format="multipart")
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["missing"] == []
    files = client.get(documents).json()
    assert [(a["kind"], a["name"]) for a in files] == [("diagnosis", "诊断证明.pdf")]
    listed = client.get(APPLICATIONS).json()["results"]
    assert [row["number"] for row in listed] == [data["number"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_requested": "100.555"}, "amount_requested"),
        ({"amount_requested": "-1"}, "amount_requested"),
        ({"amount_requested": "4000"}, "amount_requested"),
        ({"cause": "bored"}, "cause"),
        ({"kind": 999999}, "kind"),
        ({"round": 999999}, "round"),
        ({"unexpected": "x"}, "unexpected"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    changes: dict[str, Any], field: str
) -> None:
    world = _world()

    answer = _client(world.user(OWNER)).post(APPLICATIONS, _body(world, **changes), format="json")

    assert answer.status_code == 400
    assert field in answer.json()["fields"], answer.json()
    assert AidApplication.objects.count() == 0


def test_outside_the_round_over_the_cap_and_without_membership_are_refused() -> None:
    world = _world()
    client = _client(world.user(OWNER))
    closed = world.extra["kinds"]["closed"]

    outside = client.post(APPLICATIONS, _body(world, round=closed.pk), format="json")
    member_applies(world, amount_requested="3000")
    member_applies(world, amount_requested="1500")
    over = client.post(APPLICATIONS, _body(world, amount_requested="1000"), format="json")
    no_record = _client(world.user("member")).post(APPLICATIONS, _body(world), format="json")

    assert "2020-07-01" in outside.json()["fields"]["round"][0]
    assert "上限" in over.json()["fields"]["amount_requested"][0]
    assert no_record.status_code == 404 and "person" in no_record.json()["fields"]
    assert AidApplication.objects.count() == 2


def test_a_document_of_another_type_or_kind_or_state_is_refused() -> None:
    world = _world()
    application = member_applies(world)
    client = _client(world.user(OWNER))
    documents = reverse("api:portal:aid-document", kwargs={"pk": application.pk})
    book = io.BytesIO()
    Workbook().save(book)
    book.seek(0)
    book.name = "表格.xlsx"

    xlsx = client.post(documents, {"kind": "diagnosis", "file": book}, format="multipart")
    signature = client.post(documents, {"kind": "signature", "file": png()}, format="multipart")
    take(world.user("union_a_staff"), application, "accept")
    filed = client.post(documents, {"kind": "diagnosis", "file": pdf()}, format="multipart")

    assert xlsx.status_code == 400 and "只能上传照片" in xlsx.json()["fields"]["file"][0]
    assert signature.status_code == 400 and "kind" in signature.json()["fields"]
    assert filed.status_code == 400 and "status" in filed.json()["fields"]
    assert Attachment.objects.count() == 0


def test_sent_back_the_member_resubmits_through_actions_and_sees_the_reason() -> None:
    world = _world()
    application = member_applies(world)
    take(world.user("union_a_staff"), application, "return_to_applicant", reason="请补充收入证明")
    client = _client(world.user(OWNER))

    detail = client.get(_detail(application.pk)).json()
    assert detail["decision_reason"] == "请补充收入证明"
    assert [a["step"] for a in detail["actions"]] == ["resubmit_own", "withdraw"]

    step = reverse("api:portal:aid-step", kwargs={"pk": application.pk, "step": "resubmit_own"})
    wrong_field = client.post(step, {"reason": "x"}, format="json")
    done = client.post(step, {"note": "已补充"}, format="json")
    again = client.post(step, {"note": "再次"}, format="json")

    assert wrong_field.status_code == 400 and "reason" in wrong_field.json()["fields"]
    assert done.status_code == 200 and done.json()["status"] == AidStatus.APPLIED
    assert done.json()["timeline"][-1]["note"] == "已补充"
    assert again.status_code == 400 and "status" in again.json()["fields"]
    unknown = reverse("api:portal:aid-step", kwargs={"pk": application.pk, "step": "approve"})
    assert client.post(unknown, {}, format="json").status_code == 404


def test_another_members_application_answers_404_everywhere() -> None:
    world = _world()
    application = member_applies(world)
    other = _client(world.user(OTHER_WITH_RECORD))
    pk = application.pk

    assert other.get(_detail(pk)).status_code == 404
    documents = reverse("api:portal:aid-document", kwargs={"pk": pk})
    assert other.get(documents).status_code == 404
    posted = other.post(documents, {"kind": "diagnosis", "file": pdf()}, format="multipart")
    assert posted.status_code == 404
    step = reverse("api:portal:aid-step", kwargs={"pk": pk, "step": "withdraw"})
    assert other.post(step, {}, format="json").status_code == 404
    assert other.get(APPLICATIONS).json()["results"] == []
    application.refresh_from_db()
    assert application.status == AidStatus.APPLIED and Attachment.objects.count() == 0


def test_received_lists_the_aid_paid() -> None:
    world = _world()
    paid = paid_aid(world)

    answer = _client(world.user(OWNER)).get(reverse("api:portal:aid-received")).json()

    assert [(row["number"], row["amount"]) for row in answer["aid"]] == [(paid.number, "2000.00")]
    assert answer["aid"][0]["payment_method"] == "bank"
    assert answer["lines"] == []
    detail = _client(world.user(OWNER)).get(_detail(paid.pk)).json()
    assert detail["amount"] == "2000.00" and detail["paid_on"] is not None
    assert detail["publication"]["ends_on"] < detail["paid_on"]
    assert detail["actions"] == []
