"""Issue 12, finding 7: a record's `as_of` is the day its source showed the figure. Where only the
day a stored copy was read is known (SkyPilot's catalog files: their commit dates could not be
read here), the record itself must say so, not only its data file's defaults: a record's own
notes replace the defaults', and on 2026-11-30 34 of the 55 SkyPilot-sourced GPU records lost the
sentence that way (AWS's "spot: use1-az2" was all the Catalog page showed of why it is dated the
day it was read)."""

from __future__ import annotations

import re

AT_A_COMMIT = re.compile(r"/blob/[0-9a-f]{40}/")


def test_a_record_dated_by_its_read_day_says_so(catalog):
    undated = [
        record
        for table in (catalog.gpus, catalog.api, catalog.finetune)
        for record in table.values()
        if AT_A_COMMIT.search(record.source_url) and record.retrieved is not None and record.as_of == record.retrieved
    ]
    silent = [r.key for r in undated if "commit date could not be read" not in (r.notes or "")]
    assert silent == []
