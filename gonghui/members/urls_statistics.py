"""The membership statistics page and its workbook (included at /members/statistics/ by
``members.urls``, in the ``members`` namespace)."""

from django.urls import path

from gonghui.members import views_statistics as views

urlpatterns = [
    path("", views.StatisticsView.as_view(), name="statistics"),
    path("export.xlsx", views.StatisticsExportView.as_view(), name="statistics_export"),
]
