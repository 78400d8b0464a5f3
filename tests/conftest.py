"""Shared pytest configuration. Area-specific fixtures live in tests/plugins/."""

pytest_plugins = [
    "tests.plugins.redis_server",
    "tests.plugins.servers",
]
