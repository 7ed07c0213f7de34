"""ATS pages, one module per area: jobs (list, detail, forms, pipeline, team), board (the
kanban and moves) and applications (list, bulk actions, application page)."""
