"""Open data (Ley 20.285, issue 18 point 12): a read-only JSON API, versioned under /api/v1/.

What it serves is exactly what the public pages show: published versions of the active catalogue
(never a version in preparation or review), the Ley 20.730 registers as published (through
`protocol.public`), and the access requests' statistics and answers without the requester's identity.
Anyone may read it from any origin (CORS for GET, `settings.CORS_*`); nothing is written through it.
The OpenAPI description is generated from these serializers by drf-spectacular (/api/v1/esquema/).
"""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable, NotFound, Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

from gabinete.proxies import client_ip

from . import access_requests
from .models import AccessRequest, Item, Publication, Section

INSTITUTION = "Municipalidad de Antofagasta"


class Pagination(PageNumberPagination):
    """`?pagina=2&por_pagina=100` (at most 500 rows a page)."""

    page_size = 50
    page_query_param = "pagina"
    page_size_query_param = "por_pagina"
    max_page_size = 500
    invalid_page_message = _("Esa página no existe: la lista tiene menos páginas.")


class PerAddress(SimpleRateThrottle):
    """At most settings.API_RATE answers a minute to one address (the client's, behind the trusted
    proxies of gabinete.proxies: never a spoofable X-Forwarded-For), counted in the shared cache."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class OpenData:
    """A public, read-only endpoint: no login, no session, cacheable by anyone for a minute."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [PerAddress]
    pagination_class = Pagination

    def get_exception_handler(self):
        return spanish_errors

    def paginated(self, rows, serializer_class, each=None) -> Response:
        """One page of `rows` (a list or a queryset), serialized, with the count and the neighbours'
        links; `each` turns a row of the page into what is serialized (only the page's rows)."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, self.request, view=self)
        if each is not None:
            page = [each(row) for row in page]
        return paginator.get_paginated_response(serializer_class(page, many=True).data)

    def throttled(self, request, wait):
        raise Throttled(
            wait, detail=gettext("Demasiadas consultas desde su dirección: espere un minuto y vuelva a intentar.")
        )

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))  # type: ignore[misc]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200:
            response["Cache-Control"] = "public, max-age=60"
        return response


def spanish_errors(exc, context):
    """REST framework's answer to an error, with the message in Spanish (its own catalogue is not
    installed, see settings.INSTALLED_APPS)."""
    if isinstance(exc, Http404):
        exc = NotFound(gettext("No existe: revise la dirección y sus parámetros."))
    elif isinstance(exc, MethodNotAllowed):
        exc = MethodNotAllowed(context["request"].method, gettext("La API es de solo lectura: acepta solo GET."))
    elif isinstance(exc, NotAcceptable):
        exc = NotAcceptable(gettext("La API responde solo en JSON."))
    return exception_handler(exc, context)


def _slug(value: str | None, name: str) -> str | None:
    if value in (None, ""):
        return None
    if not re.fullmatch(r"[-a-z0-9_]{1,80}", value):
        raise ValidationError({name: [_("Use solo minúsculas, números y guiones, como en la dirección de la página.")]})
    return value


def _boolean(value: str | None, name: str) -> bool:
    if value in (None, "", "false", "0", "no"):
        return False
    if value in ("true", "1", "si", "sí"):
        return True
    raise ValidationError({name: [_("Indique true o false.")]})


def _year(value: str | None, name: str = "anio") -> int | None:
    """A year filter: empty is none; anything else must be a year (a clear message in Spanish)."""
    if value in (None, ""):
        return None
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise ValidationError({name: [_("Indique un año de cuatro cifras, por ejemplo 2026.")]})
    return int(value)


def _month(value: str | None, year: int | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit() or not 1 <= int(value) <= 12:
        raise ValidationError({"mes": [_("Indique un mes entre 1 y 12.")]})
    if year is None:
        raise ValidationError({"mes": [_("El mes se filtra junto con el año (anio).")]})
    return int(value)


YEAR = OpenApiParameter("anio", int, description="Año (por ejemplo 2026).")
MONTH = OpenApiParameter("mes", int, description="Mes, 1 a 12 (junto con anio).")
PUBLICATION_ID = OpenApiParameter("id", int, "path", description="El campo «id» de una versión publicada.")


# --- The active catalogue (art. 7) -----------------------------------------------------------------


class ColumnSerializer(serializers.Serializer):
    clave = serializers.CharField(source="key", help_text="La clave de la columna en cada fila.")
    etiqueta = serializers.CharField(source="label")
    tipo = serializers.CharField(source="kind", help_text="texto, entero, decimal, fecha, rut, …")


class SectionSerializer(serializers.ModelSerializer):
    contenido = serializers.CharField(source="content_kind", help_text="tabla, documentos o enlaces.")
    nombre = serializers.CharField(source="name")
    descripcion = serializers.CharField(source="description")
    enlace = serializers.CharField(
        source="link_url",
        allow_blank=True,
        help_text="Para las sub-secciones que enlazan a otro registro (lobby, probidad).",
    )
    columnas = ColumnSerializer(source="columns", many=True, help_text="Las columnas de la tabla, en orden.")
    ultima_publicacion = serializers.DateTimeField(source="last_published_at", allow_null=True)

    class Meta:
        model = Section
        fields = ["slug", "nombre", "descripcion", "contenido", "enlace", "columnas", "ultima_publicacion"]


class ItemSerializer(serializers.ModelSerializer):
    letra = serializers.CharField(
        source="letter", help_text="Identificador del ítem (la letra del art. 7 o un nombre corto)."
    )
    nombre = serializers.CharField(source="name")
    norma = serializers.CharField(source="legal_reference", help_text="La norma que lo exige.")
    texto_legal = serializers.CharField(source="legal_text", help_text="Lo que la ley pide publicar en el ítem.")
    direccion = serializers.CharField(source="directorate.name", allow_null=True, default=None)
    ultima_publicacion = serializers.DateTimeField(source="last_published_at", allow_null=True)
    pagina = serializers.SerializerMethodField(help_text="La página pública del ítem.")
    secciones = SectionSerializer(
        source="active_sections", many=True, help_text="Sus sub-secciones vigentes, en orden."
    )

    class Meta:
        model = Item
        fields = ["letra", "nombre", "norma", "texto_legal", "direccion", "ultima_publicacion", "pagina", "secciones"]

    def get_pagina(self, item: Item) -> str:
        return self.context["request"].build_absolute_uri(item.get_public_url())


@extend_schema_view(
    list=extend_schema(summary="El catálogo de transparencia activa (art. 7), en su orden legal"),
    retrieve=extend_schema(
        summary="Un ítem del catálogo con sus sub-secciones y columnas",
        parameters=[OpenApiParameter("letra", str, "path", description="El campo «letra» del ítem (por ejemplo «d»).")],
    ),
)
class ItemViewSet(OpenData, viewsets.ReadOnlyModelViewSet):
    serializer_class = ItemSerializer
    lookup_field = "letter"
    lookup_url_kwarg = "letra"

    def get_queryset(self):
        active = Section.objects.filter(is_active=True).order_by("order", "name").prefetch_related("columns")
        return (
            Item.objects.in_legal_order()
            .select_related("directorate")
            .prefetch_related(Prefetch("sections", queryset=active, to_attr="active_sections"))
        )


class DocumentSerializer(serializers.Serializer):
    titulo = serializers.CharField(source="title")
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(reverse("transparency_public:document", args=[document.pk]))


class LinkSerializer(serializers.Serializer):
    titulo = serializers.CharField(source="title", default="")
    url = serializers.CharField(default="")


class PublicationSerializer(serializers.ModelSerializer):
    """One published version («versión»): a correction names the version it corrects and why."""

    item = serializers.CharField(source="item.letter")
    seccion = serializers.CharField(source="section.slug")
    seccion_nombre = serializers.CharField(source="section.name")
    direccion = serializers.CharField(source="directorate.name")
    mes_actualizacion = serializers.SerializerMethodField(
        help_text="AAAA-MM: el mes en que se actualizó (el plazo se cuenta desde él)."
    )
    informacion_al = serializers.DateField(
        source="reported_through", help_text="La fecha a la que corresponde la información."
    )
    periodo_descripcion = serializers.CharField(
        source="period_label", help_text="Las dos fechas en palabras, como en la página."
    )
    version = serializers.IntegerField(source="number", help_text="1 la primera; una corrección es la siguiente.")
    corrige_version = serializers.IntegerField(
        source="corrects.number",
        allow_null=True,
        default=None,
        help_text="La versión que esta corrige (null si no corrige ninguna).",
    )
    motivo_correccion = serializers.CharField(
        source="correction_reason", help_text="Por qué se corrigió (vacío si no es una corrección)."
    )
    publicado = serializers.DateTimeField(source="published_at", help_text="Cuándo se publicó esta versión.")
    contenido = serializers.CharField(source="kind", help_text="tabla, documentos, enlaces o sin_movimiento.")
    nota = serializers.CharField(source="summary")
    documentos = DocumentSerializer(source="documents", many=True, help_text="Los PDF publicados.")
    enlaces = LinkSerializer(source="links", many=True)
    pagina = serializers.SerializerMethodField(help_text="La página pública del mes.")
    detalle = serializers.SerializerMethodField(help_text="Esta versión en la API, con su tabla.")

    class Meta:
        model = Publication
        fields = [
            "id",
            "item",
            "seccion",
            "seccion_nombre",
            "direccion",
            "mes_actualizacion",
            "informacion_al",
            "periodo_descripcion",
            "version",
            "corrige_version",
            "motivo_correccion",
            "publicado",
            "contenido",
            "nota",
            "documentos",
            "enlaces",
            "pagina",
            "detalle",
        ]

    def get_mes_actualizacion(self, publication: Publication) -> str:
        return f"{publication.period:%Y-%m}"

    def get_pagina(self, publication: Publication) -> str:
        return self.context["request"].build_absolute_uri(publication.get_public_url())

    def get_detalle(self, publication: Publication) -> str:
        return reverse("api:publication-detail", args=[publication.pk], request=self.context["request"])


class TableSerializer(serializers.Serializer):
    columnas = ColumnSerializer(many=True)
    filas = serializers.ListField(
        child=serializers.DictField(), help_text="Una fila por objeto, con las claves de las columnas."
    )


class PublicationDetailSerializer(PublicationSerializer):
    tabla = serializers.SerializerMethodField()

    class Meta(PublicationSerializer.Meta):
        fields = [*PublicationSerializer.Meta.fields, "tabla"]

    @extend_schema_field(TableSerializer(allow_null=True))
    def get_tabla(self, publication: Publication) -> dict | None:
        if not publication.is_table:
            return None
        return TableSerializer({"columnas": publication.table_columns, "filas": publication.table_records}).data


class PublicationFilters(serializers.Serializer):
    """The list's filters, for the OpenAPI description (read by `PublicationViewSet.get_queryset`)."""

    item = serializers.SlugField(required=False, help_text="Letra del ítem (por ejemplo «d»).")
    seccion = serializers.SlugField(required=False, help_text="Identificador de la sub-sección.")
    vigentes = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Solo la versión vigente de cada sub-sección y mes (sin las corregidas).",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Las versiones publicadas, la más reciente primero",
        parameters=[PublicationFilters, YEAR, MONTH],
    ),
    retrieve=extend_schema(summary="Una versión publicada, con su tabla cuando la tiene", parameters=[PUBLICATION_ID]),
)
class PublicationViewSet(OpenData, viewsets.ReadOnlyModelViewSet):
    def get_serializer_class(self):
        return PublicationDetailSerializer if self.action == "retrieve" else PublicationSerializer

    @staticmethod
    def published_versions(*, with_tables: bool):
        found = Publication.objects.published().select_related("item", "section", "directorate", "corrects")
        found = found.prefetch_related("documents")
        return found if with_tables else found.defer("table_rows", "table_columns", "search_text")

    def get_queryset(self):
        found = self.published_versions(with_tables=self.action != "list").order_by(
            "-period", "item__order", "section__order", "section__name", "-number"
        )
        if self.action == "list":
            params = self.request.query_params
            if item := _slug(params.get("item"), "item"):
                found = found.filter(item__letter=item)
            if section := _slug(params.get("seccion"), "seccion"):
                found = found.filter(section__slug=section)
            if _boolean(params.get("vigentes"), "vigentes"):
                found = found.filter(~Q(corrections__status="publicada")).distinct()
            year = _year(params.get("anio"))
            month = _month(params.get("mes"), year)
            if year:
                found = found.filter(period__year=year)
            if month:
                found = found.filter(period__month=month)
        return found

    @extend_schema(
        summary="Todas las versiones publicadas de la misma sub-sección y mes",
        parameters=[PUBLICATION_ID],
        responses=PublicationSerializer(many=True),
    )
    @action(detail=True, url_path="versiones", pagination_class=None)
    def versions(self, request, pk=None):
        publication = self.get_object()
        versions = (
            self.published_versions(with_tables=False)
            .filter(section_id=publication.section_id, period=publication.period)
            .order_by("-number")
        )
        return Response(PublicationSerializer(versions, many=True, context=self.get_serializer_context()).data)


