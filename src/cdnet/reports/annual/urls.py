"""The yearly report's pages (included by ``cdnet.web.urls``)."""

from django.urls import path

from cdnet.web.views import reports

urlpatterns = [
    path("reports/", reports.report_index, name="report_index"),
    path("reports/annual/<int:year>/", reports.annual_page, name="report_annual"),
    path(
        "reports/annual/<int:year>.<str:fmt>",
        reports.annual_download,
        name="report_annual_download",
    ),
]
