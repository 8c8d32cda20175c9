"""Dispatch pages: acknowledgements, RRS flags, DSA notices, dispatch logs."""

from __future__ import annotations

from django.urls import URLPattern, path

from cdnet.dispatch import views

urlpatterns: list[URLPattern] = [
    path("ack/<str:token>/", views.ack_page, name="delivery_ack"),
    path("rrs/", views.flag_list, name="rrs_flag_list"),
    path("rrs/<int:pk>/", views.flag_detail, name="rrs_flag_detail"),
    path("alerts/<int:pk>/rrs/", views.flag_create, name="rrs_flag_create"),
    path("notices/", views.notice_list, name="dsa_notice_list"),
    path("notices/new/", views.notice_new, name="dsa_notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="dsa_notice_detail"),
    path("notices/export.<str:fmt>", views.notices_export, name="dsa_notices_export"),
    path("dispatch-log/", views.dispatch_log, name="dispatch_log"),
    path("dispatch-log.<str:fmt>", views.dispatch_log_export, name="dispatch_log_export"),
    path(
        "alerts/<int:pk>/dispatch-log.<str:fmt>",
        views.alert_log_export,
        name="alert_dispatch_log_export",
    ),
]
