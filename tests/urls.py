"""Default URLconf of the test project; most tests set their own with ``@pytest.mark.urls``."""

urlpatterns: list = []
