"""The system check that warns when several app-server processes would each keep their own cache."""

from gabinete.checks import configured_workers, several_workers_need_a_shared_cache

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}}


def test_the_worker_count_comes_from_gunicorns_own_variables():
    assert configured_workers({}) == 1
    assert configured_workers({"WEB_CONCURRENCY": "3"}) == 3
    assert configured_workers({"GUNICORN_WORKERS": "4"}) == 4
    assert configured_workers({"GUNICORN_CMD_ARGS": "--bind 127.0.0.1:8000 --workers 5"}) == 5
    assert configured_workers({"GUNICORN_CMD_ARGS": "-w 2"}) == 2
    assert configured_workers({"WEB_CONCURRENCY": "tres"}) == 1


def test_several_workers_with_the_local_memory_cache_get_a_warning(settings, monkeypatch):
    settings.CACHES = LOCMEM
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    warnings = several_workers_need_a_shared_cache(None)
    assert [w.id for w in warnings] == ["gabinete.W002"]
    assert "CACHE_URL" in warnings[0].hint


def test_one_worker_or_a_shared_cache_gets_no_warning(settings, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    settings.CACHES = LOCMEM
    assert several_workers_need_a_shared_cache(None) == []
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    settings.CACHES = REDIS
    assert several_workers_need_a_shared_cache(None) == []
