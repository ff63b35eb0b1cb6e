"""``/api/v1/disputes/``: consultations, mediation committees and cases."""

from django.urls import path

from gonghui.api.views import route
from gonghui.disputes import apis

app_name = "disputes"
urlpatterns = [
    path(
        "consultations/",
        route(get=apis.ConsultationListApi, post=apis.ConsultationCreateApi),
        name="consultation-list",
    ),
    path("committees/", apis.CommitteeListApi.as_view(), name="committee-list"),
    path("cases/", route(get=apis.CaseListApi, post=apis.CaseCreateApi), name="case-list"),
    path("cases/<int:pk>/", apis.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<int:pk>/accept/", apis.CaseAcceptApi.as_view(), name="case-accept"),
    path("cases/<int:pk>/decline/", apis.CaseDeclineApi.as_view(), name="case-decline"),
    path("cases/<int:pk>/extend/", apis.CaseExtendApi.as_view(), name="case-extend"),
    path("cases/<int:pk>/schedule/", apis.CaseScheduleApi.as_view(), name="case-schedule"),
    path("cases/<int:pk>/sessions/", apis.CaseSessionCreateApi.as_view(), name="case-sessions"),
    path(
        "cases/<int:pk>/sessions/cancel/",
        apis.CaseSessionCancelApi.as_view(),
        name="case-session-cancel",
    ),
    path(
        "cases/<int:pk>/agreement/",
        apis.CaseAgreementCreateApi.as_view(),
        name="case-agreement",
    ),
    path(
        "cases/<int:pk>/agreement/sign/",
        apis.CaseAgreementSignApi.as_view(),
        name="case-agreement-sign",
    ),
    path("cases/<int:pk>/payments/", apis.CasePaymentCreateApi.as_view(), name="case-payments"),
    path("cases/<int:pk>/close/", apis.CaseCloseApi.as_view(), name="case-close"),
    path("cases/<int:pk>/arbitration/", apis.CaseArbitrationApi.as_view(), name="case-arbitration"),
    path("cases/<int:pk>/transfer-up/", apis.CaseTransferUpApi.as_view(), name="case-transfer-up"),
]
