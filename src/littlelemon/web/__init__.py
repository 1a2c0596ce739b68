"""The server-side-rendered site: Django templates, no database, the API reached over HTTP."""
