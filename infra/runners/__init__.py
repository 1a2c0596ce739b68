"""Lambda handlers of deploy-time custom resources (each its own small asset, no bundle)."""