# --- The Ley 20.730 registers (from the protocol app) ----------------------------------------------


class PassiveSubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nombre = serializers.CharField(source="name")
    cargo = serializers.CharField(source="office")
    desde = serializers.DateField(source="period_start")
    hasta = serializers.DateField(source="period_end", allow_null=True)
    en_ejercicio = serializers.BooleanField(source="in_office")
    decreto = serializers.CharField(source="decree")


class LobbyRowSerializer(serializers.Serializer):
    """What every published record carries, as the register's JSON download names it."""

    id = serializers.IntegerField(help_text="Identificador del registro (su historial: /transparencia-activa/lobby/…).")
    version = serializers.IntegerField(help_text="Versión publicada (una corrección es la siguiente).")
    subject_id = serializers.IntegerField(help_text="El sujeto pasivo (ver /lobby/sujetos-pasivos/).")
    passive_subject = serializers.CharField(help_text="Sujeto pasivo.")
    passive_subject_office = serializers.CharField(help_text="Su cargo.")
    published_on = serializers.DateField(help_text="Publicado el.")
    corrected_on = serializers.DateField(allow_null=True, help_text="Corregido el (null si es la primera versión).")
    reason = serializers.CharField(allow_blank=True, help_text="Motivo de la corrección.")


class AttendeeSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Nombre.")
    represents = serializers.CharField(allow_blank=True, help_text="A quién representa.")
    role = serializers.CharField(help_text="Calidad (lobbista, gestor/a de intereses, …).")


