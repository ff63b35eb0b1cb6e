from django.urls import path

from gonghui.core.attachments import apis

urlpatterns = [
    path(
        "attachments/<str:key>/<int:pk>/",
        apis.RecordAttachmentsApi.as_view(),
        name="attachment-list",
    ),
    path(
        "attachments/<int:pk>/",
        apis.AttachmentDownloadApi.as_view(),
        name="attachment-download",
    ),
]
