"""Pure rules of Clausegraph: documents, calendars, SLA clocks, escalations, breaches, credits.

Nothing here imports the database or the web layer.
"""
