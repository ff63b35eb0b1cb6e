from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "gonghui.disputes"
    verbose_name = _("劳动争议")

    def ready(self) -> None:
        # the mediation cases a worker applied in, on their member page
        from gonghui.disputes.selectors import cases_of_person
        from gonghui.members.selectors import PersonSection, register_person_section

        register_person_section(
            PersonSection(
                key="mediation",
                title=_("劳动争议调解"),
                template="disputes/_person_cases.html",
                load=cases_of_person,
                order=20,
            )
        )
