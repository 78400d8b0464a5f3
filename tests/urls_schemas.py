"""A small API for the schema tests, built by one function for restframe and for real DRF.

``build_api(fw)`` takes a namespace of framework modules (``restframe.*`` or
``rest_framework.*``) so both frameworks describe the very same views.
"""

from types import SimpleNamespace
from typing import Any

from django.urls import include, path

from tests.models_schemas import SchemaItem


def build_api(fw: Any) -> list[Any]:
    """The URL patterns of the API, made of ``fw``'s classes."""

    class ItemSerializer(fw.serializers.ModelSerializer):
        class Meta:
            model = SchemaItem
            fields = "__all__"

    class ItemViewSet(fw.viewsets.ModelViewSet):
        """Items in stock."""

        queryset = SchemaItem.objects.all()
        serializer_class = ItemSerializer
        authentication_classes = [fw.authentication.BasicAuthentication]
        permission_classes = [fw.permissions.IsAuthenticatedOrReadOnly]

        @fw.decorators.action(detail=True, methods=["post"])
        def restock(self, request, pk=None):
            """Put the item back in stock."""
            return fw.response.Response({})

        @fw.decorators.action(detail=False)
        def cheap(self, request):
            return fw.response.Response([])

    class ItemPagination(fw.pagination.PageNumberPagination):
        page_size = 10

    class Burst(fw.throttling.AnonRateThrottle):
        rate = "10/min"

    class ItemList(fw.generics.ListCreateAPIView):
        """
        get: List the items.

        post: Add an item.
        """

        queryset = SchemaItem.objects.all()
        serializer_class = ItemSerializer
        pagination_class = ItemPagination
        filter_backends = [fw.filters.SearchFilter, fw.filters.OrderingFilter]
        search_fields = ["name"]
        ordering_fields = ["price", "name"]
        authentication_classes = [fw.authentication.SessionAuthentication]
        permission_classes = [fw.permissions.IsAuthenticated]
        throttle_classes = [Burst]

    class ItemDetail(fw.generics.RetrieveUpdateDestroyAPIView):
        queryset = SchemaItem.objects.all()
        serializer_class = ItemSerializer
        authentication_classes: list[Any] = []
        permission_classes = [fw.permissions.AllowAny]
        lookup_field = "name"

    class Ping(fw.views.APIView):
        """Is the service up?"""

        authentication_classes: list[Any] = []
        permission_classes = [fw.permissions.AllowAny]

        def get(self, request, *args, **kwargs):
            return fw.response.Response({"pong": True})

        def post(self, request, *args, **kwargs):
            return fw.response.Response({})

    router = fw.routers.DefaultRouter()
    router.register("items", ItemViewSet)
    return [
        path("api/", include(router.urls)),
        path("shop/items/", ItemList.as_view()),
        path("shop/items/<str:name>/", ItemDetail.as_view()),
        path("ping/", Ping.as_view()),
    ]


