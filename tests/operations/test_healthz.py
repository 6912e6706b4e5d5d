"""`/healthz`: what the proxy and a monitor ask. 200 when the database, the cache and the job queue
answer; 503 naming what failed; never a cookie, never stored."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from gabinete import health


@pytest.fixture
def no_queue_check():
    saved = dict(health._checks)
    health.unregister_check(health.QUEUE)
    yield
    health._checks.clear()
    health._checks.update(saved)


def test_healthz_answers_200_naming_each_check_when_all_is_well(client, db, no_queue_check):
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.text.splitlines() == [
        "ok",
        "base de datos: ok",
        "caché: ok",
        "correo: 0 por enviar, ninguno fallido en las últimas 24 h",
        "cola: sin configurar",
    ]


def test_healthz_sets_no_cookie_and_is_never_stored(client, db):
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_naming_the_database_when_it_fails(client, db, monkeypatch, no_queue_check):
    def broken():
        raise health.Unhealthy("no responde")

    monkeypatch.setitem(health._checks, "base de datos", broken)
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 503
    assert "base de datos: falló: no responde" in response.text
    assert "caché: ok" in response.text


def test_healthz_answers_503_when_the_cache_loses_what_it_stored(client, db, monkeypatch, no_queue_check):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 503
    assert response.text.splitlines()[0] == "falla"
    assert "caché: falló: lo guardado no se pudo leer" in response.text


def test_healthz_names_only_the_class_of_an_unexpected_failure(client, db, monkeypatch, no_queue_check):
    def leaky():
        raise ConnectionError("redis://secreto@10.0.0.5:6379 rechazó la conexión")

    monkeypatch.setattr(health, "check_cache", leaky)
    monkeypatch.setitem(health._checks, "caché", leaky)
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 503
    assert "caché: falló (ConnectionError)" in response.text
    assert "secreto" not in response.text


def test_a_registered_queue_check_reports_its_depth_and_its_failure(client, db, no_queue_check):
    health.register_check(health.QUEUE, lambda: "3 en cola")
    assert "cola: 3 en cola" in client.get(reverse("gabinete:healthz")).text

    def stuck():
        raise health.Unhealthy("ningún trabajador responde")

    health.register_check(health.QUEUE, stuck)
    response = client.get(reverse("gabinete:healthz"))
    assert response.status_code == 503
    assert "cola: falló: ningún trabajador responde" in response.text
