"""System check of the documents: the PDFs' font is installed (``make assets``).

``gonghui.documents.E001``, an error, in production (every ``manage.py`` command,
``check --deploy`` included, stops on it); ``gonghui.documents.W001``, a warning, under
DEBUG, so that a developer can still migrate before ``make assets``.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning

from gonghui.documents import fonts


@register()
def pdf_font_installed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    missing = fonts.missing_files()
    if not missing:
        return []
    level, code = (CheckWarning, "W001") if settings.DEBUG else (Error, "E001")
    return [
        level(
            fonts.missing_message(missing),
            hint=f"Run `{fonts.INSTALL_COMMAND}` (Makefile target `assets`) on this machine.",
            id=f"gonghui.documents.{code}",
        )
    ]
