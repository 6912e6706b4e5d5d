"""Bulk actions on a review queue: tick rows, choose the action, see what will change, confirm.

Where the decision is routine (validating twenty monthly values that are in order, approving the
month's uploads), doing it row by row is clicking for its own sake. A bulk action never has rules of
its own: each row goes through the SAME service as one by one, each in its own savepoint, so a row
that fails its rule (a `TransitionError` of gabinete/workflow.py, a `ValidationError`, a
`PermissionDenied`) is reported with its Spanish message and the others proceed; the services log
each step in the activity log as they always do. A row that changed between the confirmation page
and the confirm (somebody else validated or returned it) is reported as stale and not touched.

    BULK = {a.name: a for a in [
        BulkAction.from_workflow("validar", MEASUREMENT_WORKFLOW, "validate",
                                 perform=lambda m, by: services.measurement_validate(measurement=m, by=by),
                                 allowed=perms.can_view_all_directorates),
    ]}

    @require_POST
    @permission_required(perms.can_view_all_directorates)
    def review_bulk(request):
        return bulk.bulk_view(request, queryset=..., actions=BULK, back_url=reverse("indicators:review-list"),
                              title=_("Validar mediciones"))

Works without JavaScript: the row boxes belong to the bulk form through their `form` attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .concurrency import StaleObjectError
from .types import StrOrPromise
from .workflow import TransitionError, Workflow

#: At most this many rows in one bulk action (a page of the queue is 25).
MAX_ROWS = 100
SELECTION = "seleccion"
CONFIRM = "confirmar"
STALE = _("Cambió mientras usted confirmaba (otra persona la revisó o la modificó): no se aplicó. Revísela de nuevo.")


def token_of(obj: Any) -> str:
    """What the confirmation page saw of a row: its edit version (or its state, for models without one)."""
    version = getattr(obj, "version", None)
    status = getattr(obj, "status", "")
    return f"{status}:{version}" if version is not None else str(status)


@dataclass(frozen=True)
class BulkAction:
    """One action a queue offers on many rows at once."""

    name: str  # the value of ?accion=
    label: StrOrPromise
    #: Calls the app's one-by-one service for one row (it checks the rules and logs the step).
    perform: Callable[[Any, Any], Any]
    #: Whether this person may use the action at all (the rows' own rules are the service's).
    allowed: Callable[[Any], bool]
    #: What will change for this row, in Spanish ("Enviada a Gabinete → Validada").
    change: Callable[[Any], str]
    #: Why this row will be refused (shown on the confirmation page), or "" when it should pass.
    refusal: Callable[[Any, Any], str] = lambda obj, user: ""

    @classmethod
    def from_workflow(
        cls,
        name: str,
        workflow: Workflow,
        transition: str,
        *,
        perform: Callable[[Any, Any], Any],
        allowed: Callable[[Any], bool],
        label: StrOrPromise | None = None,
    ) -> BulkAction:
        """A bulk action that takes one workflow step: its label, change and refusal come from the workflow."""
        step = workflow.get(transition)

        def change(obj: Any) -> str:
            return f"{workflow.label(workflow.status_of(obj))} → {workflow.label(step.target)}"

        def refusal(obj: Any, user: Any) -> str:
            try:
                workflow.check(obj, transition, user)
            except TransitionError as exc:
                return exc.text
            return ""

        return cls(name, label or step.label, perform, allowed, change, refusal)


@dataclass
class Outcome:
    """What happened to one row."""

    obj: Any
    applied: bool
    message: str = ""
    stale: bool = False


def apply_each(rows: list[Any], action: BulkAction, *, by: Any, seen: Mapping[int, str]) -> list[Outcome]:
    """Run `action` on each row through its service, each in its own savepoint; never stop at a refusal."""
    outcomes = []
    for obj in rows:
        if seen.get(obj.pk) != token_of(obj):
            outcomes.append(Outcome(obj, False, str(STALE), stale=True))
            continue
        try:
            with transaction.atomic():
                action.perform(obj, by)
        except TransitionError as exc:
            outcomes.append(Outcome(obj, False, exc.text))
        except ValidationError as exc:
            outcomes.append(Outcome(obj, False, " ".join(exc.messages)))
        except (PermissionDenied, StaleObjectError) as exc:
            outcomes.append(Outcome(obj, False, str(exc) or gettext("No tiene permiso para esta acción.")))
        else:
            outcomes.append(Outcome(obj, True))
    return outcomes


def _selected_ids(request: HttpRequest) -> list[int]:
    ids = []
    for raw in request.POST.getlist(SELECTION)[:MAX_ROWS]:
        if raw.isdigit():
            ids.append(int(raw))
    return list(dict.fromkeys(ids))


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("volver", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


def bulk_view(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    actions: Mapping[str, BulkAction],
    back_url: str,
    title: StrOrPromise,
    template: str = "includes/bulk_confirm.html",
) -> HttpResponse:
    """The POST of a queue's bulk form: the confirmation page, then (with `confirmar`) the actions.

    `queryset` is the queue's base, scoped by the app's permissions: a row outside it is not found."""
    back = _back(request, back_url)
    action = actions.get(request.POST.get("accion", ""))
    if action is None:
        messages.error(request, gettext("Elija una acción de la lista."))
        return redirect(back)
    if not action.allowed(request.user):
        raise PermissionDenied(gettext("No tiene permiso para esta acción."))
    ids = _selected_ids(request)
    if not ids:
        messages.warning(
            request, gettext("Marque al menos una fila para aplicar «%(action)s».") % {"action": action.label}
        )
        return redirect(back)
    rows = list(queryset.filter(pk__in=ids).order_by("pk"))
    missing = len(ids) - len(rows)
    if CONFIRM not in request.POST:
        return render(
            request,
            template,
            {
                "title": title,
                "action": action,
                "rows": [(obj, action.change(obj), action.refusal(obj, request.user), token_of(obj)) for obj in rows],
                "missing": missing,
                "back": back,
            },
        )
    seen = {obj.pk: request.POST.get(f"token-{obj.pk}", "") for obj in rows}
    outcomes = apply_each(rows, action, by=request.user, seen=seen)
    done = [o for o in outcomes if o.applied]
    if done:
        messages.success(
            request,
            gettext("«%(action)s» aplicada a %(n)s: %(rows)s.")
            % {"action": action.label, "n": len(done), "rows": "; ".join(str(o.obj) for o in done)},
        )
    for outcome in outcomes:
        if not outcome.applied:
            messages.error(request, f"«{outcome.obj}»: {outcome.message}")
    if missing:
        messages.error(
            request,
            gettext("%(n)s de las filas marcadas ya no están en la lista: no se aplicó nada a ellas.") % {"n": missing},
        )
    return redirect(back)
