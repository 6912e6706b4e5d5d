"""Settings for the development tooling on a database that is not production (`make bench`): the real
settings, DEBUG as the environment says, plus gabinete/devtools/ (the `bench` and `generate_scale_data`
commands). With DEBUG on, the real settings install it already; this module is for runs that need
DEBUG off, such as the bench (whose gunicorn runs the production settings, without devtools)."""

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS

if "gabinete.devtools" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "gabinete.devtools"]
