"""Private files are encrypted at rest, outside the media root, and have no URL."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from gonghui.core.storage import EncryptedFileSystemStorage


@pytest.fixture
def storage(settings: Any, tmp_path: Path) -> EncryptedFileSystemStorage:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return EncryptedFileSystemStorage()


def test_a_saved_file_is_encrypted_on_disk_and_read_back_whole(
    storage: EncryptedFileSystemStorage, tmp_path: Path
) -> None:
    # given: more than one chunk of content with a recognisable ID number in it
    content = b"110101199003071233,13812345678\n" * 300_000

    # when
    name = storage.save("imports/roster.csv", ContentFile(content))

    # then: on disk under the private root, without the plain text; read back whole
    path = Path(storage.path(name))
    assert path.is_relative_to(tmp_path / "private")
    assert b"110101199003071233" not in path.read_bytes()
    with storage.open(name, "rb") as handle:
        assert handle.read() == content


def test_a_file_written_under_an_older_key_is_still_read(
    storage: EncryptedFileSystemStorage, settings: Any
) -> None:
    name = storage.save("a.bin", ContentFile(b"secret"))

    settings.PII_KEY = ["a-newer-key", *settings.PII_KEY]

    with storage.open(name) as handle:
        assert handle.read() == b"secret"


def test_private_files_have_no_url(storage: EncryptedFileSystemStorage) -> None:
    name = storage.save("a.bin", ContentFile(b"x"))

    with pytest.raises(ValueError, match="no URL"):
        storage.url(name)
