"""Names every tier shares (roles, claims, headers): framework-free, importable by all."""
