"""The CJK font embedded in the PDFs: Noto Serif SC (思源宋体, SIL Open Font License), the
static TrueType files of the npm package ``@expo-google-fonts/noto-serif-sc`` pinned in
package-lock.json, which ``make assets`` copies to ``var/fonts/`` (``PDF_FONT_DIR`` when
set). reportlab embeds only the glyphs a document uses (subsets of 256 glyphs), so a PDF
stays small while looking the same in every viewer, with nothing to install there.

reportlab needs TrueType outlines (``glyf``); an OpenType/CFF file (``.otf``, the
``NotoSerifCJK`` files of most packages) is refused by it.

Without the files a PDF cannot be made: ``register`` raises ``FontMissing`` naming
``make assets``, and the system check ``gonghui.documents.E001`` (a warning under DEBUG)
says the same when the server starts, rather than a crash inside reportlab on the first
PDF requested.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "NotoSerifSC"
BOLD = "NotoSerifSC-Bold"
FILES = {REGULAR: "NotoSerifSC_400Regular.ttf", BOLD: "NotoSerifSC_700Bold.ttf"}
INSTALL_COMMAND = "make assets"


class FontMissing(ImproperlyConfigured):
    """The font files are not where the PDFs read them."""


def font_dir() -> Path:
    return Path(getattr(settings, "PDF_FONT_DIR", None) or Path(settings.VAR_DIR) / "fonts")


def missing_files() -> list[Path]:
    directory = font_dir()
    return [directory / name for name in FILES.values() if not (directory / name).is_file()]


def missing_message(missing: list[Path]) -> str:
    names = ", ".join(str(path) for path in missing)
    return (
        f"The CJK font of the PDFs is missing ({names}): run `{INSTALL_COMMAND}` "
        "(it installs @expo-google-fonts/noto-serif-sc from the npm registry and copies "
        f"the fonts to {font_dir()})."
    )


def register() -> None:
    """Make the fonts known to reportlab (read once per process and folder)."""
    missing = missing_files()
    if missing:
        raise FontMissing(missing_message(missing))
    _register(str(font_dir()))


@cache
def _register(directory: str) -> None:
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(Path(directory) / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
