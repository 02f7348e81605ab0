"""Le fichier déposé, gardé entre l'analyse à blanc et la confirmation : le `Tableau` lu au
dépôt (le fichier n'est lu qu'une fois), en JSON dans le stockage des fichiers (`imports/`, nom
aléatoire) ; la session (côté serveur) garde le nom du fichier et l'empreinte SHA-256 du tableau,
sous un jeton propre à la personne. Le rapport et la confirmation relisent ce tableau et
vérifient son empreinte : rien de ce que le navigateur renvoie n'est cru."""

import datetime
import hashlib
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

from gestion.imports.lecture import Tableau

DOSSIER = "imports"
CLE_SESSION = "imports_mesures"
EN_ATTENTE_MAX = 3  # imports en attente de confirmation par session
DUREE_DE_GARDE = datetime.timedelta(hours=24)


def nom_de_fichier(nom):
    """Le nom du fichier déposé, tel qu'affiché et noté dans l'historique."""
    nom = get_valid_filename(nom.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:80]
    return nom or "fichier"


def deposer(session, tableau, nom):
    """Garde le tableau lu jusqu'à la confirmation ; renvoie le jeton de l'import."""
    nettoyer_fichiers_abandonnes()
    contenu = tableau.en_json()
    chemin = default_storage.save(
        f"{DOSSIER}/{secrets.token_urlsafe(24)}.import", ContentFile(contenu)
    )
    en_attente = dict(session.get(CLE_SESSION, {}))
    while len(en_attente) >= EN_ATTENTE_MAX:
        plus_ancien = min(en_attente, key=lambda jeton: en_attente[jeton]["depose_le"])
        default_storage.delete(en_attente.pop(plus_ancien)["fichier"])
    jeton = secrets.token_urlsafe(16)
    en_attente[jeton] = {
        "fichier": chemin,
        "nom": nom_de_fichier(nom),
        "empreinte": hashlib.sha256(contenu).hexdigest(),
        "depose_le": time.time(),
    }
    session[CLE_SESSION] = en_attente
    return jeton


def relire(session, jeton):
    """(tableau, nom) du fichier gardé sous `jeton` pour cette session, ou None (jeton
    inconnu, import déjà fait ou annulé, fichier disparu ou modifié)."""
    entree = session.get(CLE_SESSION, {}).get(jeton)
    if entree is None:
        return None
    try:
        with default_storage.open(entree["fichier"], "rb") as fichier:
            contenu = fichier.read()
    except OSError:
        contenu = None
    if contenu is None or hashlib.sha256(contenu).hexdigest() != entree["empreinte"]:
        oublier(session, jeton)
        return None
    return Tableau.depuis_json(contenu), entree["nom"]


def oublier(session, jeton):
    en_attente = dict(session.get(CLE_SESSION, {}))
    entree = en_attente.pop(jeton, None)
    if entree is not None:
        default_storage.delete(entree["fichier"])
    session[CLE_SESSION] = en_attente


def nettoyer_fichiers_abandonnes():
    """Supprime les fichiers d'imports jamais confirmés ni annulés (session fermée)."""
    try:
        _, fichiers = default_storage.listdir(DOSSIER)
    except (FileNotFoundError, NotImplementedError):
        return
    limite = timezone.now() - DUREE_DE_GARDE
    for nom in fichiers:
        chemin = f"{DOSSIER}/{nom}"
        try:
            if default_storage.get_modified_time(chemin) < limite:
                default_storage.delete(chemin)
        except (FileNotFoundError, NotImplementedError):
            continue
