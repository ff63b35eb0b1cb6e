"""The types an attachment may have, recognised by the file's first bytes (``filetype``),
never by its name or the type the browser claims."""

from dataclasses import dataclass
from typing import IO

import filetype
from django.utils.translation import gettext as _

HEAD_BYTES = 8192  # what filetype reads to recognise a type


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str


ALLOWED = {
    kind.mime: kind
    for kind in (
        Kind("application/pdf", "pdf"),
        Kind("image/jpeg", "jpg"),
        Kind("image/png", "png"),
        Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    )
}


class AttachmentRefused(Exception):
    """The file cannot be attached; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check(file: IO[bytes], *, size: int, max_bytes: int) -> Kind:
    """The file's type, or ``AttachmentRefused`` when it is empty, too large or not one of
    the allowed types."""
    if size <= 0:
        raise AttachmentRefused(_("文件为空"))
    if size > max_bytes:
        raise AttachmentRefused(
            _("文件超过 %(mb)d MB 的上限") % {"mb": max(1, max_bytes // (1024 * 1024))}
        )
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    guessed = filetype.guess(head)
    kind = ALLOWED.get(guessed.mime) if guessed is not None else None
    if kind is None:
        raise AttachmentRefused(_("只能上传 PDF、JPEG、PNG 图片或 xlsx、docx 文件"))
    return kind
