from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "gonghui.legalaid"
    verbose_name = _("法律援助")

    def ready(self) -> None:
        # a worker's legal-aid cases on their member page, the legal-aid cases of a
        # mediation case's dispute on its page, and the one a hotline ticket became
        from gonghui.core import sections
        from gonghui.legalaid.selectors.cases import (
            cases_of_mediation,
            cases_of_person,
            cases_of_ticket,
        )

        sections.register(
            "members.person",
            sections.Section(
                key="legal_aid",
                title=_("法律援助"),
                template="legalaid/_cases.html",
                load=cases_of_person,
                order=40,
            ),
        )
        sections.register(
            "disputes.mediationcase",
            sections.Section(
                key="legal_aid",
                title=_("关联的法律援助案件"),
                template="legalaid/_cases.html",
                load=cases_of_mediation,
                order=40,
            ),
        )
        sections.register(
            "hotline.ticket",
            sections.Section(
                key="legal_aid",
                title=_("转入的法律援助申请"),
                template="legalaid/_cases.html",
                load=cases_of_ticket,
                order=40,
            ),
        )
