"""HTTP API route table and the local API Gateway (HTTP API, payload 2.0) emulator."""
