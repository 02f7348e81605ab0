"""Rendu des PDF du portail avec WeasyPrint : ressources locales seulement, délai borné, cache.

- `RecuperateurLocal` est le seul récupérateur d'URL que WeasyPrint reçoit : il sert les
  fichiers statiques du projet et ceux de MEDIA_ROOT, lus sur le disque, et refuse tout le reste
  (réseau, `file:` hors de ces dossiers, remontée `..`, gros `data:`) en levant une exception,
  ce qui journalise le refus et laisse WeasyPrint continuer sans la ressource.
- `html_vers_pdf` rend dans un fil de travail et abandonne au-delà de `settings.PDF_TIMEOUT`
  secondes : la requête reçoit alors `RenduImpossible`, jamais une trace d'erreur.
- Un PDF est gardé dans le cache Django sous une clé qui dit la version des données qu'il
  montre : une modification change la clé, rien n'est à invalider à la main. Un rendu qui
  aboutit après le délai est gardé quand même, pour la demande suivante.
"""

import logging
import mimetypes
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Une petite image ou police en ligne passe ; au-delà, un `data:` n'a rien à faire dans nos
# gabarits et trahit du contenu injecté.
TAILLE_MAX_DATA = 16 * 1024

# PDF/UA-1 : PDF balisé (structure, langue, titre) lisible par les technologies d'assistance.
VARIANTE_PDF = "pdf/ua-1"

# Peu de fils : un rendu est gourmand en processeur, et un rendu abandonné au délai continue
# jusqu'au bout (un fil ne s'interrompt pas) ; les suivants attendent leur tour dans le délai.
_EXECUTEUR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rendu-pdf")
_EN_COURS = {}  # clé de cache → rendu en cours, dans ce processus
_VERROU = threading.Lock()


class RessourceRefusee(ValueError):
    """URL qu'un PDF n'a pas le droit de charger."""


class RenduImpossible(Exception):
    """Le PDF n'a pas pu être produit : erreur de WeasyPrint ou délai dépassé."""


# --- Récupérateur d'URL ------------------------------------------------------------------------


def _dossiers_statiques():
    """Les dossiers d'où `collectstatic` et les chercheurs de statiques lisent les fichiers."""
    dossiers = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for chercheur in finders.get_finders():
        for stockage in getattr(chercheur, "storages", {}).values():
            if getattr(stockage, "location", None):
                dossiers.append(Path(stockage.location))
    return dossiers


def _sans_remontee(chemin, *, relatif=True):
    """Refuse `..` et les contre-obliques (l'URL est déjà décodée : `%2e%2e` aussi), et pour un
    chemin relatif à un dossier, un chemin absolu."""
    if "\\" in chemin or ".." in chemin.split("/") or (relatif and chemin.startswith("/")):
        raise RessourceRefusee("remontée de dossier")
    return chemin


def _dans(racine, chemin):
    """Le fichier `chemin` s'il existe sous `racine` une fois les liens résolus, sinon None."""
    racine = racine.resolve()
    chemin = chemin.resolve()
    if chemin.is_relative_to(racine) and chemin.is_file():
        return chemin
    return None


def _sous_une_racine(chemin, racines):
    """Le fichier `chemin`, une fois les liens symboliques résolus, s'il est sous une racine."""
    return next((trouve for racine in racines if (trouve := _dans(racine, chemin))), None)


def fichier_statique(relatif):
    """Le fichier d'un statique (`css/support.css`) : les sources du projet via les chercheurs
    de statiques d'abord (une copie de `collectstatic` peut être périmée), puis STATIC_ROOT pour
    les noms hachés qui n'existent qu'après `collectstatic`. Un lien symbolique qui mène hors
    des dossiers statiques est refusé : les chercheurs ne résolvent pas les liens."""
    relatif = _sans_remontee(relatif)
    trouve = finders.find(relatif)
    if trouve and (trouve := _sous_une_racine(Path(trouve), _dossiers_statiques())):
        return trouve
    if settings.STATIC_ROOT and (
        trouve := _dans(Path(settings.STATIC_ROOT), Path(settings.STATIC_ROOT) / relatif)
    ):
        return trouve
    raise RessourceRefusee("fichier statique introuvable")


def fichier_media(relatif):
    relatif = _sans_remontee(relatif)
    racine = Path(settings.MEDIA_ROOT)
    if trouve := _dans(racine, racine / relatif):
        return trouve
    raise RessourceRefusee("fichier média introuvable")


