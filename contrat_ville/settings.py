"""Réglages du portail, lus dans l'environnement (voir README, « Configuration »)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY doit être défini hors développement (DEBUG=1 pour le poste local)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "contrat_ville",
    "dispositifs",
    "fiches",
    "seances",
    "actions",
    "indicateurs",
    "portail",
    "gestion",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Au plus haut : les en-têtes CSP et Permissions-Policy s'ajoutent aussi aux pages servies
    # depuis le cache et aux fichiers statiques.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Avant la session : une page publique en cache ne coûte que la lecture de la version.
    "portail.cache.CachePagesAnonymes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portail.cache.EnTetesCache",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # En dernier, comme le demande django-axes : transforme un verrouillage en page dédiée.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "contrat_ville.urls"
WSGI_APPLICATION = "contrat_ville.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portail.context_processors.navigation",
            ],
        },
    },
]

# Base de données : SQLite embarquée par défaut, PostgreSQL en production via DATABASE_URL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portail.sqlite3'}",
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", default=True
):
    # Pool psycopg 3 : incompatible avec CONN_MAX_AGE, qui reste donc à 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        # Base injoignable : la page 503 vient après ce délai d'attente d'une connexion du pool.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "3")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sauvegardes sans perte de précision (voir portail/sauvegarde.py).
SERIALIZATION_MODULES = {"json_precis": "portail.serialisation_precise"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Séparateur des milliers : l'espace fine de contrat_ville.francais (voir formats/fr/formats.py).
FORMAT_MODULE_PATH = "contrat_ville.formats"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Les fichiers à nom haché sont servis « immutable » pour dix ans par whitenoise ; cette durée
# ne vaut que pour les rares fichiers demandés sous leur nom d'origine.
WHITENOISE_MAX_AGE = 3600

# Cache : mémoire de chaque processus par défaut ; REDIS_URL pour un cache partagé entre
# processus et machines. Les pages publiques y sont gardées pour les visiteurs anonymes sous la
# version des données (portail/cache.py), qui les invalide toutes à chaque écriture.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portail",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
CACHE_PAGES_ANONYMES = env_bool("CACHE_PAGES_ANONYMES", default=True)
CACHE_PAGES_ALIAS = "default"
CACHE_PAGES_DUREE = int(os.environ.get("CACHE_PAGES_DUREE", "300"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "/comptes/connexion/"
LOGIN_REDIRECT_URL = "/gestion/"
LOGOUT_REDIRECT_URL = "/"

# Comptes : django-axes d'abord, pour refuser une tentative sur un compte verrouillé avant même
# de vérifier le mot de passe. Verrouillage après 5 échecs pour un même identifiant depuis une
# même adresse IP, levé au bout de 15 minutes ; un succès remet le compteur à zéro. Puis le
# `ModelBackend` de Django, qui lit ici les permissions en une requête au lieu de deux.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "contrat_ville.authentification.PermissionsEnUneRequete",
]
# L'historique d'un modèle a ses propres permissions dans l'admin, comme dans l'espace équipe :
# « view » pour le lire, « change » pour restaurer une version (gestion/roles.py).
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gestion.views.comptes.compte_verrouille"
# Adresse du visiteur (django-ipware, pour axes comme pour les limites par adresse de
# gestion/limites.py). Derrière un proxy, AXES_IPWARE_PROXY_COUNT est le nombre d'adresses de
# proxy que X-Forwarded-For porte après celle du visiteur : 0 derrière un seul nginx qui pose
# `$proxy_add_x_forwarded_for`, 1 derrière un répartiteur puis nginx. ipware ne croit l'en-tête
# que s'il a exactement ce nombre d'adresses, sinon il retombe sur REMOTE_ADDR : un visiteur qui
# ajoute ses propres adresses ne choisit pas son compteur. Sans ce réglage, seule REMOTE_ADDR
# compte, car un X-Forwarded-For envoyé par le visiteur lui-même serait cru tel quel.
if os.environ.get("AXES_IPWARE_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_IPWARE_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Pulvérisation de mots de passe (beaucoup d'identifiants essayés depuis une adresse) et
# devinette de l'ancien mot de passe : échecs permis par adresse pendant AXES_COOLOFF_MINUTES,
# comptés dans le cache (partagé entre processus avec REDIS_URL).
CONNEXION_ECHECS_PAR_ADRESSE = int(os.environ.get("CONNEXION_ECHECS_PAR_ADRESSE", "20"))
MOT_DE_PASSE_ECHECS_PAR_ADRESSE = int(os.environ.get("MOT_DE_PASSE_ECHECS_PAR_ADRESSE", "5"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp) : tout vient du portail lui-même, aucun script ni style
# en ligne, pas d'intégration dans un cadre. Les graphiques sont du SVG en ligne, sans script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sécurité : durcie dès que DEBUG est coupé ; SECURE_SSL_REDIRECT=0 derrière un proxy qui
# redirige déjà, SECURE_PROXY_SSL_HEADER=1 quand ce proxy pose X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (django-permissions-policy) : le portail n'use d'aucune de ces capacités du
# navigateur, ni pour lui ni pour un cadre. `browsing-topics` remplace `interest-cohort` (FLoC,
# abandonné : les navigateurs signalent ce nom comme inconnu).
PERMISSIONS_POLICY = {
    fonction: []
    for fonction in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    # Sous-domaines et préchargement engagent le domaine parent (la ville et tous ses autres
    # sites, jusque dans les navigateurs pour le préchargement) : un choix de l'exploitant, pas
    # un défaut. Désactivés, `check --deploy` le rappelle (W005, W021) : c'est voulu, on le tait.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Adresse des « signaler une erreur » (fiches des dispositifs) ; vide : lien vers les mentions
# légales, qui donnent le contact de l'équipe.
COURRIEL_SIGNALEMENT = os.environ.get("COURRIEL_SIGNALEMENT", "")

# Seuil sous lequel un effectif publié s'affiche « moins de N » (secret statistique).
SEUIL_PETITS_EFFECTIFS = int(os.environ.get("SEUIL_PETITS_EFFECTIFS", "5"))

# PDF (WeasyPrint) : durée maximale d'un rendu en secondes, durée de garde d'un PDF en cache
# (sa clé change de toute façon avec les données et le jour), fiches présentées par le support
# (codes séparés par des virgules ; aucune publiée : toutes les fiches publiées).
PDF_TIMEOUT = int(os.environ.get("PDF_TIMEOUT", "120"))
PDF_CACHE_DUREE = int(os.environ.get("PDF_CACHE_DUREE", str(24 * 3600)))
SUPPORT_FICHES = env_list("SUPPORT_FICHES", "1.2.2")

# Données ouvertes au schéma data·inclusion : identifiant du producteur (champ `source`).
DONNEES_SOURCE = os.environ.get("DONNEES_SOURCE", "contrat-de-ville")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
