"""Cache des pages : en-têtes HTTP par type de page et pages publiques gardées pour les anonymes.

Deux intergiciels (voir `MIDDLEWARE`) :

- `EnTetesCache` pose `Cache-Control` selon le type de page : pages publiques 60 s (court, à
  cause du cycle de publication), flux iCalendar et données ouvertes 300 s, sonde `/sante/`
  jamais gardée, et `private, no-store` pour la gestion, les comptes, l'admin et toute réponse
  à un utilisateur connecté. Les fichiers statiques hachés sont servis « immutable » par
  whitenoise, avant ces intergiciels.
- `CachePagesAnonymes` garde les pages que la politique ci-dessus déclare publiques, pour les
  visiteurs sans session. La clé contient le numéro de `VersionDonnees`, une ligne en base lue
  une fois par requête : toute écriture sur les données publiques le fait avancer, et chaque
  processus, sur chaque machine, cesse aussitôt de servir les pages d'avant, même avec un cache
  local à chaque processus.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from contrat_ville.models import VersionDonnees

PUBLIC = "public, max-age=60"
DONNEES_OUVERTES = "public, max-age=300"
PRIVE = "private, no-store"
SANS_CACHE = "no-cache"

# Pages du portail public (préfixes d'URL) ; « / » seul est l'accueil. Le support PDF
# (/support/) et les données ouvertes (/donnees/) en font partie.
PAGES_PUBLIQUES = (
    "/fiches/",
    "/dispositifs/",
    "/actions/",
    "/maillage/",
    "/quartiers/",
    "/seances/",
    "/indicateurs/",
    "/support/",
    "/donnees/",
    "/accessibilite/",
    "/mentions-legales/",
    "/plan-du-site/",
)
PAGES_DONNEES_OUVERTES = ("/seances/agenda.ics", "/indicateurs/export.csv", "/donnees/")
PAGES_PRIVEES = ("/gestion/", "/comptes/", "/admin/")
PAGES_SANS_CACHE = ("/sante/",)


def est_publique(chemin):
    return chemin == "/" or chemin.startswith(PAGES_PUBLIQUES)


def est_personnelle(request, response):
    """Réponse propre à ce visiteur : il est connecté, ou elle pose un cookie, ou elle porte un
    jeton CSRF (un formulaire POST) ; la lire met `CSRF_COOKIE_NEEDS_UPDATE` dans META."""
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or response.cookies
        or "CSRF_COOKIE_NEEDS_UPDATE" in request.META
    )


def politique(request, response):
    """La valeur de `Cache-Control` de cette réponse, ou None pour laisser celle de la vue."""
    chemin = request.path_info
    if chemin.startswith(PAGES_SANS_CACHE):
        # Avant `est_personnelle` : la sonde ne lit pas la session, donc pas la base.
        return None if response.has_header("Cache-Control") else SANS_CACHE
    if chemin.startswith(PAGES_PRIVEES) or est_personnelle(request, response):
        return PRIVE
    if response.has_header("Cache-Control"):
        return None  # la vue a choisi : never_cache de /sante/, support PDF…
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return None
    if chemin.startswith(PAGES_DONNEES_OUVERTES):
        return DONNEES_OUVERTES
    if est_publique(chemin):
        return PUBLIC
    return None


class EnTetesCache:
    """Pose `Cache-Control` selon le type de page ; placé après l'authentification."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        valeur = politique(request, response)
        if valeur:
            response["Cache-Control"] = valeur
        return response


# --- Version des données publiques --------------------------------------------------------


def version_des_donnees(request=None):
    """La version des données (`VersionDonnees.lire`), lue une fois par requête : le cache des
    pages et le support la partagent."""
    if request is None:
        return VersionDonnees.lire()
    if not hasattr(request, "_version_des_donnees"):
        request._version_des_donnees = VersionDonnees.lire()
    return request._version_des_donnees


# --- Cache des pages pour les visiteurs anonymes ---------------------------------------------


def _peut_servir_du_cache(request):
    """Une requête anonyme de page publique : ni session (utilisateur peut-être connecté) ni
    message en attente (il doit s'afficher à ce visiteur-là)."""
    return (
        settings.CACHE_PAGES_ANONYMES
        and request.method in ("GET", "HEAD")
        and est_publique(request.path_info)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _partageable(request, response):
    """Ce qui peut être servi à un autre visiteur : une page 200 que la politique déclare
    publique et qui n'est pas personnelle (pas de cookie posé, pas de jeton CSRF)."""
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not est_personnelle(request, response)
        and response.get("Cache-Control", "").startswith("public")
    )


def cle_de_page(request, version):
    adresse = request.build_absolute_uri().encode()
    return f"pages:{version}:{hashlib.sha256(adresse).hexdigest()}"


class CachePagesAnonymes:
    """Sert les pages publiques déjà rendues aux visiteurs anonymes ; placé juste après
    whitenoise, pour qu'une page en cache ne coûte que la lecture de la version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _peut_servir_du_cache(request):
            return self.get_response(request)
        cache = caches[settings.CACHE_PAGES_ALIAS]
        cle = cle_de_page(request, version_des_donnees(request))
        gardee = cache.get(cle)
        if gardee is not None:
            statut, en_tetes, contenu = gardee
            response = HttpResponse(b"" if request.method == "HEAD" else contenu, status=statut)
            for nom, valeur in en_tetes:
                response[nom] = valeur
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _partageable(request, response):
            en_tetes = [(nom, valeur) for nom, valeur in response.items() if nom != "X-Cache"]
            cache.set(
                cle,
                (response.status_code, en_tetes, response.content),
                settings.CACHE_PAGES_DUREE,
            )
            response["X-Cache"] = "MISS"
        return response