class RecuperateurLocal(URLFetcher):
    """Récupérateur d'URL de WeasyPrint qui n'ouvre jamais le réseau.

    Accepte :
    - `http(s)://<origine du portail>/static/…` et `/media/…` (les liens relatifs des gabarits,
      résolus contre l'adresse de la page), lus sur le disque ;
    - `file://` vers un fichier des dossiers statiques ou de MEDIA_ROOT ;
    - `data:` de moins de TAILLE_MAX_DATA caractères.
    Tout le reste lève `RessourceRefusee` (journalisée) : WeasyPrint l'ignore et poursuit.
    """

    def __init__(self, *, origine=None, **kwargs):
        super().__init__(allow_redirects=False, fail_on_errors=False, **kwargs)
        self.origine = tuple(p.lower() for p in urlsplit(origine)[:2]) if origine else None

    def fetch(self, url, headers=None):
        try:
            fichier = self.fichier_local(url)
        except RessourceRefusee as refus:
            logger.warning("PDF : ressource refusée (%s) : %.200s", refus, url)
            raise
        if fichier is None:  # petit `data:`, décodé par urllib sans réseau
            return super().fetch(url, headers)
        type_mime = mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, fichier.read_bytes(), {"Content-Type": type_mime})

    def fichier_local(self, url):
        """Le fichier local que désigne `url` (None pour un `data:` accepté), ou le refus."""
        try:
            schema, hote, chemin, _, _ = urlsplit(url)
        except ValueError as erreur:
            raise RessourceRefusee("adresse mal formée") from erreur
        schema = schema.lower()
        if schema == "data":
            if len(url) > TAILLE_MAX_DATA:
                raise RessourceRefusee("donnée en ligne trop grosse")
            return None
        chemin = unquote(chemin)
        if schema == "file":
            if hote not in ("", "localhost"):
                raise RessourceRefusee("fichier sur un autre hôte")
            return self._fichier_autorise(Path(url2pathname(_sans_remontee(chemin, relatif=False))))
        if schema in ("http", "https") and self.origine == (schema, hote.lower()):
            return self._fichier_du_portail(chemin)
        raise RessourceRefusee(f"schéma « {schema or 'aucun'} » ou hôte non autorisé")

    def _fichier_du_portail(self, chemin):
        for prefixe, trouver in (
            (settings.STATIC_URL, fichier_statique),
            (settings.MEDIA_URL, fichier_media),
        ):
            prefixe = urlsplit(prefixe).path
            if prefixe and chemin.startswith(prefixe):
                return trouver(chemin.removeprefix(prefixe))
        raise RessourceRefusee("adresse du portail hors des fichiers statiques et médias")

    def _fichier_autorise(self, chemin):
        if trouve := _sous_une_racine(chemin, [*_dossiers_statiques(), Path(settings.MEDIA_ROOT)]):
            return trouve
        raise RessourceRefusee("fichier hors des dossiers statiques et médias")


# --- Rendu -------------------------------------------------------------------------------------


def html_vers_pdf(html, *, base_url, recuperateur=None, garder_sous=None):
    """Les octets du PDF de `html` ; `base_url` résout les liens relatifs (adresse du portail).

    Le rendu tourne dans un fil de travail et la demande l'attend au plus `settings.PDF_TIMEOUT`
    secondes ; toute erreur, délai compris, devient `RenduImpossible` (journalisée).

    Avec `garder_sous`, le PDF est mis en cache sous cette clé dès qu'il est prêt, même si la
    demande a cessé de l'attendre : la suivante (la page 503 invite à réessayer) le trouve. Un
    rendu déjà en cours pour la même clé est attendu plutôt que relancé.
    """
    recuperateur = recuperateur or RecuperateurLocal(origine=base_url)
    nouveau = False
    with _VERROU:
        futur = _EN_COURS.get(garder_sous) if garder_sous else None
        if futur is None:
            futur, nouveau = _EXECUTEUR.submit(_rendre, html, base_url, recuperateur), True
            if garder_sous:
                _EN_COURS[garder_sous] = futur
    if nouveau and garder_sous:
        # Hors du verrou : un rendu déjà fini appelle `_garder` tout de suite, dans ce fil,
        # et `_garder` prend le verrou (non réentrant).
        futur.add_done_callback(partial(_garder, garder_sous))
    try:
        return futur.result(timeout=settings.PDF_TIMEOUT)
    except TimeoutError as erreur:
        logger.error("PDF : rendu non terminé après %s s", settings.PDF_TIMEOUT)
        raise RenduImpossible("délai de rendu dépassé") from erreur
    except Exception as erreur:
        logger.exception("PDF : échec du rendu")
        raise RenduImpossible("échec du rendu") from erreur


def _rendre(html, base_url, recuperateur):
    document = HTML(string=html, base_url=base_url, url_fetcher=recuperateur)
    return document.write_pdf(pdf_variant=VARIANTE_PDF)


def _garder(cle, futur):
    # En cache avant de quitter les rendus en cours : une demande qui arrive entre les deux
    # trouve l'un ou l'autre, jamais aucun des deux.
    if not futur.cancelled() and futur.exception() is None:
        cache.set(cle, futur.result(), timeout=settings.PDF_CACHE_DUREE)
    with _VERROU:
        _EN_COURS.pop(cle, None)


def pdf_garde(cle):
    """Le PDF gardé en cache sous `cle`, ou None."""
    return cache.get(cle)


def gabarit_vers_pdf(request, gabarit, contexte, *, recuperateur=None):
    """Rend un gabarit Django puis son PDF ; l'adresse de la requête sert de base aux liens."""
    html = render_to_string(gabarit, contexte, request=request)
    return html_vers_pdf(html, base_url=request.build_absolute_uri("/"), recuperateur=recuperateur)


# --- Réponses ----------------------------------------------------------------------------------


def reponse_pdf(pdf, nom_fichier):
    """Le PDF à afficher dans le navigateur, sous un nom de fichier sans accents ni espaces."""
    nom_fichier = re.sub(r"[^\w.-]", "-", nom_fichier, flags=re.ASCII)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(False, nom_fichier)},
    )


def pdf_indisponible(request, *, retour_url, retour_libelle):
    """Page d'erreur française (503) quand un PDF n'a pas pu être produit ; jamais gardée en
    cache, pour que la demande suivante retente le rendu."""
    response = TemplateResponse(
        request,
        "portail/support/pdf_indisponible.html",
        {"retour_url": retour_url, "retour_libelle": retour_libelle},
        status=503,
    )
    response["Retry-After"] = "60"
    add_never_cache_headers(response)
    return response
