"""Models for exception-handler mapping tests."""
