"""Prompt or Tune: the Streamlit entry point (a thin router; pages live in dashboard/pages/).

Run from the repo root: `streamlit run streamlit_app.py`. Streamlit puts this file's folder on
sys.path, so catalog/, plugins/ and dashboard/ import without installing the project.
"""

import streamlit as st

st.set_page_config(page_title="Prompt or Tune", page_icon=":material/balance:", layout="wide")

pages = [
    st.Page("dashboard/pages/compare.py", title="Compare", icon=":material/bar_chart:", default=True),
    st.Page("dashboard/pages/catalog.py", title="Catalog", icon=":material/table:", url_path="catalog"),
    st.Page("dashboard/pages/use_cases.py", title="Use cases", icon=":material/explore:", url_path="use-cases"),
    st.Page("dashboard/pages/sizing.py", title="Sizing", icon=":material/memory:", url_path="sizing"),
    st.Page("dashboard/pages/portfolio.py", title="Portfolio", icon=":material/stacks:", url_path="portfolio"),
    st.Page("dashboard/pages/plugins.py", title="Plugins", icon=":material/extension:", url_path="plugins"),
    st.Page("dashboard/pages/calibrate.py", title="Calibrate", icon=":material/query_stats:", url_path="calibrate"),
]
st.navigation(pages).run()
