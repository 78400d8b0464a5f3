"""The project's own API errors. Declaring the class is enough: restframe renders it, and
``manage.py errorcatalog`` lists it."""

from restframe.exceptions import APIException


class ServiceUnavailable(APIException):
    status_code = 503
    default_detail = "Service temporarily unavailable, try again later."
    default_code = "service_unavailable"
