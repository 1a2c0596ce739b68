"""Cross-cutting pieces of the API: errors, pagination, permissions, throttling, health, JWKS."""
