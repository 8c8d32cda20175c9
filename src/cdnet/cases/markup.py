"""Markdown of alert summaries as safe HTML: the author's own HTML is escaped first."""

from __future__ import annotations

import markdown
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(escape(text), extensions=["extra"])
    return mark_safe(html)  # noqa: S308 - the source text was escaped before conversion
