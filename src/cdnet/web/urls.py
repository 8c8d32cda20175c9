"""URL map: pages, the API under /api/, accounts, the admin."""

from django.contrib import admin
from django.urls import include, path

from cdnet.search import views as search_views
from cdnet.web.api import api
from cdnet.web.views import (
    alerts,
    campaigns,
    cases,
    dashboard,
    datasets,
    disarm,
    findings,
    review_queue,
)
from cdnet.web.views import figures as figure_views

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("findings/", findings.finding_list, name="finding_list"),
    path("findings/new/", findings.finding_new, name="finding_new"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/campaign/", campaigns.campaign_detail, name="campaign_detail"),
    path(
        "findings/<int:pk>/campaign/case/", campaigns.campaign_open_case, name="campaign_open_case"
    ),
    path("review/", review_queue.review_list, name="review_list"),
    path("review/<int:pk>/", review_queue.review_detail, name="review_detail"),
    path("review/<int:pk>/decide/", review_queue.review_decide, name="review_decide"),
    path("datasets/", datasets.dataset_list, name="dataset_list"),
    path("datasets/upload/", datasets.dataset_upload, name="dataset_upload"),
    path("datasets/<int:pk>/", datasets.dataset_detail, name="dataset_detail"),
    path("datasets/<int:pk>/delete/", datasets.dataset_delete, name="dataset_delete"),
    path("alerts/", alerts.alert_list, name="alert_list"),
    path("alerts/new/", alerts.alert_new, name="alert_new"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/edit/", alerts.alert_edit, name="alert_edit"),
    path("alerts/<int:pk>/diff/", alerts.alert_diff, name="alert_diff"),
    path("alerts/<int:pk>/do/<str:action>/", alerts.alert_action, name="alert_action"),
    path("alerts/<int:pk>/submit/", alerts.alert_submit, name="alert_submit"),
    path("alerts/<int:pk>/review/", alerts.alert_review, name="alert_review"),
    path("alerts/<int:pk>/send/", alerts.alert_send, name="alert_send"),
    path("alerts/<int:pk>/outcome/", alerts.alert_outcome, name="alert_outcome"),
    path("alerts/<int:pk>/public/<str:action>/", alerts.alert_publication, name="alert_public"),
    path("findings/<int:pk>/public/<action>/", findings.finding_publication, name="finding_public"),
    path("deliveries/<int:pk>/retry/", alerts.delivery_retry, name="delivery_retry"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/alert/", alerts.alert_from_case, name="case_alert"),
    path(
        "cases/<int:pk>/<str:action>/",
        cases.case_action,
        name="case_action",
    ),
    path("tasks/<int:pk>/done/", cases.task_done, name="task_done"),
    path("suggestions/<int:pk>/", cases.suggestion_decide, name="suggestion_decide"),
    path("search/", search_views.search_page, name="search"),
    path("", include("cdnet.evidence.urls")),
    path("", include("cdnet.dispatch.urls")),
    path("", include("cdnet.dispatch.recipient_urls")),
    path("reports/figures/", figure_views.figure_list, name="figure_list"),
    path("reports/figures/<str:key>/", figure_views.figure_records, name="figure_records"),
    path("", include("cdnet.reports.annual.urls")),
    path("", include("cdnet.web.views.rechecks")),
    path("", include("cdnet.web.views.impact")),
    path("disarm/", disarm.matrix, name="disarm_matrix"),
    path("disarm/<str:technique_id>/", disarm.technique, name="disarm_technique"),
    path("api/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
