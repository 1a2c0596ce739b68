"""Reusable constructs: each models one piece of the system and takes keyword-only props."""
