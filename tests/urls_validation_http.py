"""Views that validate request bodies with serializers, for ``tests/test_validation_http.py``.

``build`` declares the same serializers and views against any DRF-compatible package, so the
sync views exist twice: under ``sync/`` with restframe and under ``drf/`` with Django REST
framework (when installed), and a test can compare their bytes. ``async/`` holds restframe's
``async def`` twins (DRF has no async views).
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any

from django.urls import path

from restframe import exceptions, renderers, response, serializers, views
from tests.models_handlers import Author

handler400 = "restframe.defaults.bad_request"

# Every exception the project handler saw, so a test can prove a 400 went through it.
HANDLED: list[Exception] = []


def recording_exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """An ``EXCEPTION_HANDLER`` that notes the exception and answers as the default one."""
    HANDLED.append(exc)
    return views.exception_handler(exc, context)


def build(serializers: ModuleType, views: ModuleType, response: ModuleType, renderers: ModuleType):
    """The serializers and sync views of these tests, written against one package."""
    ns = SimpleNamespace()

    class FieldsSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=5)
        age = serializers.IntegerField()
        email = serializers.EmailField()
        colour = serializers.ChoiceField(choices=["red", "green"])
        when = serializers.DateTimeField()

        def validate_name(self, value):
            if value == "root":
                raise serializers.ValidationError("This name is reserved.")
            return value

        def validate(self, attrs):
            if attrs["age"] < 18 and attrs["colour"] == "red":
                raise serializers.ValidationError("Red is for adults only.")
            return attrs

    class CustomerSerializer(serializers.Serializer):
        name = serializers.CharField()

    class ItemSerializer(serializers.Serializer):
        sku = serializers.CharField()
        email = serializers.EmailField()
        qty = serializers.IntegerField(min_value=1)

        def validate(self, attrs):
            if attrs["qty"] > 5:
                raise serializers.ValidationError("Not enough stock.", code="stock")
            return attrs

    class OrderSerializer(serializers.Serializer):
        customer = CustomerSerializer()
        items = ItemSerializer(many=True)
        tags = serializers.ListField(child=serializers.IntegerField(), required=False)
        limits = serializers.DictField(child=serializers.IntegerField(), required=False)

        def validate(self, attrs):
            if len(attrs["items"]) > 3:
                raise serializers.ValidationError("An order holds at most 3 items.")
            return attrs

    class TextSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=20)

    def items_allowing_empty(**kwargs):
        return ItemSerializer(many=True, **kwargs)

    def items_not_empty(**kwargs):
        return ItemSerializer(many=True, allow_empty=False, **kwargs)

    class Validate(views.APIView):
        """POST validates the body with ``serializer_factory`` and answers the valid data."""

        authentication_classes: list[Any] = []
        renderer_classes = [renderers.JSONRenderer]
        serializer_factory: Any = None

        def post(self, request):
            serializer = self.serializer_factory(data=request.data)
            serializer.is_valid(raise_exception=True)
            return response.Response(serializer.data)

    class RaiseString(views.APIView):
        authentication_classes: list[Any] = []
        renderer_classes = [renderers.JSONRenderer]

        def post(self, request):
            raise serializers.ValidationError("x")

    class ManualErrors(views.APIView):
        """The other documented style: answer ``serializer.errors`` yourself."""

        authentication_classes: list[Any] = []
        renderer_classes = [renderers.JSONRenderer]

        def post(self, request):
            serializer = FieldsSerializer(data=request.data)
            if not serializer.is_valid():
                return response.Response(serializer.errors, status=400)
            return response.Response(serializer.data)

    ns.FieldsSerializer = FieldsSerializer
    ns.OrderSerializer = OrderSerializer
    ns.ItemSerializer = ItemSerializer
    ns.TextSerializer = TextSerializer
    ns.Validate = Validate
    ns.factories = {
        "fields": FieldsSerializer,
        "order": OrderSerializer,
        "items": items_allowing_empty,
        "items-not-empty": items_not_empty,
        "text": TextSerializer,
    }
    ns.urlpatterns = [
        path(f"{name}/", Validate.as_view(serializer_factory=factory))
        for name, factory in ns.factories.items()
    ] + [
        path("raise-string/", RaiseString.as_view()),
        path("manual/", ManualErrors.as_view()),
    ]
    return ns


RF = build(serializers, views, response, renderers)


class AsyncValidate(RF.Validate):
    async def post(self, request):
        serializer = self.serializer_factory(data=request.data)
        serializer.is_valid(raise_exception=True)
        return response.Response(serializer.data)


class AsyncRaiseString(views.APIView):
    authentication_classes: list[Any] = []

    async def post(self, request):
        raise serializers.ValidationError("x")


class AtomicWrite(views.APIView):
    """Writes a row, then rejects the body: under ATOMIC_REQUESTS the write must not survive."""

    authentication_classes: list[Any] = []

    def post(self, request):
        Author.objects.create(name="written before validation")
        serializer = RF.TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return response.Response(serializer.data)


class RaiseValidationError(views.APIView):
    """Raises ``ValidationError(serializer.errors)`` so its ``get_codes()`` can be inspected."""

    authentication_classes: list[Any] = []
    caught: list[exceptions.ValidationError] = []

    def post(self, request):
        serializer = RF.OrderSerializer(data=request.data)
        if not serializer.is_valid():
            exc = exceptions.ValidationError(serializer.errors)
            self.caught.append(exc)
            raise exc
        return response.Response(serializer.data)


urlpatterns = [
    *[path(f"sync/{p.pattern}", p.callback) for p in RF.urlpatterns],
    *[
        path(f"async/{name}/", AsyncValidate.as_view(serializer_factory=factory))
        for name, factory in RF.factories.items()
    ],
    path("async/raise-string/", AsyncRaiseString.as_view()),
    path("sync/atomic/", AtomicWrite.as_view()),
    path("sync/codes/", RaiseValidationError.as_view()),
]

try:
    from rest_framework import renderers as drf_renderers
    from rest_framework import response as drf_response
    from rest_framework import serializers as drf_serializers
    from rest_framework import views as drf_views
except ImportError:  # DRF is only installed in the development environment
    DRF = None
else:
    DRF = build(drf_serializers, drf_views, drf_response, drf_renderers)
    urlpatterns += [path(f"drf/{p.pattern}", p.callback) for p in DRF.urlpatterns]
