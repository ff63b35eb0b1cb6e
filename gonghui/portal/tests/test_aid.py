"""The member's aid pages: applying (with photos), refusals naming the field with nothing
written, photos the staff see, a sent-back application resubmitted and followed through
each level, what the member received, and another member's application answering 404."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.assistance.choices import AidStatus, Document, DocumentSubject
from gonghui.assistance.models import AidApplication, RequiredDocument
from gonghui.assistance.services.campaigns import campaign_list_build
from gonghui.assistance.tests.fixtures import aid_kinds
from gonghui.assistance.tests.fixtures_campaigns import campaign, distribute, distributing
from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.models import Attachment
from gonghui.core.attachments.services import attachment_upload_own
from gonghui.core.models import AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership
from gonghui.portal.tests.access import OTHER_WITH_RECORD, OWNER, prepare_members
from gonghui.portal.tests.access_aid import member_applies, owner_person, paid_aid, pdf, png

pytestmark = pytest.mark.django_db

APPLY = reverse("portal:aid_apply")


def _world() -> World:
    world = build_world()
    prepare_members(world)
    world.extra["kinds"] = aid_kinds()
    return world


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": world.extra["kinds"]["temporary"].pk,
        "cause": "illness",
        "reason": "住院手术，家庭收入不足",
        "amount_requested": "1500",
        "bank_name": "工商银行",
        "bank_account": "6222 0200 0000 7654 321",
    }
    data.update(changes)
    return data


def _field_errors(response: Any, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def _written() -> tuple[int, int]:
    return AidApplication.objects.count(), Attachment.objects.count()


def test_the_apply_page_lists_kinds_with_their_standard_round_and_documents() -> None:
    world = _world()
    RequiredDocument.objects.create(subject=DocumentSubject.AID, document=Document.ID_CARD)
    RequiredDocument.objects.create(
        subject=DocumentSubject.AID, cause="illness", document=Document.DIAGNOSIS
    )
    RequiredDocument.objects.create(
        subject=DocumentSubject.AID,
        aid_kind=world.extra["kinds"]["medical"],
        document=Document.MEDICAL_BILLS,
    )

    page = _client(world.user(OWNER)).get(APPLY).content.decode()

    assert "临时致困帮扶" in page and "500.00 至 3000.00 元" in page
    assert "每人每年不超过 5000.00 元" in page
    assert "当前批次：本年第一批" in page
    assert "定额 2000.00 元" in page  # medical aid
    assert "本项目需提供：医疗费用票据" in page
    assert "所有申请：身份证" in page and "因患病申请：诊断证明" in page


def test_a_member_applies_with_photos_and_waits_for_the_union() -> None:
    world = _world()
    owner = world.user(OWNER)

    response = _client(owner).post(
        APPLY,
        _form(
            world,
            **{
                "doc1-kind": "diagnosis",
                "doc1-photos": [pdf("诊断1.pdf"), png("诊断2.png")],
                "doc2-kind": "household_register",
                "doc2-photos": png("户口簿.png"),
            },
        ),
    )

    application = AidApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:aid_detail", args=[application.pk])
    assert application.status == AidStatus.APPLIED
    assert application.person == owner_person(world)
    assert application.applicant == owner
    assert application.round == world.extra["kinds"]["round"]  # the round open today
    assert application.bank_account == "6222020000007654321"
    files = Attachment.objects.of(application)
    assert sorted(files.values_list("kind", flat=True)) == [
        "diagnosis",
        "diagnosis",
        "household_register",
    ]
    assert set(files.values_list("uploaded_by", flat=True)) == {owner.pk}
    assert AuditEntry.objects.filter(message__startswith="上传附件").count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount_requested": "9000"}, "amount_requested", "3000.00"),
        ({"amount_requested": "-5"}, "amount_requested", "申请金额"),
        ({"amount_requested": "100.123"}, "amount_requested", "两位小数"),
        ({"reason": "  "}, "reason", ""),
    ],
)
def test_a_bad_amount_or_reason_is_refused_on_its_field_and_nothing_is_written(
    changes: dict[str, Any], field: str, message: str
) -> None:
    world = _world()
    before = _written()

    response = _client(world.user(OWNER)).post(
        APPLY, _form(world, **changes, **{"doc1-kind": "diagnosis", "doc1-photos": pdf()})
    )

    assert response.status_code == 200
    errors = _field_errors(response, field)
    assert errors and message in " ".join(errors), response.context["form"].errors
    assert _written() == before


def test_over_the_yearly_cap_is_refused_with_what_was_had() -> None:
    world = _world()
    member_applies(world, amount_requested="3000")
    member_applies(world, amount_requested="1500")
    before = _written()

    response = _client(world.user(OWNER)).post(APPLY, _form(world, amount_requested="1000"))

    errors = " ".join(_field_errors(response, "amount_requested"))
    assert "5000.00 元的上限" in errors and "4500" in errors
    assert _written() == before


def test_outside_a_round_is_refused_on_the_kind_with_the_rounds_dates() -> None:
    world = _world()
    kinds = world.extra["kinds"]
    kinds["round"].delete()  # only last year's round remains
    before = _written()

    page = _client(world.user(OWNER)).get(APPLY).content.decode()
    response = _client(world.user(OWNER)).post(APPLY, _form(world))

    assert "目前不在受理期" in page
    errors = " ".join(_field_errors(response, "kind"))
    assert "上年第二批" in errors and "2020-07-01" in errors
    assert _written() == before


def test_a_non_member_is_refused_and_an_account_without_a_record_is_told() -> None:
    world = _world()
    Membership.objects.filter(person=owner_person(world)).update(status=MembershipStatus.WITHDRAWN)
    before = _written()

    ended = _client(world.user(OWNER)).post(APPLY, _form(world))
    no_record = _client(world.user("member")).post(APPLY, _form(world))

    assert "不是在会会员" in " ".join(ended.context["form"].non_field_errors())
    assert "没有关联会员档案" in " ".join(no_record.context["form"].non_field_errors())
    assert "没有关联会员档案" in _client(world.user("member")).get(APPLY).content.decode()
    assert _written() == before


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_and_nothing_is_written() -> None:
    world = _world()
    text = SimpleUploadedFile("说明.txt", b"hello", content_type="image/png")
    before = _written()

    response = _client(world.user(OWNER)).post(
        APPLY, _form(world, **{"doc1-kind": "diagnosis", "doc1-photos": text})
    )

    document = response.context["document_forms"][0]
    assert "只能上传" in " ".join(document.errors["photos"])
    assert _written() == before


def test_photos_added_later_are_seen_by_the_staff_on_their_page() -> None:
    world = _world()
    application = member_applies(world)
    owner = _client(world.user(OWNER))

    response = owner.post(
        reverse("portal:aid_upload", args=[application.pk]),
        {"kind": "income_proof", "photos": [png("收入证明.png"), pdf("收入证明2.pdf")]},
    )

    assert response.status_code == 302
    staff_page = _client(world.user("union_a_staff")).get(
        reverse("assistance:aid_detail", args=[application.pk])
    )
    text = staff_page.content.decode()
    assert "收入证明.png" in text and "收入证明2.pdf" in text
    member_page = owner.get(reverse("portal:aid_detail", args=[application.pk])).content.decode()
    assert "收入证明.png" in member_page


def test_the_owner_adds_only_while_the_union_has_it_or_sent_it_back() -> None:
    world = _world()
    application = member_applies(world)
    take(world.user("union_a_staff"), application, "accept")
    before = _written()

    response = _client(world.user(OWNER)).post(
        reverse("portal:aid_upload", args=[application.pk]),
        {"kind": "income_proof", "photos": png()},
    )
    with pytest.raises(ValidationError) as refused:
        attachment_upload_own(
            actor=world.user(OWNER), record=application, kind="income_proof", file=png()
        )

    assert response.status_code == 400
    assert "不能再补充材料" in response.content.decode()
    assert "status" in refused.value.message_dict
    assert _written() == before
    page = _client(world.user(OWNER)).get(reverse("portal:aid_detail", args=[application.pk]))
    assert page.context["upload_form"] is None


def test_another_members_application_cannot_be_read_or_added_to() -> None:
    world = _world()
    application = member_applies(world)
    other = world.user(OTHER_WITH_RECORD)
    client = _client(other)

    assert client.get(reverse("portal:aid_detail", args=[application.pk])).status_code == 404
    upload = client.post(
        reverse("portal:aid_upload", args=[application.pk]), {"kind": "diagnosis", "photos": pdf()}
    )
    step = client.post(reverse("portal:aid_step", args=[application.pk, "withdraw"]))
    assert upload.status_code == 404 and step.status_code == 404
    with pytest.raises(OutOfScope):
        attachment_upload_own(actor=other, record=application, kind="diagnosis", file=pdf())
    with pytest.raises(AttachmentRefused):
        attachment_upload_own(
            actor=world.user(OWNER), record=application, kind="nonsense", file=pdf()
        )
    assert application.number not in client.get(reverse("portal:aid_list")).content.decode()
    application.refresh_from_db()
    assert application.status == AidStatus.APPLIED


def test_sent_back_the_member_sees_why_and_what_is_missing_resubmits_and_follows_levels() -> None:
    world = _world()
    RequiredDocument.objects.create(
        subject=DocumentSubject.AID, cause="illness", document=Document.DIAGNOSIS
    )
    application = member_applies(world)
    # the union cannot pass it with the diagnosis missing: it returns it to the member
    take(
        world.user("union_a_staff"),
        application,
        "return_to_applicant",
        reason="请补充医院诊断证明",
    )
    owner = _client(world.user(OWNER))
    detail = reverse("portal:aid_detail", args=[application.pk])

    page = owner.get(detail)
    text = page.content.decode()
    assert "已退回" in text and "请补充医院诊断证明" in text
    assert page.context["missing"] == ["诊断证明"]
    assert [s.name for s in page.context["steps"]] == ["resubmit_own", "withdraw"]

    owner.post(
        reverse("portal:aid_upload", args=[application.pk]),
        {"kind": "diagnosis", "photos": pdf()},
    )
    resubmitted = owner.post(
        reverse("portal:aid_step", args=[application.pk, "resubmit_own"]),
        {"note": "已补充诊断证明"},
    )
    assert resubmitted.status_code == 302
    application.refresh_from_db()
    assert application.status == AidStatus.APPLIED
    page = owner.get(detail)
    assert page.context["missing"] == []
    assert [s.name for s in page.context["steps"]] == ["withdraw"]

    take(world.user("union_a_staff"), application, "accept")
    take(world.user("station_a_staff"), application, "check")
    take(world.user("fed_staff"), application, "approve", amount="1200")
    page = owner.get(detail)
    labels = [entry.label for entry in page.context["timeline"]]
    assert labels == [
        "网上申请",
        "退回补充材料",
        "补充材料后重新提交",
        "工会受理并上报",
        "服务站审核通过",
        "总工会批准",
    ]
    text = page.content.decode()
    assert "总工会已批准" in text and "1,200.00" in text
    assert page.context["steps"] == []


def test_a_step_the_engine_does_not_offer_is_refused_with_its_reason() -> None:
    world = _world()
    application = member_applies(world)
    owner = _client(world.user(OWNER))

    response = owner.post(
        reverse("portal:aid_step", args=[application.pk, "resubmit_own"]), follow=True
    )
    unknown = owner.post(reverse("portal:aid_step", args=[application.pk, "approve"]))

    assert "不能办理此操作" in response.content.decode()
    assert unknown.status_code == 404
    application.refresh_from_db()
    assert application.status == AidStatus.APPLIED


def test_my_aid_lists_applications_paid_aid_and_campaign_lines() -> None:
    world = _world()
    paid = paid_aid(world)
    applied = member_applies(world)
    spring = campaign(world, name="春节送温暖")
    campaign_list_build(actor=world.system, campaign=spring)
    distributing(world, spring)
    mine = spring.lines.get(person=owner_person(world))
    distribute(world, mine)
    other = spring.lines.exclude(person=owner_person(world)).first()

    page = _client(world.user(OWNER)).get(reverse("portal:aid_list"))

    assert [a.pk for a in page.context["applications"]] == [applied.pk, paid.pk]
    assert [a.pk for a in page.context["paid"]] == [paid.pk]
    assert [line.pk for line in page.context["lines"]] == [mine.pk]
    assert other is None or other.pk != mine.pk
    text = page.content.decode()
    assert "2,000.00" in text and "发放（银行转账）" in text
    assert "春节送温暖" in text and "慰问金 500.00 元" in text and "2021-01-28 发放" in text
    detail = _client(world.user(OWNER)).get(reverse("portal:aid_detail", args=[paid.pk]))
    assert "已发放" in detail.content.decode() and "尚未签收" in detail.content.decode()
