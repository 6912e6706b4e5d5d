"""Access rules of personal data under Ley 21.719 (gabinete/dataprotection/permissions.py).

Staff pages (`dataprotection:`): Gabinete (every team) and Asesoría Jurídica register, follow and answer
the data subjects' requests, download the copy of a person's data and see the retention dry run; nobody
else, not even the Alcalde or the Administrador (the copy gathers a person's data from every app).

Public pages (`dataprotection_public:`): no login, everyone — the rights form and its receipt.
"""

from gabinete.dataprotection import services
from tests.security.access import ALL_ACTORS, GABINETE_STAFF, JURIDICA, Rule

#: Who handles the requests.
HANDLERS = GABINETE_STAFF | {JURIDICA}


def setup(world):
    world.rights_request = services.rights_request_submit(
        data={
            "kind": "acceso",
            "requester_name": "Titular de Prueba",
            "email": "titular@example.invalid",
            "description": "Qué datos míos tienen.",
        },
        channel="web",
        by=None,
    )


def _request(w):
    return {"pk": w.rights_request.pk}


RULES = [
    Rule("dataprotection:request-list", get=HANDLERS),
    Rule("dataprotection:request-create", get=HANDLERS, post=HANDLERS),
    Rule("dataprotection:request-detail", kwargs=_request, get=HANDLERS),
    Rule("dataprotection:request-extend", kwargs=_request, get=None, post=HANDLERS),
    Rule("dataprotection:request-answer", kwargs=_request, get=None, post=HANDLERS),
    Rule("dataprotection:request-export", kwargs=_request, get=HANDLERS, download=True, fuzz=False),
    Rule("dataprotection:retention", get=HANDLERS, post=None),
    Rule("dataprotection_public:rights", get=ALL_ACTORS, post=ALL_ACTORS),
    Rule("dataprotection_public:rights-received", get=ALL_ACTORS),
]
