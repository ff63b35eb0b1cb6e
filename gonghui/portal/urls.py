"""The member pages, under /portal/."""

from django.urls import path

from gonghui.portal import (
    views,
    views_aid,
    views_bargaining,
    views_benefits,
    views_legalaid,
    views_mediation,
)

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.CodeRequestView.as_view(), name="code_request"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("join/", views.JoinView.as_view(), name="join"),
    path("join/consent/", views.ConsentView.as_view(), name="consent"),
    path("employers/", views.EmployerSearchView.as_view(), name="employer_search"),
    path("membership/", views.MembershipView.as_view(), name="membership"),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/resubmit/",
        views.ApplicationResubmitView.as_view(),
        name="application_resubmit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="application_withdraw",
    ),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("password/", views.SetPasswordView.as_view(), name="password"),
    path("mediation/", views_mediation.MediationListView.as_view(), name="mediation_list"),
    path("mediation/apply/", views_mediation.MediationApplyView.as_view(), name="mediation_apply"),
    path(
        "mediation/<int:pk>/",
        views_mediation.MediationDetailView.as_view(),
        name="mediation_detail",
    ),
    path("aid/", views_aid.AidListView.as_view(), name="aid_list"),
    path("aid/apply/", views_aid.AidApplyView.as_view(), name="aid_apply"),
    path("aid/<int:pk>/", views_aid.AidDetailView.as_view(), name="aid_detail"),
    path("aid/<int:pk>/documents/", views_aid.AidUploadView.as_view(), name="aid_upload"),
    path("aid/<int:pk>/<slug:step>/", views_aid.AidStepView.as_view(), name="aid_step"),
    path("proposals/", views_bargaining.ProposalListView.as_view(), name="proposal_list"),
    path(
        "proposals/sessions/<int:session>/",
        views_bargaining.ProposalSubmitView.as_view(),
        name="proposal_submit",
    ),
    path(
        "proposals/<int:pk>/", views_bargaining.ProposalDetailView.as_view(), name="proposal_detail"
    ),
    path(
        "proposals/<int:pk>/rate/",
        views_bargaining.ProposalRateView.as_view(),
        name="proposal_rate",
    ),
    path("legalaid/", views_legalaid.LegalAidListView.as_view(), name="legalaid_list"),
    path("legalaid/apply/", views_legalaid.LegalAidApplyView.as_view(), name="legalaid_apply"),
    path("legalaid/<int:pk>/", views_legalaid.LegalAidDetailView.as_view(), name="legalaid_detail"),
    path(
        "legalaid/<int:pk>/documents/",
        views_legalaid.LegalAidUploadView.as_view(),
        name="legalaid_upload",
    ),
    path(
        "legalaid/<int:pk>/<slug:step>/",
        views_legalaid.LegalAidStepView.as_view(),
        name="legalaid_step",
    ),
    path("benefits/", views_benefits.CampaignListView.as_view(), name="benefit_list"),
    path("benefits/<int:pk>/", views_benefits.CampaignDetailView.as_view(), name="benefit_detail"),
    path("benefits/<int:pk>/stock/", views_benefits.StockView.as_view(), name="benefit_stock"),
    path("vouchers/<int:pk>/", views_benefits.VoucherDetailView.as_view(), name="voucher_detail"),
]
