"""Surcharge minimale pour la suite de tests (pytest-django)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")

from contrat_ville.settings import *  # noqa: E402,F403
from contrat_ville.settings import TEMPLATES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# Les fichiers statiques sont servis depuis les sources, sans collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Le cache des pages anonymes fausserait les comptes de requêtes des pages : seuls les tests
# du cache l'activent (tests/test_cache_pages.py).
CACHE_PAGES_ANONYMES = False
# Un cache propre à chaque processus de test, même si REDIS_URL est posé dans l'environnement.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


class InvalidTemplateVariable(str):
    """Fait échouer un test quand un gabarit lit une variable inexistante."""

    def __mod__(self, other):
        raise NameError(f"Variable de gabarit inconnue : {other!r}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
