"""Models used by the test suite. Each area keeps its models in its own module."""

from tests.models_auth import *  # noqa: F403
from tests.models_handlers import *  # noqa: F403
from tests.models_validators import *  # noqa: F403
