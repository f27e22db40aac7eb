"""The cost engine: a scenario and a catalog in, a result out. No network, no CLI, no Streamlit."""
