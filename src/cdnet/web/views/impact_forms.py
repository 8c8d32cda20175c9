"""Forms of the impact page: one per kind of record; ``record_fields()`` gives what the services
check (the services name the field of any mistake)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms

from cdnet.cases.models import Tlp
from cdnet.impact.models import EventKind
from cdnet.impact.services import (
    BRIEFINGS,
    EVENTS,
    EVIDENCE_SUBMISSIONS,
    INTRODUCTIONS,
    MEETINGS,
    PRESS_ARTICLES,
    RecordFields,
    RecordKind,
)


def _date() -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def _optional(max_length: int = 300, help_text: str = "") -> forms.CharField:
    return forms.CharField(required=False, max_length=max_length, help_text=help_text)


def _note(label: str = "Note") -> forms.CharField:
    return forms.CharField(required=False, label=label, widget=forms.Textarea(attrs={"rows": 2}))


def _country() -> forms.CharField:
    return forms.CharField(required=False, max_length=2, help_text="ISO code, e.g. FR; empty = EU")


def _alerts() -> forms.CharField:
    return forms.CharField(
        required=False, label="Alerts", help_text="Ids of the alerts concerned, e.g. 3 7"
    )


class RecordForm(forms.Form):
    """Base: a TLP field, and lists typed as text turned into lists."""

    kind: ClassVar[RecordKind[Any]]
    ID_LISTS: ClassVar[tuple[str, ...]] = ("alert_ids",)
    NAME_LISTS: ClassVar[tuple[str, ...]] = ()

    tlp = forms.ChoiceField(choices=Tlp.choices, initial=Tlp.GREEN, label="TLP")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tlp"] = self.fields.pop("tlp")  # last, after the record's own fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.ID_LISTS:
            parts = [p for p in re.split(r"[\s,]+", data.get(name) or "") if p]
            if any(not p.isdigit() for p in parts):
                self.add_error(name, "Give ids as numbers, e.g. 3 7.")
            data[name] = [int(p) for p in parts if p.isdigit()]
        for name in self.NAME_LISTS:
            data[name] = [p.strip() for p in re.split(r"[,\n]", data.get(name) or "") if p.strip()]
        return data

    def record_fields(self) -> RecordFields:
        return self.kind.fields(**self.cleaned_data)


class MeetingForm(RecordForm):
    kind = MEETINGS
    NAME_LISTS = ("participants",)
    institution = forms.CharField(max_length=300)
    held_on = _date()
    topic = forms.CharField(max_length=500)
    country = _country()
    officials = _note("Officials present")
    participants = _optional(1000, "Member organisations present, separated by commas")
    alert_ids = _alerts()
    note = _note()


class EvidenceSubmissionForm(RecordForm):
    kind = EVIDENCE_SUBMISSIONS
    authority = forms.CharField(max_length=300)
    inquiry = _optional(help_text="The inquiry or request, if any")
    submitted_on = _date()
    country = _country()
    description = _note("What was submitted")
    alert_ids = _alerts()


class PressArticleForm(RecordForm):
    kind = PRESS_ARTICLES
    outlet = forms.CharField(max_length=300)
    url = forms.URLField(max_length=2000, assume_scheme="https")
    title = _optional(500)
    published_on = _date()
    language = _optional(12, "e.g. fr, de")
    country = _country()
    estimated_readers = forms.IntegerField(required=False, min_value=0)
    alert_ids = _alerts()


class BriefingForm(RecordForm):
    kind = BRIEFINGS
    election_id = forms.CharField(max_length=60, help_text="From the calendar, e.g. fr-2024-06-30")
    title = forms.CharField(max_length=300)
    given_on = _date()
    audience = forms.CharField(max_length=300)
    alert_ids = _alerts()


class IntroductionForm(RecordForm):
    kind = INTRODUCTIONS
    ID_LISTS = ()
    member_organisation = forms.CharField(
        max_length=200, help_text="The member organisation introduced (name or short name)"
    )
    institution = forms.CharField(max_length=300)
    country = _country()
    made_on = _date()
    note = _note()


class EventForm(RecordForm):
    kind = EVENTS
    ID_LISTS = ()
    NAME_LISTS = ("organisations", "external_organisations")
    kind_ = forms.ChoiceField(choices=EventKind.choices, label="Kind")
    title = forms.CharField(max_length=300)
    held_on = _date()
    country = forms.CharField(required=False, max_length=2, help_text="ISO code; empty = online")
    disarm = forms.BooleanField(required=False, label="A DISARM training")
    participants = forms.IntegerField(min_value=0, initial=0, help_text="People who took part")
    organisations = _optional(1000, "Member organisations, separated by commas")
    external_organisations = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Other organisations, one per line",
    )
    note = _note()

    def record_fields(self) -> RecordFields:
        data = dict(self.cleaned_data)
        data["kind"] = data.pop("kind_")
        return self.kind.fields(**data)


FORMS: dict[str, type[RecordForm]] = {
    form.kind.name: form
    for form in (
        MeetingForm,
        EvidenceSubmissionForm,
        PressArticleForm,
        BriefingForm,
        IntroductionForm,
        EventForm,
    )
}
