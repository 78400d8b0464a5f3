"""End-to-end tests: real gunicorn/uvicorn processes serving the small project in this package."""
