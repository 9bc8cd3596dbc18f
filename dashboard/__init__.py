"""The data core of the dashboard: models, reads, imports and demo data. Knows nothing of Dash."""
