from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"))
    file = forms.FileField(label=_("文件"), allow_empty_file=True)

    def __init__(self, *args: Any, kinds: tuple[tuple[str, Any], ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)  # type: ignore[attr-defined]
