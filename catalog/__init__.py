"""Prompt or Tune: a pricing catalog and cost engine for choosing between prompting an API,
hosted fine-tuning and self-hosting an open model. This package never imports Streamlit."""