def build_misc_api(fw: Any) -> list[Any]:
    """Views exercising descriptions, customised inspectors, function views and many fields."""
    from django.contrib.auth.models import User
    from django.core.validators import (
        EmailValidator,
        MaxLengthValidator,
        MaxValueValidator,
        MinLengthValidator,
        MinValueValidator,
        RegexValidator,
    )

    s = fw.serializers

    class Sections(fw.views.APIView):
        """
        Top line.

        get: Getting.
        more get.
        put: Putting.
        """

        def get(self, request):
            return fw.response.Response()

        def put(self, request):
            return fw.response.Response()

        def delete(self, request):
            return fw.response.Response()

    class Custom(fw.views.APIView):
        schema = fw.schemas_openapi.AutoSchema(
            tags=["t1"], operation_id_base="Thing", component_name="Comp"
        )

        def get(self, request, x):
            return fw.response.Response()

    class MethodDoc(fw.views.APIView):
        def get(self, request):
            """Method doc."""
            return fw.response.Response()

    class Hidden(fw.views.APIView):
        schema = None

        def get(self, request):
            return fw.response.Response()

    @fw.decorators.api_view(["GET", "POST"])
    def function_view(request):
        """A function view."""
        return fw.response.Response()

    @fw.decorators.api_view(["GET"])
    @fw.decorators.schema(None)
    def hidden_function(request):
        return fw.response.Response()

    class Child(s.Serializer):
        x = s.IntegerField()

    class KitchenSinkSerializer(s.Serializer):
        char = s.CharField()
        char_opts = s.CharField(
            max_length=10,
            min_length=2,
            allow_blank=True,
            allow_null=True,
            help_text="Help",
            default="d",
        )
        ro = s.CharField(read_only=True)
        wo = s.CharField(write_only=True, required=False)
        int_mm = s.IntegerField(min_value=1, max_value=10)
        bigint = s.IntegerField(max_value=2**40)
        float = s.FloatField(min_value=0.5)
        dec = s.DecimalField(max_digits=5, decimal_places=2)
        dec2 = s.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, min_value=1)
        dec3 = s.DecimalField(max_digits=None, decimal_places=2)
        flag = s.BooleanField()
        nflag = s.BooleanField(allow_null=True)
        date = s.DateField()
        dt = s.DateTimeField()
        time = s.TimeField()
        dur = s.DurationField()
        email = s.EmailField()
        url = s.URLField()
        uuid = s.UUIDField()
        slug = s.SlugField()
        ip = s.IPAddressField()
        ipv4 = s.IPAddressField(protocol="ipv4")
        regex = s.RegexField(r"^a+$")
        choice = s.ChoiceField(choices=[("a", "A"), ("b", "B")])
        ichoice = s.ChoiceField(choices=[1, 2])
        mixchoice = s.ChoiceField(choices=[1, "a"])
        nullchoice = s.ChoiceField(choices=["a"], allow_null=True)
        mchoice = s.MultipleChoiceField(choices=["x", "y"])
        file = s.FileField()
        lst = s.ListField()
        lst_int = s.ListField(child=s.IntegerField(), min_length=1, max_length=3)
        dct = s.DictField()
        js = s.JSONField()
        child = Child()
        many = Child(many=True)
        pk = s.PrimaryKeyRelatedField(queryset=User.objects.all())
        pkm = s.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)
        slugrel = s.SlugRelatedField(slug_field="username", queryset=User.objects.all())
        strrel = s.StringRelatedField()
        smf = s.SerializerMethodField()
        hidden = s.HiddenField(default=1)
        regex_v = s.CharField(validators=[RegexValidator(r"^\d+$")])
        email_v = s.CharField(validators=[EmailValidator()])
        lengths_v = s.ListField(validators=[MaxLengthValidator(3), MinLengthValidator(1)])
        bounds_v = s.CharField(validators=[MinValueValidator(3), MaxValueValidator(7)])

        def get_smf(self, obj):
            return None

    class KitchenSink(fw.generics.CreateAPIView):
        serializer_class = KitchenSinkSerializer

    return [
        path("a/", Sections.as_view()),
        path("c/<int:x>/", Custom.as_view()),
        path("d/", MethodDoc.as_view()),
        path("hidden/", Hidden.as_view()),
        path("f/", function_view),
        path("hf/", hidden_function),
        path("sink/", KitchenSink.as_view()),
    ]


def framework(package: str) -> SimpleNamespace:
    """The modules ``build_api`` needs, from ``package`` (``restframe`` or ``rest_framework``)."""
    from importlib import import_module

    names = (
        "authentication decorators filters generics pagination permissions response routers "
        "serializers throttling views viewsets"
    ).split()
    modules = {name: import_module(f"{package}.{name}") for name in names}
    modules["schemas_openapi"] = import_module(f"{package}.schemas.openapi")
    return SimpleNamespace(**modules)


urlpatterns = build_api(framework("restframe"))


def _schema_views() -> list[Any]:
    from restframe import generics, permissions
    from restframe.schemas import get_schema_view

    class Broken(generics.ListAPIView):
        """Raises while it is described: no serializer class."""

        queryset = SchemaItem.objects.all()

        def get_serializer_class(self):
            raise RuntimeError("no serializer here")

    broken = [*urlpatterns, path("broken/", Broken.as_view())]
    return [
        path("schema/", get_schema_view(title="Shop", version="1.0", public=True)),
        path(
            "schema/private/",
            get_schema_view(title="Shop", permission_classes=[permissions.AllowAny]),
        ),
        path("schema/broken/", get_schema_view(title="Shop", public=True, patterns=broken)),
        path(
            "schema/locked/",
            get_schema_view(title="Shop", permission_classes=[permissions.IsAuthenticated]),
        ),
    ]


urlpatterns += _schema_views()


def tagged_schema_class() -> Any:
    from restframe.schemas.openapi import AutoSchema

    class TaggedSchema(AutoSchema):
        """Every operation under one tag, without error responses (a DRF-style subclass)."""

        error_responses = False

        def get_tags(self, path, method):
            return ["everything"]

    return TaggedSchema


TaggedSchema = tagged_schema_class()
