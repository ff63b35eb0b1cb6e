from django.urls import path

from gonghui.core.attachments import views

urlpatterns = [
    path(
        "attachments/<str:key>/<int:pk>/",
        views.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "attachments/<int:pk>/download/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
]
