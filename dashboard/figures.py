"""The colours every dashboard figure shares, so an option or cloud keeps its colour across pages.

Compare's figures are in dashboard/compare_figures.py; the Catalog's and Sizing's in
dashboard/page_figures.py.
"""

from __future__ import annotations

PALETTE = ["#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2"]
