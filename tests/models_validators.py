"""Models for serializer and validator tests."""