class AudienceSerializer(LobbyRowSerializer):
    date = serializers.DateField(help_text="Fecha.")
    time = serializers.CharField(allow_blank=True, help_text="Hora (HH:MM).")
    place = serializers.CharField(allow_blank=True, help_text="Lugar.")
    modality = serializers.CharField(allow_blank=True, help_text="Modalidad (presencial, videoconferencia).")
    on_behalf_of = serializers.CharField(allow_blank=True, help_text="A nombre de quién se gestionan intereses.")
    subject = serializers.CharField(help_text="Materia tratada.")
    attendees = AttendeeSerializer(many=True, help_text="Asistentes: nombre, a quién representa y su calidad.")


class TripSerializer(LobbyRowSerializer):
    date_start = serializers.DateField(help_text="Fecha de inicio.")
    date_end = serializers.DateField(help_text="Fecha de término.")
    destination = serializers.CharField(help_text="Destino.")
    purpose = serializers.CharField(help_text="Objeto del viaje.")
    cost = serializers.IntegerField(allow_null=True, help_text="Costo total en pesos chilenos.")
    paid_by = serializers.CharField(allow_blank=True, help_text="Financiado por.")


class GiftSerializer(LobbyRowSerializer):
    date = serializers.DateField(help_text="Fecha.")
    description = serializers.CharField(help_text="El donativo.")
    kind = serializers.CharField(help_text="Tipo de donativo.")
    giver = serializers.CharField(help_text="Entregado por.")
    occasion = serializers.CharField(allow_blank=True, help_text="Ocasión.")


