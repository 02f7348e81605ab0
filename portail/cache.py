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

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

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

APPLICATIONS_PUBLIQUES = {"contrat_ville", "fiches", "dispositifs", "seances", "indicateurs"}


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
    if chemin.startswith(PAGES_PRIVEES) or est_personnelle(request, response):
        return PRIVE
    if response.has_header("Cache-Control"):
        return None  # la vue a choisi : never_cache de /sante/, support PDF…
    if chemin.startswith(PAGES_SANS_CACHE):
        return SANS_CACHE
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


def version_des_donnees():
    """La version courante, lue en une requête : numéro et instant du dernier changement. Une
    base vidée puis rechargée recommence à 1, jamais au même instant : une page gardée avant
    (dans Redis, ou par un processus resté en service) ne peut pas resservir."""
    from contrat_ville.models import VersionDonnees

    ligne = VersionDonnees.objects.filter(pk=1).values_list("numero", "modifie_le").first()
    return f"{ligne[0]}.{ligne[1].timestamp():.6f}" if ligne else "0"


def incrementer_version():
    """`UPDATE … SET numero = numero + 1` : une requête, atomique entre processus."""
    from contrat_ville.models import VersionDonnees

    versions = VersionDonnees.objects.filter(pk=1)
    if not versions.update(numero=F("numero") + 1, modifie_le=timezone.now()):
        # Ligne absente (base vidée par `flush`) : la recréer vaut changement de version.
        _, creee = VersionDonnees.objects.get_or_create(pk=1, defaults={"numero": 1})
        if not creee:
            versions.update(numero=F("numero") + 1, modifie_le=timezone.now())


def donnees_modifiees():
    """À appeler après une écriture qui ne passe pas par `save()` (`bulk_create`, `update`).

    La version avance à la validation de la transaction : un écrivain ne verrouille pas la
    ligne de version pendant toute sa transaction (ce qui sérialiserait toutes les écritures),
    et une page rendue entre-temps l'est sous l'ancienne version, jamais sous la nouvelle.
    """
    transaction.on_commit(incrementer_version)


# Les signaux ne servent ici qu'à l'invalidation du cache, le seul usage qu'en fait le projet :
# aucune règle métier n'y vit. Ils garantissent qu'aucune écriture (gestion, admin, shell,
# restauration d'une version de l'historique) n'oublie de rendre les pages en cache obsolètes.


def _sur_ecriture(sender, **kwargs):
    donnees_modifiees()


def _sur_m2m(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in APPLICATIONS_PUBLIQUES:
        donnees_modifiees()


def modeles_publics():
    """Les modèles dont une écriture peut changer une page publique : ceux des applications du
    portail, sans leurs tables d'historique ni la version elle-même."""
    from contrat_ville.models import VersionDonnees

    return [
        modele
        for label in sorted(APPLICATIONS_PUBLIQUES)
        for modele in apps.get_app_config(label).get_models()
        if not hasattr(modele, "instance_type") and modele is not VersionDonnees
    ]


def connecter_signaux():
    for modele in modeles_publics():
        uid = f"cache-pages-{modele._meta.label_lower}"
        post_save.connect(_sur_ecriture, sender=modele, dispatch_uid=uid)
        post_delete.connect(_sur_ecriture, sender=modele, dispatch_uid=uid)
    m2m_changed.connect(_sur_m2m, dispatch_uid="cache-pages-m2m")


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
        cle = cle_de_page(request, version_des_donnees())
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
