"""Access rules of the Django admin: only superusers get in; everybody else goes to the admin login.

Every admin URL (also those of models the apps register later) is covered by `rule_for`, which builds
kwargs from the registered model: the first row of the model (or 0 when there is none: the admin then
answers with a redirect or a 404). Only three actors are tried (anonymous, a Gabinete member,
a superuser): the admin's check (`is_staff`) does not depend on our roles. `OVERRIDES` hold
the admin views that answer otherwise (e.g. refuse even superusers: no add/delete permission).
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from tests.security.access import (
    ALL_ACTORS,
    ANONYMOUS,
    GABINETE,
    NOBODY,
    SUPERUSER,
    PatternInfo,
    Rule,
    fill_route,
)

ADMIN_ACTORS = frozenset({ANONYMOUS, GABINETE, SUPERUSER})
ONLY_SUPERUSER = frozenset({SUPERUSER})


def _admin_rule(name: str, get=ONLY_SUPERUSER, **extra) -> Rule:
    return Rule(name, get=get, deny="login", actors=ADMIN_ACTORS, fuzz=False, **extra)


#: Admin views whose answer differs from "superusers only" (keyed by URL name).
OVERRIDES = {
    "admin:login": {"get": ALL_ACTORS, "post": ALL_ACTORS},
    "admin:logout": {"get": None, "post": ONLY_SUPERUSER},
    # Needs term/app_label/model_name/field_name: without them even superusers get 403.
    "admin:autocomplete": {"get": NOBODY, "post": None},
    # The admin's catch-all: an unknown admin address is a 404 for superusers.
    "route:admin/(?P<url>.*)$": {"allow_404": True},
    # Directorates are never deleted (they are referenced everywhere): refused even to superusers.
    "admin:gabinete_directorate_delete": {"get": NOBODY, "post": NOBODY},
    # The office keeps matters, assignments, manuals and descriptors with their versions: no deletion.
    **{
        f"admin:office_{model}_delete": {"get": NOBODY, "post": NOBODY}
        for model in (
            "assignment",
            "jobdescriptor",
            "jobdescriptorversion",
            "manualversion",
            "matter",
            "matterattachment",
            "proceduremanual",
        )
    },
    # Measurements change only through the validation workflow (services), never in the admin.
    "admin:indicators_measurement_add": {"get": NOBODY, "post": NOBODY},
    "admin:indicators_measurement_change": {"post": NOBODY},
    "admin:indicators_measurement_delete": {"get": NOBODY, "post": NOBODY},
    # Transparency never rewrites the past: publications are read-only, the catalogue is not deleted.
    "admin:transparency_item_delete": {"get": NOBODY, "post": NOBODY},
    "admin:transparency_section_delete": {"get": NOBODY, "post": NOBODY},
    "admin:transparency_publication_add": {"get": NOBODY, "post": NOBODY},
    "admin:transparency_publication_change": {"post": NOBODY},
    "admin:transparency_publication_delete": {"get": NOBODY, "post": NOBODY},
    # The access terms are one row, and a denial ground cited by an answer stays: neither is deleted.
    "admin:transparency_accessrules_delete": {"get": NOBODY, "post": NOBODY},
    "admin:transparency_denialground_delete": {"get": NOBODY, "post": NOBODY},
    # A data subject's request moves through its services only (the admin reads it; the retention job
    # erases it when its term passed).
    "admin:dataprotection_datasubjectrequest_add": {"get": NOBODY, "post": NOBODY},
    "admin:dataprotection_datasubjectrequest_delete": {"get": NOBODY, "post": NOBODY},
    # Directory accounts are made by signing in with the directory, never by hand.
    "admin:gabinete_directoryaccount_add": {"get": NOBODY, "post": NOBODY},
    # django-axes keeps its records read-only.
    "admin:axes_accessattempt_add": {"get": NOBODY, "post": NOBODY},
    "admin:axes_accesslog_add": {"get": NOBODY, "post": NOBODY},
    "admin:axes_accessfailurelog_add": {"get": NOBODY, "post": NOBODY},
    # The outbox and the periodic scheduler's slots are records of what the queue did: read-only
    # (an e-mail is retried with the admin action, not edited).
    "admin:gabinete_outgoingemail_add": {"get": NOBODY, "post": NOBODY},
    "admin:gabinete_outgoingemail_change": {"post": NOBODY},
    "admin:gabinete_periodicrun_add": {"get": NOBODY, "post": NOBODY},
    "admin:gabinete_periodicrun_change": {"post": NOBODY},
    # django-tasks-db shows the queue's task results read-only (the job's own page is «Mis documentos»).
    "admin:django_tasks_database_dbtaskresult_add": {"get": NOBODY, "post": NOBODY},
    "admin:django_tasks_database_dbtaskresult_change": {"post": NOBODY},
    "admin:django_tasks_database_dbtaskresult_delete": {"get": NOBODY, "post": NOBODY},
}


def setup(world):
    """Objects of every app, so that the admin's change/history pages have a row to show."""
    from gabinete.models import ExtraHoliday
    from tests.security.access import rule_modules

    ExtraHoliday.objects.create(date="2030-01-02", name="Feriado de prueba")
    for module in rule_modules():
        if module.name != __name__:
            world.prepare(module)


def _models_by_prefix() -> dict[str, type]:
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def _first_pk(model) -> str:
    row = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return str(row) if row is not None else "0"


def _first_history_pk(model) -> str:
    history = getattr(model, "history", None)
    if history is None:
        return "0"
    row = history.order_by("pk").values_list("pk", flat=True).first()
    return str(row) if row is not None else "0"


def _values(info: PatternInfo, world) -> dict[str, str]:
    model = None
    route = info.route
    for prefix, candidate in _models_by_prefix().items():
        label, name = candidate._meta.app_label, candidate._meta.model_name
        if (info.name or "").startswith(f"admin:{prefix}_") or route.startswith(f"admin/{label}/{name}/"):
            model = candidate
            break
    values: dict[str, str] = {"url": "no-existe/", "app_label": "gabinete"}
    if "content_type_id" in info.converters:
        values["content_type_id"] = str(ContentType.objects.get_for_model(world.own).pk)
        values["object_id"] = str(world.own.pk)
    elif model is not None:
        values["object_id"] = values["id"] = values["pk"] = _first_pk(model)
        values["history_id"] = _first_history_pk(model)
    return {k: v for k, v in values.items() if k in info.converters}


def rule_for(info: PatternInfo) -> Rule | None:
    if not (info.key.startswith("admin:") or info.route.startswith("admin/")):
        return None
    about_an_object = bool({"object_id", "id", "pk"} & set(info.converters))
    return _admin_rule(
        info.key,
        path=lambda world: fill_route(info.route, _values(info, world)),
        # A model without rows (or without a public page, for view_on_site) gives superusers a 404.
        **{"allow_404": about_an_object, **OVERRIDES.get(info.key, {})},
    )
