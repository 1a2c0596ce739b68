"""MySQL (RDS, RDS Proxy) with per-connection credentials from IAM auth or a secret."""
