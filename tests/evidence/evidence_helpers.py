"""Helpers of the evidence tests: cases to attach to and small sample files."""

from __future__ import annotations

from typing import Any

PAGE = (
    b"<!doctype html><html><head><title>Spiegel clone</title>"
    b"<style>body{color:#222}</style><script>var tracker = 1;</script></head>"
    b"<body style='background:#fee'><h1>Breaking: fake quote</h1>"
    b"<p>The minister never said this.</p></body></html>"
)


def make_case(user: Any, tlp: str = "AMBER", title: str = "Doppelganger wave") -> Any:
    from cdnet.cases.models import Case
    from cdnet.network.services import organisation_of

    case = Case.objects.create(
        title=title, tlp=tlp, lead_organisation=organisation_of(user), created_by=user
    )
    case.participants.add(user)
    return case


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
EML = (
    b"From: Press Office <press@example.org>\r\nTo: desk@example.net\r\n"
    b"Subject: Fabricated statement\r\nDate: Mon, 3 Nov 2025 10:00:00 +0100\r\n"
    b"Message-ID: <abc@example.org>\r\n\r\nThe statement attributed to us is fake.\r\n"
)
