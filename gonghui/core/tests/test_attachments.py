"""Attachments (core.attachments) on a mediation case: types by content, a size cap, empty
files refused and nothing stored, encrypted at rest, scoped and audited downloads."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.services import attachment_upload, attachments_of
from gonghui.core.models import Attachment, AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world
from gonghui.disputes.tests.access import prepare
from gonghui.disputes.tests.access_attachments import PDF, pdf

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world() -> World:
    world = build_world()
    prepare(world)
    return world


def _files() -> set[Path]:
    root = Path(settings.PRIVATE_FILES_ROOT) / "attachments"
    return set(root.rglob("*")) if root.exists() else set()


def _upload(world: World, file: Any, kind: str = "evidence", who: str = "union_a_staff") -> Any:
    return attachment_upload(
        actor=world.user(who), record=world.extra["case"], kind=kind, file=file
    )


def test_a_pdf_is_stored_encrypted_under_a_random_name_and_audited(world: World) -> None:
    attachment = _upload(world, pdf("../../证据 1.pdf"))

    assert attachment.mime == "application/pdf" and attachment.size == len(PDF)
    assert attachment.name == "证据_1.pdf"
    assert attachment.organization_path == world.union_a.path
    stored = Path(settings.PRIVATE_FILES_ROOT) / attachment.file.name
    assert b"%PDF" not in stored.read_bytes()
    assert attachment.file.open("rb").read() == PDF
    assert AuditEntry.objects.filter(object_id=str(attachment.pk), action="create").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 an executable named .pdf", "只能上传"),
        ("page.png", b"<html><script>alert(1)</script></html>", "只能上传"),
        ("empty.pdf", b"", "文件为空"),
    ],
)
def test_a_forbidden_type_or_an_empty_file_is_refused_and_nothing_stored(
    world: World, name: str, content: bytes, message: str
) -> None:
    before = _files()

    with pytest.raises(AttachmentRefused) as refused:
        _upload(world, SimpleUploadedFile(name, content, content_type="application/pdf"))

    assert message in refused.value.message
    assert not Attachment.objects.exists() and _files() == before


def test_a_file_over_the_cap_is_refused(world: World, settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = len(PNG) - 1
    with pytest.raises(AttachmentRefused):
        _upload(world, SimpleUploadedFile("a.png", PNG))
    settings.ATTACHMENT_MAX_BYTES = len(PNG)
    assert _upload(world, SimpleUploadedFile("a.png", PNG)).mime == "image/png"


def test_an_unknown_kind_and_a_case_outside_scope_are_refused(world: World) -> None:
    with pytest.raises(AttachmentRefused):
        _upload(world, pdf(), kind="photo")
    with pytest.raises(OutOfScope):
        _upload(world, pdf(), who="union_b_staff")
    assert not Attachment.objects.exists()


def test_the_download_is_scoped_and_audited(world: World) -> None:
    attachment = _upload(world, pdf())
    url = reverse("core:attachment_download", args=[attachment.pk])
    outsider = Client()
    outsider.force_login(world.user("union_b_staff"))
    assert outsider.get(url).status_code == 404
    assert outsider.get(reverse("core:attachment_download", args=[999999])).status_code == 404

    client = Client()
    client.force_login(world.user("union_a_staff"))
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        object_id=str(attachment.pk), action="view_pii", actor=world.user("union_a_staff")
    ).exists()


def test_the_case_page_lists_and_uploads_attachments(world: World) -> None:
    case = world.extra["case"]
    page_url = reverse("disputes:case_detail", args=[case.pk])
    client = Client()
    client.force_login(world.user("union_a_staff"))

    response = client.post(
        reverse("core:attachment_upload", args=["disputes.mediationcase", case.pk]),
        {"kind": "agreement_signed", "file": pdf("协议.pdf"), "next": page_url},
    )
    assert response.status_code == 302 and response["Location"] == page_url
    refused = client.post(
        reverse("core:attachment_upload", args=["disputes.mediationcase", case.pk]),
        {"kind": "evidence", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
        follow=True,
    )
    assert "附件未上传" in refused.content.decode()

    page = client.get(page_url).content.decode()
    assert "协议.pdf" in page and "签字的调解协议" in page
    assert [a.name for a in attachments_of(actor=world.user("union_a_staff"), record=case)] == [
        "协议.pdf"
    ]
    assert not attachments_of(actor=world.user("union_b_staff"), record=case).exists()


def test_a_model_without_rules_takes_no_attachment(world: World) -> None:
    client = Client()
    client.force_login(world.user("fed_staff"))
    url = reverse("core:attachment_upload", args=["core.notice", 1])
    assert client.post(url, {"kind": "x", "file": io.BytesIO(PDF)}).status_code == 404


# --- the API --------------------------------------------------------------------------


def _api(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.user(who))
    return client


def test_the_api_uploads_lists_and_downloads(world: World) -> None:
    case = world.extra["case"]
    url = reverse("api:attachment-list", args=["disputes.mediationcase", case.pk])
    client = _api(world, "union_a_staff")

    created = client.post(url, {"kind": "evidence", "file": pdf("工资条.pdf")})

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "工资条.pdf" and body["kind_label"] == "证据材料"
    assert [row["id"] for row in client.get(url).json()] == [body["id"]]
    download = client.get(body["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_api_refuses_a_bad_file_with_the_error_shape_and_stores_nothing(
    world: World,
) -> None:
    case = world.extra["case"]
    url = reverse("api:attachment-list", args=["disputes.mediationcase", case.pk])
    client = _api(world, "union_a_staff")

    refused = client.post(url, {"kind": "evidence", "file": SimpleUploadedFile("a.pdf", b"")})

    assert refused.status_code == 400
    assert set(refused.json()) == {"code", "message", "fields"}
    assert "file" in refused.json()["fields"]
    assert not Attachment.objects.exists()


def test_the_api_answers_the_one_404_outside_scope(world: World) -> None:
    case = world.extra["case"]
    attachment = _upload(world, pdf())
    outsider = _api(world, "union_b_staff")
    unknown = outsider.get(reverse("api:attachment-download", args=[999999]))
    foreign = outsider.get(reverse("api:attachment-download", args=[attachment.pk]))
    listing = outsider.get(reverse("api:attachment-list", args=["disputes.mediationcase", case.pk]))

    assert unknown.status_code == foreign.status_code == listing.status_code == 404
    assert unknown.json()["message"] == foreign.json()["message"]


def test_a_user_without_the_action_cannot_tell_an_existing_attachment_from_a_missing_one(
    world: World,
) -> None:
    # given an attachment, and a member who holds no action that reads attachments
    attachment = _upload(world, pdf())
    client = Client()
    client.force_login(world.user("member"))

    # when they ask for it and for an id that does not exist, on the page and the API
    answers = [
        client.get(reverse(name, args=[pk])).status_code
        for name in ("core:attachment_download", "api:attachment-download")
        for pk in (attachment.pk, 999999)
    ]

    # then every answer is the same refusal
    assert answers == [403, 403, 403, 403]


def test_the_file_of_a_rolled_back_upload_is_swept_and_kept_files_stay(
    world: World, settings: Any, tmp_path: Path
) -> None:
    import os
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from gonghui.core.attachments.services import orphans_delete

    # given: a kept attachment, and an upload whose transaction is rolled back after it
    settings.PRIVATE_FILES_ROOT = tmp_path
    kept = _upload(world, pdf("kept.pdf"))
    with pytest.raises(RuntimeError), transaction.atomic():
        _upload(world, pdf("lost.pdf"))
        raise RuntimeError("the request failed after the upload")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 2  # the rolled-back upload's file is still on disk
    assert Attachment.objects.count() == 1

    # when the sweep runs the same day, nothing goes; a day later, only the orphan
    assert orphans_delete() == 0
    for path in files:
        old = (timezone.now() - timedelta(days=2)).timestamp()
        os.utime(path, (old, old))
    assert orphans_delete() == 1
    remaining = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()]
    assert remaining == [kept.file.name]
    assert kept.file.open("rb").read() == PDF
