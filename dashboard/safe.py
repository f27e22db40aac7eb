"""Strings from plugins are data: shown as text, never as Markdown or HTML."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Escape Markdown (and so any HTML, link or image) in a string for st.markdown-based calls."""
    return _MARKDOWN.sub(r"\\\1", str(text))
