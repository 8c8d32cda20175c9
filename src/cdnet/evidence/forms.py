"""Forms of the evidence pages: capture a URL, upload a file (both name their target)."""

from __future__ import annotations

from django import forms

from cdnet.cases.models import Tlp

TARGETS = [("finding", "finding"), ("case", "case"), ("alert", "alert")]
TLP_CHOICES = [("", "same as the record"), *Tlp.choices]


class _Target(forms.Form):
    target_kind = forms.ChoiceField(choices=TARGETS, widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    title = forms.CharField(max_length=300, required=False)
    tlp = forms.ChoiceField(choices=TLP_CHOICES, required=False, label="TLP")


class CaptureForm(_Target):
    url = forms.CharField(max_length=2000, label="URL to capture")


class UploadForm(_Target):
    file = forms.FileField()
