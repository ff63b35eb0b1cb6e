from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentKind(models.TextChoices):
    EMPLOYEE = "employee", _("单位职工")
    PLATFORM = "platform", _("新就业形态劳动者")
    FLEXIBLE = "flexible", _("灵活就业")


class Platform(models.TextChoices):
    RIDER = "rider", _("外卖骑手")
    COURIER = "courier", _("快递员")
    DRIVER = "driver", _("网约车司机")
    TRUCKER = "trucker", _("货车司机")
    HOUSEKEEPER = "housekeeper", _("家政服务员")
    OTHER = "other", _("其他平台")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("在会")
    TRANSFERRED_OUT = "transferred_out", _("已转出")
    LAPSED = "lapsed", _("已失效")
    WITHDRAWN = "withdrawn", _("已退会")
    DECEASED = "deceased", _("已去世")


class MembershipSource(models.TextChoices):
    APPLICATION = "application", _("个人申请")
    IMPORT = "import", _("单位批量登记")
    TRANSFER = "transfer", _("转会")
    STAFF = "staff", _("工作人员登记")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    NEEDS_INFO = "needs_info", _("待补充材料")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class Channel(models.TextChoices):
    PORTAL = "portal", _("会员网页")
    MINI_PROGRAM = "mini_program", _("小程序")
    STAFF = "staff", _("工作人员代录")


# The text a worker consents to when joining; a new version gets a new key and the old
# texts stay here, since each application records the version it was given.
CONSENT_TEXTS: dict[str, str] = {
    "2026-01": (
        "本人同意工会为办理入会、会籍管理和提供会员服务，收集并处理本人的姓名、身份证号、"
        "手机号和工作单位信息。上述信息将加密保存，仅由本人所在工会及其上级工会的工作人员"
        "在职责范围内使用，不向第三方提供。本人可随时查询、更正个人信息或申请退会。"
    ),
}
CURRENT_CONSENT_VERSION = "2026-01"
