"""Django database backends for Lambda: credentials from IAM auth or Secrets Manager."""
