from restframe import exceptions, status
from restframe.settings import api_settings


def test_defaults_are_drf_defaults():
    assert api_settings.NON_FIELD_ERRORS_KEY == "non_field_errors"
    assert exceptions.NotFound().status_code == status.HTTP_404_NOT_FOUND
