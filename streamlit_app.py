"""Prompt or Tune: the Streamlit entry point (a thin router; pages live in dashboard/pages/).

Run from the repo root: `streamlit run streamlit_app.py`. Streamlit puts this file's folder on
sys.path, so catalog/, plugins/ and dashboard/ import without installing the project.
"""

import streamlit as st

st.set_page_config(page_title="Prompt or Tune", page_icon="⚖️", layout="wide")

pages = [
    st.Page("dashboard/pages/compare.py", title="Compare", icon="📊", default=True),
    st.Page("dashboard/pages/catalog.py", title="Catalog", icon="🗂️", url_path="catalog"),
    st.Page("dashboard/pages/use_cases.py", title="Use cases", icon="🧭", url_path="use-cases"),
    st.Page("dashboard/pages/sizing.py", title="Sizing", icon="🧮", url_path="sizing"),
    st.Page("dashboard/pages/plugins.py", title="Plugins", icon="🔌", url_path="plugins"),
]
st.navigation(pages).run()
