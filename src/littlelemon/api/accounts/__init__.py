"""Accounts: users (djoser), JWTs (simplejwt, RS256) and the manager / delivery-crew groups."""