SUBJECT = OpenApiParameter("sujeto_pasivo", int, description="Id del sujeto pasivo (ver /lobby/sujetos-pasivos/).")


class LobbyRegisterView(OpenData, viewsets.ViewSet):
    """One register, newest first: the current published version of each record."""

    register = ""

    def list(self, request):
        from protocol.public import lobby_register

        year = _year(request.query_params.get("anio"))
        month = _month(request.query_params.get("mes"), year)
        subject = request.query_params.get("sujeto_pasivo") or None
        if subject is not None and not subject.isdigit():
            raise ValidationError({"sujeto_pasivo": [_("Indique el número (id) de un sujeto pasivo.")]})
        rows = lobby_register(year=year, month=month, subject_id=int(subject) if subject else None, only=self.register)
        return self.paginated(rows[self.register], self.serializer_class)


def _register_view(register: str, serializer, summary: str):
    view = type(
        f"Lobby{register.title()}View",
        (LobbyRegisterView,),
        {"register": register, "serializer_class": serializer},
    )
    return extend_schema_view(list=extend_schema(summary=summary, parameters=[YEAR, MONTH, SUBJECT]))(view)


AudienceView = _register_view("audiences", AudienceSerializer, "Registro de audiencias (Ley 20.730)")
TripView = _register_view("trips", TripSerializer, "Registro de viajes (Ley 20.730)")
GiftView = _register_view("gifts", GiftSerializer, "Registro de donativos (Ley 20.730)")


