"""Lambda entry points for the API: HTTP handler, management-command handler, DB credentials."""
