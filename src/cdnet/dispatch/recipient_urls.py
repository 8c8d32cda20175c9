"""Pages of the recipient directory (included at the site root)."""

from django.urls import URLPattern, path

from cdnet.dispatch import recipient_views

urlpatterns: list[URLPattern] = [
    path("recipients/", recipient_views.recipient_list, name="recipient_list"),
    path("recipients/<int:pk>/", recipient_views.recipient_detail, name="recipient_detail"),
]