@extend_schema_view(list=extend_schema(summary="Los sujetos pasivos de la Municipalidad (Ley 20.730 art. 4)"))
class PassiveSubjectView(OpenData, viewsets.ViewSet):
    serializer_class = PassiveSubjectSerializer

    def list(self, request):
        from protocol.public import passive_subjects

        return self.paginated(passive_subjects(), PassiveSubjectSerializer)


# --- Access requests (Título IV) -------------------------------------------------------------------


class OutcomeCount(serializers.Serializer):
    respuesta = serializers.CharField()
    cantidad = serializers.IntegerField()


class DirectorateStats(serializers.Serializer):
    direccion = serializers.CharField()
    respondidas = serializers.IntegerField()
    promedio_dias_habiles = serializers.FloatField(allow_null=True)


class YearStatsSerializer(serializers.Serializer):
    anio = serializers.IntegerField(source="year")
    recibidas = serializers.IntegerField(source="received", help_text="Solicitudes recibidas en el año.")
    respondidas = serializers.IntegerField(source="answered", help_text="Respondidas (entregadas, denegadas, …).")
    en_tramite = serializers.IntegerField(source="in_progress", help_text="Aún en trámite.")
    derivadas = serializers.IntegerField(source="referred", help_text="Derivadas a otro organismo (art. 13).")
    desistidas = serializers.IntegerField(source="withdrawn", help_text="Desistidas o no subsanadas.")
    promedio_dias_habiles = serializers.FloatField(
        source="average_days", allow_null=True, help_text="Promedio de días hábiles hasta la respuesta."
    )
    por_respuesta = serializers.SerializerMethodField()
    por_direccion = serializers.SerializerMethodField()

    @extend_schema_field(OutcomeCount(many=True))
    def get_por_respuesta(self, stats) -> list[dict]:
        return [{"respuesta": label, "cantidad": n} for label, n in stats.by_outcome]

    @extend_schema_field(DirectorateStats(many=True))
    def get_por_direccion(self, stats) -> list[dict]:
        return [
            {"direccion": name, "respondidas": n, "promedio_dias_habiles": days}
            for name, n, days in stats.by_directorate
        ]


@extend_schema_view(
    list=extend_schema(summary="Las estadísticas de cada año con solicitudes, el más reciente primero"),
    retrieve=extend_schema(
        summary="Las estadísticas de un año",
        parameters=[OpenApiParameter("anio", int, "path", description="Año de cuatro cifras.")],
    ),
)
class AccessStatsView(OpenData, viewsets.ViewSet):
    serializer_class = YearStatsSerializer
    lookup_field = "anio"
    lookup_value_regex = r"\d{4}"

    def list(self, request):
        years = list(AccessRequest.objects.values_list("year", flat=True).distinct().order_by("-year"))
        return self.paginated(years, YearStatsSerializer, each=access_requests.yearly_stats)

    def retrieve(self, request, anio: str):
        year = _year(anio)
        if year is None or not AccessRequest.objects.filter(year=year).exists():
            raise Http404
        return Response(YearStatsSerializer(access_requests.yearly_stats(year)).data)


class LocalDateField(serializers.DateField):
    """A moment shown as the day it was in Santiago (AAAA-MM-DD)."""

    def to_representation(self, value):
        return super().to_representation(timezone.localdate(value))


