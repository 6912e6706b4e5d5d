"""The authorisation registry: for every URL pattern of the project, who may GET and who may POST it.

The rules live in `tests/security/rules/<app>.py` (one module per app, plus `admin.py`). Each module has
`RULES: list[Rule]`, optionally `setup(world)` to create the objects its URLs need, and optionally
`rule_for(pattern) -> Rule | None` for families of generated URLs (the Django admin). See the docstring of
`tests/security/test_access_matrix.py` for how to add an app's URLs.

Actors are fixed people in fixed places: the "owning" directorate is Aseo (`world.own`), the other one is
Tránsito y Transporte Público (`world.other`); Gabinete's staff, the Alcalde, the Administrador Municipal
and Asesoría Jurídica sit in their own directorates; `no_unit` is a user with no Membership at all.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- actors -------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
NO_UNIT = "no_unit"
OWN_ENLACE = "own_enlace"
OWN_DIRECTOR = "own_director"
OTHER_ENLACE = "other_enlace"
OTHER_DIRECTOR = "other_director"
GABINETE = "gabinete"
PRENSA = "prensa"
PROTOCOLO = "protocolo"
COMUNICACIONES = "comunicaciones"
ALCALDE = "alcalde"
ADMINISTRADOR = "administrador"
JURIDICA = "juridica"
SUPERUSER = "superuser"

#: actor -> (role, directorate slug, team); None: anonymous or special.
ACTOR_MEMBERSHIP: dict[str, tuple[str, str, str] | None] = {
    ANONYMOUS: None,
    NO_UNIT: None,
    OWN_ENLACE: ("enlace", "aseo", ""),
    OWN_DIRECTOR: ("director", "aseo", ""),
    OTHER_ENLACE: ("enlace", "transito-y-transporte-publico", ""),
    OTHER_DIRECTOR: ("director", "transito-y-transporte-publico", ""),
    GABINETE: ("gabinete", "gabinete-de-alcaldia", ""),
    PRENSA: ("gabinete", "gabinete-de-alcaldia", "prensa"),
    PROTOCOLO: ("gabinete", "gabinete-de-alcaldia", "protocolo"),
    COMUNICACIONES: ("gabinete", "gabinete-de-alcaldia", "comunicaciones"),
    ALCALDE: ("alcalde", "gabinete-de-alcaldia", ""),
    ADMINISTRADOR: ("administrador", "administracion-municipal", ""),
    JURIDICA: ("juridica", "asesoria-juridica", ""),
    SUPERUSER: None,
}
ALL_ACTORS = frozenset(ACTOR_MEMBERSHIP)
AUTHENTICATED = ALL_ACTORS - {ANONYMOUS}
#: Everyone with a unit (and superusers, who administer everything).
MEMBERS = AUTHENTICATED - {NO_UNIT}
OWN = frozenset({OWN_ENLACE, OWN_DIRECTOR})
OTHER = frozenset({OTHER_ENLACE, OTHER_DIRECTOR})
GABINETE_STAFF = frozenset({GABINETE, PRENSA, PROTOCOLO, COMUNICACIONES, SUPERUSER})
#: Roles that read every directorate's data (gabinete.permissions.sees_whole_municipality).
WHOLE_MUNICIPALITY = GABINETE_STAFF | {ALCALDE, ADMINISTRADOR}
NOBODY: frozenset[str] = frozenset()

#: Order in which the matrix and the fuzzer pick "an allowed user" (least privileged first).
PREFERENCE = [
    OWN_ENLACE,
    OWN_DIRECTOR,
    JURIDICA,
    PRENSA,
    PROTOCOLO,
    COMUNICACIONES,
    GABINETE,
    ALCALDE,
    ADMINISTRADOR,
    OTHER_ENLACE,
    OTHER_DIRECTOR,
    NO_UNIT,
    SUPERUSER,
    ANONYMOUS,
]


class _GetOnly:
    """POST is not a separate action: those who may GET may also get 405 (or the page) on POST."""

    def __repr__(self) -> str:
        return "GET_ONLY"


GET_ONLY = _GetOnly()


@dataclass(frozen=True)
class Rule:
    """Who may use one URL pattern.

    name:   "namespace:url-name" (or "route:<full route>" for an unnamed pattern)
    get:    actors who may GET it; None = GET is not accepted (405 for everyone allowed in)
    post:   actors who may POST it; GET_ONLY (default) = not a form: the GET actors may get 405;
            None = POST is not accepted at all
    kwargs: world -> URL kwargs (objects owned by `world.own`, made in the module's `setup`)
    data:   world -> POST payload used by the matrix (default: empty, i.e. an invalid form)
    deny:   how a refusal looks for a logged-in actor: "status" (403/404) or "login" (redirect to a
            login page, as the Django admin does)
    actors: test only these actors (default: all fourteen)
    download: an allowed GET must answer a file with Content-Disposition and nosniff
    fuzz:   fuzz this URL's forms (POST forms if POST is allowed, GET forms on its page)
    fuzz_as: the actor the fuzzer uses (default: the first allowed in PREFERENCE)
    path:   world -> path, for unnamed patterns that cannot be reversed
    allow_404: an allowed actor may get a 404 (the admin's pages about a model without rows)
    fields: {"name": "text"|"file"|...} for the fuzzer, for a POST endpoint no page has a form for
    """

    name: str
    get: frozenset[str] | None
    post: frozenset[str] | None | _GetOnly = GET_ONLY
    kwargs: Callable | None = None
    data: Callable | None = None
    deny: str = "status"
    actors: frozenset[str] | None = None
    download: bool = False
    fuzz: bool = True
    fuzz_as: str | None = None
    path: Callable | None = None
    allow_404: bool = False
    fields: dict[str, str] | None = None
    note: str = ""

    def url(self, world) -> str:
        if self.path is not None:
            return self.path(world)
        return reverse(self.name, kwargs=self.kwargs(world) if self.kwargs else None)

    def tested_actors(self) -> list[str]:
        chosen = self.actors if self.actors is not None else ALL_ACTORS
        # Refused actors first: a POST by an allowed actor may change the object (rolled back anyway).
        allowed = self.get or NOBODY
        return sorted(chosen, key=lambda a: (a in allowed, PREFERENCE.index(a)))

    def post_accepts_forms(self) -> bool:
        return isinstance(self.post, frozenset) and bool(self.post)

    def fuzz_actor(self, method: str) -> str | None:
        if self.fuzz_as:
            return self.fuzz_as
        allowed = self.post if method == "POST" else self.get
        if not isinstance(allowed, frozenset) or not allowed:
            return None
        return next(a for a in PREFERENCE if a in allowed)


# --- the URLconf --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatternInfo:
    """One concrete pattern of the URLconf, with its namespaced name and full route."""

    name: str | None  # "ns:name" or None
    route: str
    converters: tuple[str, ...] = field(default=())
    callback: Callable | None = None

    @property
    def key(self) -> str:
        return self.name or f"route:{self.route}"


def _route_text(pattern) -> str:
    return str(pattern.pattern)


def iter_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[PatternInfo]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + _route_text(entry)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from iter_patterns(entry, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            converters = tuple(a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
            yield PatternInfo(name, route, converters, entry.callback)


def all_patterns() -> list[PatternInfo]:
    seen: dict[str, PatternInfo] = {}
    for info in iter_patterns():
        seen.setdefault(info.key + "|" + info.route, info)
    return list(seen.values())


def fill_route(route: str, values: dict[str, str]) -> str:
    """A path for an unnamed pattern: converters and regex groups replaced by `values`."""
    text = route.replace("^", "").replace("$", "")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), "x")), text)
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), "1")), text)
    return "/" + text.lstrip("/")


# --- the registry -------------------------------------------------------------------------------


@dataclass
class RuleModule:
    name: str
    rules: dict[str, Rule]
    setup: Callable | None
    rule_for: Callable | None


def rule_modules() -> list[RuleModule]:
    from tests.security import rules as package

    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        table: dict[str, Rule] = {}
        for rule in getattr(module, "RULES", []):
            if rule.name in table:
                raise AssertionError(f"La regla {rule.name} está dos veces en {module.__name__}")
            table[rule.name] = rule
        found.append(
            RuleModule(module.__name__, table, getattr(module, "setup", None), getattr(module, "rule_for", None))
        )
    return found


def find_rule(info: PatternInfo, modules: list[RuleModule] | None = None) -> tuple[Rule, RuleModule] | None:
    modules = modules if modules is not None else rule_modules()
    hits = [(m.rules[info.key], m) for m in modules if info.key in m.rules]
    if len(hits) > 1:
        raise AssertionError(f"{info.key} tiene reglas en varios módulos: {[m.name for _r, m in hits]}")
    if hits:
        return hits[0]
    for module in modules:
        if module.rule_for is not None:
            rule = module.rule_for(info)
            if rule is not None:
                return rule, module
    return None


def get_targets() -> list[PatternInfo]:
    """Every URL pattern whose access rule says it answers GET, in a stable order."""
    targets = []
    for info in sorted(all_patterns(), key=lambda p: p.key):
        found = find_rule(info)
        if found is not None and found[0].get:
            targets.append(info)
    return targets


def skeleton_for(info: PatternInfo) -> str:
    """A ready-to-edit rule line for an unknown pattern (shown in the failure message)."""
    kwargs = ""
    if info.converters:
        inner = ", ".join(f'"{c}": w.TODO.pk' for c in info.converters)
        kwargs = f", kwargs=lambda w: {{{inner}}}"
    name = info.key
    return f'    Rule("{name}", get=TODO{kwargs}, post=GET_ONLY),  # {info.route}'


# --- judging one answer -------------------------------------------------------------------------

LOGIN_PATHS = ("/cuenta/ingresar/", "/admin/login/")


def is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    location = urlparse(response["Location"])
    return location.path in LOGIN_PATHS and "next" in parse_qs(location.query)


def is_refusal(response) -> bool:
    return response.status_code in (401, 403, 404) or is_login_redirect(response)


def _refused(rule: Rule, response) -> bool:
    if is_refusal(response):
        return True
    if rule.deny == "login" and response.status_code in (301, 302):
        # The admin sends people without access to its login (or, from its logout, to its index).
        return urlparse(response["Location"]).path.startswith("/admin/")
    return False


def judge(rule: Rule, actor: str, method: str, response) -> str | None:
    """None when the answer fits the rule, else a one-line explanation."""
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if method == "GET":
        allowed_set, accepts = rule.get, rule.get is not None
    else:
        if isinstance(rule.post, _GetOnly):
            allowed_set, accepts = rule.get, None  # None: 405 tolerated for the allowed
        else:
            allowed_set, accepts = rule.post, rule.post is not None
    allowed = actor in (allowed_set or ())
    if accepts is False:
        # The method is not accepted: 405, or refused before the method check.
        if status == 405 or _refused(rule, response):
            return None
        return f"se esperaba 405 o rechazo y se obtuvo {status}"
    if allowed:
        if status == 404 and rule.allow_404:
            return None
        if is_refusal(response):
            where = response.get("Location", "")
            return f"debía poder entrar y se obtuvo {status} {where}".rstrip()
        if status == 405 and accepts is None:
            return None
        if status == 405:
            return "debía aceptar el método y respondió 405"
        if rule.download and method == "GET" and status == 200:
            if "Content-Disposition" not in response:
                return "descarga sin Content-Disposition"
        return None
    if actor == ANONYMOUS:
        return None if is_login_redirect(response) else f"anónimo debía ir al ingreso y obtuvo {status}"
    if rule.deny == "login":
        return None if _refused(rule, response) or status == 405 else f"debía ser rechazado y obtuvo {status}"
    if status in (403, 404):
        return None
    if status == 405 and (accepts is None or method == "POST" and not rule.post_accepts_forms()):
        return None
    return f"debía ser rechazado (403/404) y obtuvo {status} {response.get('Location', '')}".rstrip()


# --- the people and the objects -----------------------------------------------------------------


class World:
    """The actors and, after each rule module's `setup(world)`, the objects its URLs point to.

    `world.own` / `world.other` are the owning and the other directorate; `world.users[actor]` the
    users; rule modules add attributes (`world.event = ...`) for their kwargs builders.
    """

    def __init__(self):
        from django.contrib.auth import get_user_model

        from gabinete.directorates import ensure_directorates
        from gabinete.models import Directorate, Membership

        ensure_directorates()
        by_slug = {d.slug: d for d in Directorate.objects.all()}
        self.directorates = by_slug
        self.own = by_slug["aseo"]
        self.other = by_slug["transito-y-transporte-publico"]
        User = get_user_model()
        self.users: dict[str, object] = {}
        for actor, membership in ACTOR_MEMBERSHIP.items():
            if actor == ANONYMOUS:
                continue
            if actor == SUPERUSER:
                user = User.objects.create_superuser(f"matrix.{actor}", f"{actor}@example.invalid", "x")
            else:
                user = User.objects.create_user(
                    f"matrix.{actor}", f"{actor}@example.invalid", "x", first_name=actor.title(), last_name="Matriz"
                )
            if membership:
                role, slug, team = membership
                Membership.objects.create(user=user, directorate=by_slug[slug], role=role, team=team)
            self.users[actor] = user
        self._prepared: set[str] = set()

    def prepare(self, module: RuleModule) -> None:
        if module.name not in self._prepared and module.setup is not None:
            module.setup(self)
        self._prepared.add(module.name)

    def client(self, actor: str, **defaults):
        from django.test import Client

        client = Client(**defaults)
        if actor != ANONYMOUS:
            client.force_login(self.users[actor], backend="django.contrib.auth.backends.ModelBackend")
        return client
