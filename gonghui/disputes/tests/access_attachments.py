"""Access cases of the attachments of a mediation case (core.attachments): the upload
needs ``disputes.mediate`` on the case, the download ``disputes.view``; union B's staff get
the one 404 for union A's case and its files."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.attachments.services import attachment_upload
from gonghui.core.testing import AccessCase, World
from gonghui.disputes.tests.access import prepare

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name: str = "证据.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def prepare_with_file(world: World) -> None:
    prepare(world)
    world.extra["attachment"] = attachment_upload(
        actor=world.system, record=world.extra["case"], kind="evidence", file=pdf()
    )


def _upload_data(world: World) -> dict[str, Any]:
    return {"kind": "evidence", "file": pdf()}


def _list_url(world: World) -> str:
    return reverse("api:attachment-list", args=["disputes.mediationcase", world.extra["case"].pk])


ACCESS_CASES = [
    AccessCase(
        name="api:attachment-list",
        url=_list_url,
        api=True,
        allowed="union_a_staff",
        prepare=prepare_with_file,
    ),
    AccessCase(
        name="api:attachment-download",
        url=lambda w: reverse("api:attachment-download", args=[w.extra["attachment"].pk]),
        api=True,
        allowed="union_a_staff",
        prepare=prepare_with_file,
    ),
    AccessCase(
        name="core:attachment_upload",
        url=lambda w: reverse(
            "core:attachment_upload", args=["disputes.mediationcase", w.extra["case"].pk]
        ),
        method="post",
        data=_upload_data,
        allowed="union_a_staff",
        prepare=prepare,
        success=(302,),
    ),
    AccessCase(
        name="core:attachment_download",
        url=lambda w: reverse("core:attachment_download", args=[w.extra["attachment"].pk]),
        allowed="union_a_staff",
        prepare=prepare_with_file,
    ),
]
