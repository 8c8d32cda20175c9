"""Dispatch pages: acknowledgements, RRS flags, DSA notices, dispatch logs (being built)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
