"""Plot builders: each returns a plotly figure (one module per feature)."""
