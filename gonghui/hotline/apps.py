from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "gonghui.hotline"
    verbose_name = _("热线派单")
