"""URLconf whose ``handler404`` is broken: Django falls back to ``handler500`` without a
traceback on its record (``tests/test_reporting_faults.py``)."""

from tests.test_reporting_faults import urlpatterns  # noqa: F401

handler404 = "tests.test_reporting_faults.broken_404"
handler500 = "restframe.defaults.server_error"