class AnsweredSerializer(serializers.ModelSerializer):
    """An answered request as the municipality publishes it: never who asked."""

    numero = serializers.CharField(source="number", help_text="Número de la solicitud (AI-AAAA-NNNN).")
    anio = serializers.IntegerField(source="year")
    recibida = LocalDateField(source="received_at")
    respondida = LocalDateField(source="answered_at")
    dias_habiles = serializers.SerializerMethodField(
        help_text="Días hábiles desde el inicio del plazo hasta la respuesta."
    )
    informacion_solicitada = serializers.CharField(source="information")
    respuesta = serializers.CharField(source="get_outcome_display")
    causal = serializers.CharField(
        source="ground.reference",
        allow_null=True,
        default=None,
        help_text="La causal de denegación (art. 21), si se denegó.",
    )
    enlace = serializers.CharField(
        source="public_link", allow_blank=True, help_text="Dónde está publicada, si la información ya era pública."
    )
    direccion = serializers.CharField(source="directorate.name", allow_null=True, default=None)

    class Meta:
        model = AccessRequest
        fields = [
            "numero",
            "anio",
            "recibida",
            "respondida",
            "dias_habiles",
            "informacion_solicitada",
            "respuesta",
            "causal",
            "enlace",
            "direccion",
        ]

    def get_dias_habiles(self, request) -> int | None:
        return access_requests.business_days_to_answer(request)


@extend_schema_view(
    list=extend_schema(summary="Las solicitudes respondidas, sin datos del solicitante", parameters=[YEAR])
)
class AnsweredView(OpenData, viewsets.GenericViewSet, mixins.ListModelMixin):
    serializer_class = AnsweredSerializer

    def get_queryset(self):
        return access_requests.public_answered(_year(self.request.query_params.get("anio")))


class ReservedSerializer(serializers.ModelSerializer):
    solicitud = serializers.CharField(source="number")
    acto = serializers.CharField(source="reserved_act")
    causal = serializers.CharField(source="ground.reference", allow_null=True, default=None)
    declarado = LocalDateField(source="answered_at")
    direccion = serializers.CharField(source="directorate.name", allow_null=True, default=None)

    class Meta:
        model = AccessRequest
        fields = ["solicitud", "acto", "causal", "declarado", "direccion"]


@extend_schema_view(
    list=extend_schema(summary="Índice de actos y documentos declarados secretos o reservados (art. 23)")
)
class ReservedView(OpenData, viewsets.GenericViewSet, mixins.ListModelMixin):
    serializer_class = ReservedSerializer

    def get_queryset(self):
        return access_requests.reserved_index()


# --- The documentation page ------------------------------------------------------------------------


@cache
def openapi_document() -> dict:
    """The API's OpenAPI description, generated once per process from the serializers above."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _type(document: dict, schema: dict) -> str:
    schema = _resolve(document, schema)
    if schema.get("type") == "array":
        return f"lista de {_type(document, schema.get('items', {}))}"
    if "properties" in schema:
        return "objeto"
    kind = {"integer": "entero", "number": "número", "boolean": "sí/no", "string": "texto"}.get(
        schema.get("type", ""), "valor"
    )
    if schema.get("format") in ("date", "date-time"):
        kind = {"date": "fecha (AAAA-MM-DD)", "date-time": "fecha y hora (ISO 8601)"}[schema["format"]]
    return f"{kind} o null" if schema.get("nullable") else kind


def endpoints() -> list[dict]:
    """Each endpoint for the documentation page: its path, what it answers, its parameters and the
    fields of one answer (of one row, in a paginated list)."""
    document = openapi_document()
    found = []
    for path, operations in document["paths"].items():
        operation = operations["get"]
        answer = _resolve(document, operation["responses"]["200"]["content"]["application/json"]["schema"])
        paginated = "results" in answer.get("properties", {})
        row = _resolve(document, answer["properties"]["results"]["items"]) if paginated else answer
        if row.get("type") == "array":
            row = _resolve(document, row["items"])
        found.append(
            {
                "path": path,
                "summary": operation.get("summary", ""),
                "paginated": paginated,
                "parameters": [
                    {
                        "name": p["name"],
                        "where": "ruta" if p["in"] == "path" else "consulta",
                        "type": _type(document, p.get("schema", {})),
                        "description": p.get("description", ""),
                    }
                    for p in operation.get("parameters", [])
                    if p["name"] not in ("pagina", "por_pagina")
                ],
                "fields": [
                    {"name": name, "type": _type(document, field), "description": field.get("description", "")}
                    for name, field in row.get("properties", {}).items()
                ],
            }
        )
    return found


@login_not_required
@require_safe
@cache_control(public=True, max_age=300)
def documentation(request):
    return render(
        request,
        "transparency/public/api_docs.html",
        {"endpoints": endpoints(), "base": request.build_absolute_uri("/api/v1/")},
    )
