"""Private files (uploaded rosters, error reports): encrypted at rest with the personal-data
keys (``core.pii``), under ``PRIVATE_FILES_ROOT`` (outside ``MEDIA_ROOT``, never served),
and without a URL: a view that checks scope streams them.

A file is a series of lines, each a Fernet token of up to ``CHUNK`` bytes, so neither
writing nor reading needs the file's base64 form whole in memory. Keys rotate as for the
fields: the first key of ``PII_KEY`` encrypts, all decrypt; the files are deleted after
``UPLOAD_RETENTION_DAYS``, so old keys can be dropped once that has passed.
"""

import io
import os
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.utils.functional import cached_property

from gonghui.core import pii

CHUNK = 4 * 1024 * 1024


class EncryptedFileSystemStorage(FileSystemStorage):
    def __init__(self, location: Any = None, **kwargs: Any) -> None:
        super().__init__(location=location, base_url=None, **kwargs)
        setting_changed.connect(self._private_root_changed)

    def _private_root_changed(self, *, setting: str, **kwargs: Any) -> None:
        if setting == "PRIVATE_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self) -> Any:
        return self._value_or_setting(self._location, settings.PRIVATE_FILES_ROOT)  # type: ignore[attr-defined]

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no URL: serve them through a scoped view")

    def _save(self, name: str, content: File) -> str:  # type: ignore[type-arg]
        content.seek(0)
        encrypted = io.BytesIO()
        while chunk := content.read(CHUNK):
            encrypted.write(pii.encrypt_bytes(chunk) + b"\n")
        return super()._save(name, ContentFile(encrypted.getvalue()))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:  # type: ignore[type-arg]
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("private files are written with save() only")
        return DecryptedFile(self, name)

    def decrypted(self, name: str) -> io.BytesIO:
        plain = io.BytesIO()
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            for line in _lines(handle):
                plain.write(pii.decrypt_bytes(line))
        plain.seek(0)
        return plain

    def reencrypt(self, name: str) -> None:
        """Rewrite a stored file under the newest key (``rotate_pii``): written beside it
        and moved over it, so a failure leaves the old file whole."""
        path = Path(self.path(name))
        with path.open("rb") as handle:
            tokens = [pii.reencrypt_bytes(line) for line in _lines(handle)]
        fresh = path.with_name(f".{path.name}.rotating")
        fresh.write_bytes(b"".join(token + b"\n" for token in tokens))
        os.replace(fresh, path)

    def stored_names(self, folder: str = "") -> list[str]:
        """Every file in the storage (or under ``folder``), as names ``open`` takes."""
        root = Path(self.location)
        base = root / folder if folder else root
        if not base.exists():
            return []
        return sorted(
            str(path.relative_to(root))
            for path in base.rglob("*")
            if path.is_file() and not path.name.startswith(".")
        )


class DecryptedFile(File):  # type: ignore[type-arg]
    """A private file's plain bytes, in memory (an upload is capped in size); opened
    again after it was closed, as a file on disk would be."""

    def __init__(self, storage: EncryptedFileSystemStorage, name: str) -> None:
        self.storage = storage
        super().__init__(storage.decrypted(name), name=name)

    def open(self, mode: str | None = None, *args: Any, **kwargs: Any) -> "DecryptedFile":
        if self.closed:
            self.file = self.storage.decrypted(str(self.name))
        else:
            self.seek(0)
        return self


def _lines(handle: IO[bytes]) -> Any:
    for line in handle:
        line = line.strip()
        if line:
            yield line
