from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    verbose_name = _("职代会与集体协商")
