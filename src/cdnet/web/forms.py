"""Forms of the web UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.http import QueryDict

from cdnet.cases.alerts import AlertContent
from cdnet.cases.models import Alert, Attribution, Confidence, Decision, Pap, Tlp
from cdnet.dispatch.routing import route
from cdnet.impact.models import OutcomeKind, OutcomeSource
from cdnet.network.models import Recipient


def _split(raw: str) -> list[str]:
    return [t for t in raw.replace(",", " ").split() if t]


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _text(rows: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class AlertForm(forms.Form):
    """Every field an author writes; ``content()`` gives the AlertContent the services take."""

    title = forms.CharField(max_length=300)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), help_text="Markdown")
    what_happened = _text(6, "Markdown: the facts, in order")
    tlp = forms.ChoiceField(choices=Tlp.choices, initial=Tlp.AMBER, label="TLP")
    pap = forms.ChoiceField(choices=Pap.choices, initial=Pap.AMBER, label="PAP")
    target_countries = forms.CharField(required=False, help_text="ISO codes, e.g. FR DE")
    target_elections = forms.CharField(required=False, help_text="Election ids, e.g. fr-2024-06-30")
    target_organisations = _text(2, "One per line")
    platforms = forms.CharField(required=False, help_text="e.g. x facebook telegram")
    actor = forms.CharField(required=False, max_length=300)
    attribution = forms.ChoiceField(choices=Attribution.choices, required=False)
    attribution_confidence = forms.ChoiceField(choices=Confidence.choices, required=False)
    techniques = forms.CharField(
        required=False, help_text="DISARM Red technique ids, e.g. T0149.003 T0049"
    )
    counters = forms.CharField(required=False, help_text="DISARM Blue counter ids, e.g. C00012")
    recommended_actions = _text(3, "Markdown")
    legally_sensitive = forms.BooleanField(
        required=False, help_text="Needs two approvals, like TLP:RED"
    )

    def content(self) -> AlertContent:
        data = self.cleaned_data
        return AlertContent(
            title=data["title"],
            summary=data["summary"],
            what_happened=data["what_happened"],
            tlp=data["tlp"],
            pap=data["pap"],
            target_countries=_split(data["target_countries"]),
            target_elections=_split(data["target_elections"]),
            target_organisations=_lines(data["target_organisations"]),
            platforms=_split(data["platforms"]),
            actor=data["actor"],
            attribution=data["attribution"],
            attribution_confidence=data["attribution_confidence"],
            recommended_actions=data["recommended_actions"],
            legally_sensitive=data["legally_sensitive"],
            techniques=_split(data["techniques"]),
            counters=_split(data["counters"]),
        )

    @staticmethod
    def initial_from(content: AlertContent) -> dict[str, Any]:
        initial: dict[str, Any] = dict(content.scalar_values())
        for name in ("target_countries", "target_elections", "platforms"):
            initial[name] = " ".join(initial[name])
        initial["target_organisations"] = "\n".join(content.target_organisations)
        initial["techniques"] = " ".join(content.techniques)
        initial["counters"] = " ".join(content.counters)
        return initial


class CaseForm(forms.Form):
    title = forms.CharField(max_length=300)
    description = _text(5, "Markdown")
    tlp = forms.ChoiceField(choices=Tlp.choices, initial=Tlp.AMBER, label="TLP")


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="@name mentions")


class TaskForm(forms.Form):
    title = forms.CharField(max_length=300)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


@dataclass(frozen=True)
class SendRow:
    """One recipient line of the send form."""

    recipient: Recipient
    reasons: tuple[str, ...]
    checked: bool
    excluded_because: str = ""


class SendForm(forms.Form):
    """The recipients of an alert: the routing suggestions pre-ticked with their reasons; those
    cleared below the alert's TLP shown with why, and refused if posted anyway."""

    recipients = forms.ModelMultipleChoiceField(
        queryset=Recipient.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one recipient.",
            "invalid_choice": "Recipient %(value)s may not receive this alert "
            "(inactive, or cleared below its TLP).",
        },
    )

    def __init__(self, *args: Any, alert: Alert | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.routing = route(alert) if alert is not None else None
        if self.routing is not None:
            allowed = [s.recipient.pk for s in self.routing.suggested]
            allowed += [r.pk for r in self.routing.others]
            field = cast("forms.ModelMultipleChoiceField[Recipient]", self.fields["recipients"])
            field.queryset = Recipient.objects.filter(active=True, pk__in=allowed)
            self.initial.setdefault("recipients", [s.recipient.pk for s in self.routing.suggested])

    def _ticked(self) -> set[int]:
        if self.is_bound:
            values = self.data.getlist("recipients") if isinstance(self.data, QueryDict) else []
            return {int(v) for v in values if str(v).isdigit()}
        return {int(pk) for pk in self.initial.get("recipients", [])}

    def rows(self) -> list[SendRow]:
        """Suggested (ticked) first, then the other recipients, then the excluded ones."""
        ticked = self._ticked()
        if self.routing is None:
            return [SendRow(r, (), r.pk in ticked) for r in Recipient.objects.filter(active=True)]
        rows = [
            SendRow(s.recipient, s.reasons, s.recipient.pk in ticked)
            for s in self.routing.suggested
        ]
        rows += [SendRow(r, (), r.pk in ticked) for r in self.routing.others]
        rows += [
            SendRow(s.recipient, s.reasons, False, s.excluded_because)
            for s in self.routing.excluded
        ]
        return rows


class OutcomeForm(forms.Form):
    """An outcome of a sent alert; ``options()`` gives the keyword arguments of record_outcome."""

    kind = forms.ChoiceField(choices=OutcomeKind.choices)
    occurred_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    countries = forms.CharField(
        required=False,
        help_text="Geo-restricted only: ISO codes of the countries, e.g. DE AT",
        widget=forms.TextInput(attrs={"class": "countries-field"}),
    )
    subject = forms.CharField(
        required=False, max_length=2000, help_text="The URL, account or domain; empty = the alert"
    )
    platform = forms.CharField(required=False, max_length=40, help_text="e.g. x, meta, telegram")
    source = forms.ChoiceField(
        choices=OutcomeSource.choices, initial=OutcomeSource.MEMBER, label="Reported by"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.URLField(required=False, assume_scheme="https")
    evidence_ids = forms.CharField(
        required=False, label="Evidence items", help_text="Ids of evidence items, e.g. 12 15"
    )
    counters = forms.CharField(required=False, help_text="DISARM Blue counters, e.g. C00006")
    statement_id = forms.CharField(
        required=False, max_length=100, label="DSA statement of reasons id"
    )
    tlp = forms.ChoiceField(
        choices=[("", "Same as the alert"), *Tlp.choices], required=False, label="TLP"
    )

    def clean_evidence_ids(self) -> list[int]:
        raw = _split(self.cleaned_data["evidence_ids"])
        if any(not part.isdigit() for part in raw):
            raise forms.ValidationError("Give evidence ids as numbers, e.g. 12 15.")
        return [int(part) for part in raw]

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "platform": data["platform"],
            "countries": _split(data["countries"]),
            "source": data["source"],
            "evidence_ids": data["evidence_ids"],
            "counters": _split(data["counters"]),
            "statement_id": data["statement_id"],
            "tlp": data["tlp"] or None,
        }


class ManualFindingForm(forms.Form):
    """A finding entered by hand."""

    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    subjects = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line as kind:value, e.g. domain:spiegel.ltd or channel:@rt_mirror "
        "(kinds: post, channel, account, ad, domain, image)",
    )
    platform = forms.CharField(required=False, max_length=40)
    country = forms.CharField(required=False, max_length=2, help_text="ISO code, e.g. FR")
    language = forms.CharField(required=False, max_length=12)
    tlp = forms.ChoiceField(choices=Tlp.choices, initial=Tlp.AMBER, label="TLP")
    disarm = forms.CharField(required=False, help_text="DISARM technique ids, e.g. T0049")

    def subject_list(self) -> list[dict[str, str]]:
        pairs = (line.partition(":") for line in _lines(self.cleaned_data["subjects"]))
        return [{"kind": k.strip().lower(), "value": v.strip()} for k, _, v in pairs]
