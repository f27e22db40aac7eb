"""Use cases from the seed documents, every document's recommendation kept side by side.

`use_cases.json` names each view's document by id; `seed_documents.json` holds each document's
title, publisher, public URL and the number of its file in the seed list ("001"), which are filled
into the views here so a reader can check the quote and the pages can link a basis that cites a
document by number ("001's cost example") from the catalog alone.
"""

import json

from catalog.hookspecs import hookimpl
from plugins.datafiles import DATA_DIR, load


def _documents() -> dict[str, dict]:
    listing = json.loads((DATA_DIR / "seed_documents.json").read_text(encoding="utf-8"))
    return {doc["id"]: doc for doc in listing["documents"]}


@hookimpl
def use_cases():
    documents = _documents()
    rows = load("use_cases.json")
    for row in rows:
        for view in row.get("views", []):
            doc = documents.get(view.get("document"), {})
            view.setdefault("title", doc.get("title"))
            view.setdefault("url", doc.get("url"))
            view.setdefault("publisher", doc.get("publisher"))
            view.setdefault("number", doc["file"][:3] if "file" in doc else None)
    return rows
