"""The member API, under /api/v1/portal/."""

from django.urls import path

from gonghui.api.views import route
from gonghui.portal import (
    apis,
    apis_aid,
    apis_bargaining,
    apis_benefits,
    apis_legalaid,
    apis_mediation,
)

app_name = "portal"
urlpatterns = [
    path("auth/code/", apis.MemberCodeRequestApi.as_view(), name="code-request"),
    path("auth/token/", apis.MemberCodeTokenApi.as_view(), name="code-token"),
    path("employers/", apis.JoinEmployerSearchApi.as_view(), name="employer-search"),
    path("areas/", apis.JoinAreaListApi.as_view(), name="area-list"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path(
        "applications/",
        route(get=apis.MyApplicationListApi, post=apis.MyApplicationSubmitApi),
        name="application-list",
    ),
    path(
        "applications/<int:pk>/",
        apis.MyApplicationDetailApi.as_view(),
        name="application-detail",
    ),
    path(
        "applications/<int:pk>/resubmit/",
        apis.MyApplicationResubmitApi.as_view(),
        name="application-resubmit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        apis.MyApplicationWithdrawApi.as_view(),
        name="application-withdraw",
    ),
    path("notices/", apis.MyNoticeListApi.as_view(), name="notice-list"),
    path("notices/<int:pk>/read/", apis.MyNoticeReadApi.as_view(), name="notice-read"),
    path(
        "mediation/committees/",
        apis_mediation.MyMediationCommitteeListApi.as_view(),
        name="mediation-committee-list",
    ),
    path(
        "mediation/cases/",
        route(get=apis_mediation.MyMediationListApi, post=apis_mediation.MyMediationApplyApi),
        name="mediation-list",
    ),
    path(
        "mediation/cases/<int:pk>/",
        apis_mediation.MyMediationDetailApi.as_view(),
        name="mediation-detail",
    ),
    path("aid/kinds/", apis_aid.MyAidKindListApi.as_view(), name="aid-kind-list"),
    path("aid/received/", apis_aid.MyAidReceivedApi.as_view(), name="aid-received"),
    path(
        "aid/applications/",
        route(get=apis_aid.MyAidListApi, post=apis_aid.MyAidApplyApi),
        name="aid-list",
    ),
    path(
        "aid/applications/<int:pk>/",
        apis_aid.MyAidDetailApi.as_view(),
        name="aid-detail",
    ),
    path(
        "aid/applications/<int:pk>/documents/",
        apis_aid.MyAidDocumentApi.as_view(),
        name="aid-document",
    ),
    path(
        "aid/applications/<int:pk>/steps/<slug:step>/",
        apis_aid.MyAidStepApi.as_view(),
        name="aid-step",
    ),
    path(
        "legalaid/cases/",
        route(get=apis_legalaid.MyLegalAidListApi, post=apis_legalaid.MyLegalAidApplyApi),
        name="legalaid-list",
    ),
    path(
        "legalaid/cases/<int:pk>/",
        apis_legalaid.MyLegalAidDetailApi.as_view(),
        name="legalaid-detail",
    ),
    path(
        "legalaid/cases/<int:pk>/documents/",
        apis_legalaid.MyLegalAidDocumentApi.as_view(),
        name="legalaid-document",
    ),
    path(
        "legalaid/cases/<int:pk>/steps/<slug:step>/",
        apis_legalaid.MyLegalAidStepApi.as_view(),
        name="legalaid-step",
    ),
    path(
        "bargaining/proposals/",
        route(get=apis_bargaining.MyProposalListApi, post=apis_bargaining.MyProposalSubmitApi),
        name="bargaining-proposal-list",
    ),
    path(
        "bargaining/proposals/<int:pk>/",
        apis_bargaining.MyProposalDetailApi.as_view(),
        name="bargaining-proposal-detail",
    ),
    path(
        "bargaining/proposals/<int:pk>/rate/",
        apis_bargaining.MyProposalRateApi.as_view(),
        name="bargaining-proposal-rate",
    ),
    path(
        "bargaining/sessions/",
        apis_bargaining.MyCongressSessionListApi.as_view(),
        name="bargaining-session-list",
    ),
    path(
        "benefits/campaigns/",
        apis_benefits.MyBenefitCampaignListApi.as_view(),
        name="benefits-campaign-list",
    ),
    path(
        "benefits/campaigns/<int:pk>/",
        apis_benefits.MyBenefitCampaignDetailApi.as_view(),
        name="benefits-campaign-detail",
    ),
    path(
        "benefits/campaigns/<int:pk>/claim/",
        apis_benefits.MyBenefitClaimApi.as_view(),
        name="benefits-claim",
    ),
    path(
        "benefits/vouchers/",
        apis_benefits.MyVoucherListApi.as_view(),
        name="benefits-voucher-list",
    ),
    path(
        "benefits/vouchers/<int:pk>/",
        apis_benefits.MyVoucherDetailApi.as_view(),
        name="benefits-voucher-detail",
    ),
]
