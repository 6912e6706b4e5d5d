"""Demo access requests (Ley 20.285 Título IV), seeded after the catalogue: one for each stage the staff
meet every week — just received, waiting for a correction, being prepared by Gestión de Personas with a
third party notified and the term extended, in legal review, and answered ones (delivered, denied with a
reserved act, already public) that feed the public list, the statistics and the index of reserved acts."""

from __future__ import annotations

from datetime import date

from gabinete import demo
from gabinete.business_days import add_business_days
from gabinete.models import Directorate

from . import access_requests as access
from .grounds import ensure_grounds
from .models import AccessOutcome, AccessRequest, DenialGround

PEOPLE = [
    ("Camila Rojas Pérez", "camila.rojas@example.invalid", ""),
    ("Fundación Ciudad Abierta", "contacto@ciudadabierta.example.invalid", ""),
    ("Pedro Gómez Lillo", "", "Avenida Argentina 1450, Antofagasta"),
    ("Diario El Mercurio de Antofagasta", "redaccion@mercurio.example.invalid", ""),
    ("Junta de Vecinos N° 12 Gran Vía", "jjvv12@example.invalid", ""),
    ("Sindicato de Trabajadores del Aseo", "sindicato@example.invalid", ""),
]


def _data(n: int, information: str, delivery: str = "correo") -> dict:
    name, email, address = PEOPLE[n % len(PEOPLE)]
    return {
        "requester_name": name,
        "email": email,
        "postal_address": address,
        "information": information,
        "preferred_format": "pdf",
        "delivery": delivery if email else "postal",
    }


@demo.register(order=75)
def seed(ctx: demo.DemoContext) -> None:
    if AccessRequest.objects.exists():
        return
    ensure_grounds()
    users = ctx.users
    gabinete, legal, signer = users["jefa.gabinete"], users["juridica"], users.get("administrador") or users["admin"]
    enlace = users["enlace.personas"]
    personas = Directorate.objects.get(slug="gestion-de-personas")
    today = ctx.today

    def back(n: int) -> date:
        return add_business_days(today, -n)

    def received(n: int, days_ago: int, information: str) -> AccessRequest:
        """A request that arrived `days_ago` business days ago (by letter or e-mail: Gabinete registered it
        with that date; today's arrive by the public form)."""
        if days_ago == 0:
            return access.access_request_submit(data=_data(n, information), channel="web", by=None)
        return access.access_request_submit(
            data=_data(n, information), channel="correo" if n % 2 else "papel", by=gabinete, received_on=back(days_ago)
        )

    def answered(n, days_ago, information, **answer):
        request = access.access_request_admit(
            request=received(n, days_ago, information), by=gabinete, directorate=personas
        )
        access.access_request_save_answer(request=request, by=enlace, data=answer)
        for by, action in ((enlace, "submit"), (legal, "approve"), (signer, "sign")):
            request = access.access_request_step(request=request, by=by, action=action)
        return request

    answered(
        0,
        14,
        "Escala de remuneraciones de la planta municipal vigente en 2026.",
        outcome=AccessOutcome.PUBLIC,
        answer_text="La escala está publicada en Transparencia Activa, letra d).",
        public_link="https://www.municipalidadantofagasta.cl/transparencia-activa/d/",
    )
    answered(
        1,
        9,
        "Número de funcionarios a contrata por dirección, a octubre de 2026.",
        outcome=AccessOutcome.GRANTED,
        answer_text="Se adjunta la planilla con los funcionarios a contrata por dirección.",
    )
    answered(
        3,
        18,
        "Informes técnicos previos a la licitación del servicio de aseo 2027.",
        outcome=AccessOutcome.DENIED,
        ground=DenialGround.objects.get(code="art21-1b"),
        answer_text="Los informes son antecedentes previos a la adopción de una resolución (art. 21 N° 1 letra b).",
        declares_reserved=True,
        reserved_act="Informes técnicos de evaluación previos a la licitación de aseo 2027",
    )

    review = access.access_request_admit(
        request=received(4, 12, "Registro de horas extraordinarias pagadas en Gestión de Personas en 2026."),
        by=gabinete,
        directorate=personas,
    )
    access.access_request_save_answer(
        request=review,
        by=enlace,
        data={"outcome": AccessOutcome.GRANTED, "answer_text": "Se adjunta el registro de horas extraordinarias."},
    )
    access.access_request_step(request=review, by=enlace, action="submit")

    preparing = access.access_request_admit(
        request=received(5, 17, "Contratos de honorarios vigentes de la Dirección de Gestión de Personas."),
        by=gabinete,
        directorate=personas,
    )
    party = access.third_party_notify(
        request=preparing,
        by=gabinete,
        name="Consultora Norte Grande SpA",
        contact="contacto@nortegrande.example.invalid",
    )
    access.third_party_answer(party=party, by=gabinete, opposed=False)
    access.access_request_extend(
        request=preparing, by=enlace, reason="Los contratos están en el archivo central y deben digitalizarse."
    )

    correction = received(2, 1, "Todo sobre los funcionarios.")
    access.access_request_ask_correction(
        request=correction,
        by=gabinete,
        observations="Indique qué información necesita (por ejemplo remuneraciones o dotación) y de qué período.",
    )
    received(1, 0, "Actas del Concejo Municipal de octubre y noviembre de 2026.")
    received(0, 21, "Sumarios administrativos instruidos en 2025 y su resultado.")
    ctx.say(
        "Solicitudes de acceso: 8 (recibidas, una fuera de plazo, subsanación, en preparación con tercero y "
        "prórroga, en revisión jurídica y 3 respondidas)."
    )
