"""Models used by the test suite. Each area keeps its models in its own module."""

from tests.models_auth import *  # noqa: F403
from tests.models_generics import *  # noqa: F403
from tests.models_handlers import *  # noqa: F403
from tests.models_model_serializer import *  # noqa: F403
from tests.models_pagination import *  # noqa: F403
from tests.models_relations import *  # noqa: F403
from tests.models_schemas import *  # noqa: F403
from tests.models_validators import *  # noqa: F403
from tests.models_viewsets import *  # noqa: F403
