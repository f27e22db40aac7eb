"""Compare (home): recommendation, cost curves, cumulative cost, the table; editors below."""

from dashboard.compare_view import render

render()
