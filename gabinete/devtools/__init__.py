"""Development tooling, never installed in production: the bench (`manage.py bench`, `make bench`), its
pages and the scale-data generator (`manage.py generate_scale_data`) for every app.

Installed only by the development settings (DEBUG on, `gabinete/settings_dev.py`) and the test settings.
Production code never imports it (an import-linter contract in pyproject.toml); it may import every app.
Demo data is not here: it is a product feature and stays in each app's `demo.py`.
"""
