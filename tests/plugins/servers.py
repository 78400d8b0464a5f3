"""Fixtures: real gunicorn (WSGI) and uvicorn (ASGI) processes on 127.0.0.1."""
