"""EduMTL dashboard entry point (placeholder until the pages land): shows the sample class."""

from pathlib import Path

import streamlit as st

from mtl_core import load_table

st.set_page_config(page_title="EduMTL", layout="wide")
st.title("EduMTL")
table = load_table(Path(__file__).resolve().parents[1] / "sample_data" / "class.csv")
st.write(f"Sample class: {len(table.frame)} students, {table.frame.shape[1]} columns.")
st.dataframe(table.frame.head(20))
