"""The statistics page, included by the staff URL module ``gonghui.disputes.urls`` (no
``app_name`` here: the names join the ``disputes`` namespace)::

    path("statistics/", include("gonghui.disputes.urls_statistics")),
"""

from django.urls import path

from gonghui.disputes.views_statistics import StatisticsExportView, StatisticsView

urlpatterns = [
    path("", StatisticsView.as_view(), name="statistics"),
    path("export.xlsx", StatisticsExportView.as_view(), name="statistics_export"),
]
