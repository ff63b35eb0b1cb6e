"""Staff pages of consultations and mediation (under /disputes/)."""

from django.urls import path

from gonghui.disputes import views
from gonghui.disputes import views_cases as cases
from gonghui.disputes import views_sessions as sessions

app_name = "disputes"
urlpatterns = [
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path("consultations/new/", views.ConsultationLogView.as_view(), name="consultation_log"),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/new/", views.CommitteeCreateView.as_view(), name="committee_create"),
    path("committees/<int:pk>/seat/", views.CommitteeSeatView.as_view(), name="committee_seat"),
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/overdue/", cases.OverdueCaseListView.as_view(), name="case_overdue"),
    path("cases/apply/", cases.CaseApplyView.as_view(), name="case_apply"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/accept/", cases.CaseAcceptView.as_view(), name="case_accept"),
    path("cases/<int:pk>/decline/", cases.CaseDeclineView.as_view(), name="case_decline"),
    path("cases/<int:pk>/extend/", cases.CaseExtendView.as_view(), name="case_extend"),
    path(
        "cases/<int:pk>/schedule/",
        cases.SessionScheduleView.as_view(),
        name="session_schedule",
    ),
    path("cases/<int:pk>/sessions/new/", cases.SessionLogView.as_view(), name="session_log"),
    path(
        "cases/<int:pk>/sessions/cancel/", cases.SessionCancelView.as_view(), name="session_cancel"
    ),
    path("sessions/", sessions.SessionWeekView.as_view(), name="session_week"),
    path(
        "cases/<int:pk>/agreement/new/",
        cases.AgreementRecordView.as_view(),
        name="agreement_record",
    ),
    path(
        "cases/<int:pk>/agreement/sign/", cases.AgreementSignView.as_view(), name="agreement_sign"
    ),
    path("cases/<int:pk>/agreement.pdf", cases.AgreementPdfView.as_view(), name="agreement_pdf"),
    path("cases/<int:pk>/payments/new/", cases.PaymentRecordView.as_view(), name="payment_record"),
    path("cases/<int:pk>/close/", cases.CaseCloseView.as_view(), name="case_close"),
    path(
        "cases/<int:pk>/arbitration/", cases.CaseArbitrationView.as_view(), name="case_arbitration"
    ),
    path("cases/<int:pk>/transfer/", cases.CaseTransferView.as_view(), name="case_transfer"),
]
