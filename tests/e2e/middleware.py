"""Tags every response with the pid of the worker that made it (``X-Worker-Pid``).

Tests use it to prove that requests were answered by different gunicorn workers.
"""

import os

from asgiref.sync import iscoroutinefunction, markcoroutinefunction


def worker_pid(get_response):
    # The pid is read per request, so it stays right even if gunicorn forks after importing us.
    if iscoroutinefunction(get_response):

        async def middleware(request):
            response = await get_response(request)
            response["X-Worker-Pid"] = str(os.getpid())
            return response

        markcoroutinefunction(middleware)
    else:

        def middleware(request):
            response = get_response(request)
            response["X-Worker-Pid"] = str(os.getpid())
            return response

    return middleware


worker_pid.sync_capable = True
worker_pid.async_capable = True
