"""The ATS's REST API: jobs and their stages, applications and what happens to them. Thin
viewsets over ats.services and ats.selectors, scoped by the one permission layer."""
