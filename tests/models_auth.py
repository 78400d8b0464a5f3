"""Models for authentication tests (token model)."""
