from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    verbose_name = _("困难帮扶")

    def ready(self) -> None:
        # a worker's hardship file and aid, on their member page
        from gonghui.assistance.selectors.aid import aid_of_person
        from gonghui.assistance.selectors.files import files_of_person
        from gonghui.members.selectors import PersonSection, register_person_section

        register_person_section(
            PersonSection(
                key="hardship_files",
                title=_("困难职工档案"),
                template="assistance/_person_files.html",
                load=files_of_person,
                order=30,
            )
        )
        register_person_section(
            PersonSection(
                key="aid",
                title=_("帮扶"),
                template="assistance/_person_aid.html",
                load=aid_of_person,
                order=31,
            )
        )
