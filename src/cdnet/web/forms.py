"""Forms of the web UI."""

from __future__ import annotations

from django import forms

from cdnet.cases.models import Decision, Tlp
from cdnet.impact.models import OutcomeKind
from cdnet.network.models import Recipient


class AlertForm(forms.Form):
    title = forms.CharField(max_length=300)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown")
    tlp = forms.ChoiceField(choices=Tlp.choices, initial=Tlp.AMBER, label="TLP")
    techniques = forms.CharField(
        required=False,
        help_text="DISARM technique ids separated by spaces or commas, e.g. T0149.003 T0049",
    )

    def technique_ids(self) -> list[str]:
        raw = self.cleaned_data.get("techniques", "") or ""
        return [t for t in raw.replace(",", " ").split() if t]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SendForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        queryset=Recipient.objects.filter(active=True), widget=forms.CheckboxSelectMultiple
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(choices=OutcomeKind.choices)
    occurred_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.URLField(required=False, assume_scheme="https")
