"""URLs of the evidence pages (included at the root by cdnet.web.urls)."""

from __future__ import annotations

from django.urls import URLPattern, path

from cdnet.evidence import views

urlpatterns: list[URLPattern] = [
    path("evidence/capture/", views.evidence_capture, name="evidence_capture"),
    path("evidence/upload/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/files/<str:role>/", views.evidence_file, name="evidence_file"),
    path("cases/<int:pk>/evidence.zip", views.case_package, name="case_evidence_package"),
    path("alerts/<int:pk>/evidence.zip", views.alert_package, name="alert_evidence_package"),
]
