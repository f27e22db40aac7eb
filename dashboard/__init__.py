"""The Streamlit dashboard: pages that lay out what `catalog` computes. No cost arithmetic here."""
