"""Sauvegarde et restauration complètes : données, historique et fichiers déposés.

Une sauvegarde est une archive .tar.gz qui contient `donnees.json` (toutes les tables du
portail, historique compris, au format `json_precis` de `dumpdata`, avec les clés primaires
d'origine) et `fichiers/<nom>` pour chaque fichier déposé (les PDF diffusés). Elle se
restaure dans une base vide, sur SQLite comme sur PostgreSQL : les identifiants, les
relations, les entrées d'historique et les fichiers reviennent à l'identique.
"""

import contextlib
import gzip
import io
import json
import os
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import connection, transaction
from django.test.utils import override_settings

# Tables techniques reconstruites par les migrations ou sans valeur à restaurer.
EXCLUES = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
FORMAT = 1


class SauvegardeInvalide(Exception):
    pass


# Ce que lèvent tarfile, gzip et zlib devant une archive tronquée, corrompue ou qui n'en est pas.
ERREURS_D_ARCHIVE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError)


def _app_existe(label):
    try:
        apps.get_app_config(label)
    except LookupError:
        return False
    return True


def fichiers_deposes():
    """Les noms de tous les fichiers référencés par un FileField du portail."""
    noms = set()
    for modele in apps.get_models():
        champs = [c for c in modele._meta.get_fields() if c.get_internal_type() == "FileField"]
        for champ in champs:
            valeurs = modele._default_manager.exclude(**{champ.name: ""}).values_list(
                champ.name, flat=True
            )
            noms.update(v for v in valeurs if v)
    return sorted(noms)


def sauvegarder(destination):
    """Écrit l'archive dans `destination` (chemin ou fichier binaire ouvert)."""
    tampon = io.StringIO()
    call_command(
        "dumpdata",
        exclude=[e for e in EXCLUES if _app_existe(e.split(".")[0])],
        natural_foreign=True,
        # Le JSON de Django tronque les dates à la milliseconde et le XML perd les espaces de fin
        # et les « \r » : ce format garde tout (contrat_ville/serialisation_precise.py).
        format="json_precis",
        stdout=tampon,
    )
    donnees = tampon.getvalue().encode("utf-8")
    manifeste = {"format": FORMAT, "fichiers": fichiers_deposes()}
    with _ecriture(destination) as flux, tarfile.open(fileobj=flux, mode="w:gz") as archive:
        _ajouter(archive, "manifeste.json", json.dumps(manifeste).encode("utf-8"))
        _ajouter(archive, "donnees.json", donnees)
        for nom in manifeste["fichiers"]:
            with default_storage.open(nom, "rb") as fichier:
                _ajouter(archive, f"fichiers/{nom}", fichier.read())
    return manifeste


def base_vide():
    from contrat_ville.models import ContratDeVille, Structure
    from dispositifs.models import Dispositif

    return not any(m.objects.exists() for m in (ContratDeVille, Structure, Dispositif))


@transaction.atomic
def restaurer(source):
    """Recharge une archive dans une base migrée et vide ; tout ou rien."""
    if not base_vide():
        raise SauvegardeInvalide(
            "La base contient déjà des données : restaurez dans une base vide (migrate sur une "
            "base neuve), pour ne rien mélanger."
        )
    try:
        with _binaire(source, "rb") as flux, tarfile.open(fileobj=flux, mode="r:gz") as archive:
            # Lire tout le flux avant d'écrire quoi que ce soit : une archive tronquée est
            # refusée ici, pas au milieu des fichiers déposés.
            archive.getmembers()
            return _restaurer_depuis(archive)
    except ERREURS_D_ARCHIVE as erreur:
        raise SauvegardeInvalide(
            "archive invalide : tronquée, corrompue ou pas une sauvegarde du portail "
            f"(détail : {erreur or type(erreur).__name__})."
        ) from erreur


def _restaurer_depuis(archive):
    try:
        manifeste = json.loads(archive.extractfile("manifeste.json").read())
        donnees = archive.extractfile("donnees.json").read()
    except (KeyError, AttributeError, json.JSONDecodeError) as erreur:
        raise SauvegardeInvalide("archive invalide : manifeste ou données absents.") from erreur
    if not isinstance(manifeste, dict) or manifeste.get("format") != FORMAT:
        raise SauvegardeInvalide("archive invalide : format de sauvegarde inconnu.")
    # Les groupes de rôles créés par la migration seront remplacés par ceux de l'archive.
    apps.get_model("auth", "Group").objects.all().delete()
    # L'historique vient de l'archive : le rechargement ne doit pas en fabriquer d'autre
    # (simple_history en écrit pour les listes M2M, même lors d'un loaddata).
    with (
        tempfile.TemporaryDirectory() as dossier,
        override_settings(SIMPLE_HISTORY_ENABLED=False),
    ):
        chemin = Path(dossier) / "donnees.json"
        chemin.write_bytes(donnees)
        try:
            call_command("loaddata", str(chemin), format="json_precis", verbosity=0)
        except DeserializationError as erreur:
            raise SauvegardeInvalide(
                "archive invalide : les données ne se relisent pas."
            ) from erreur
    for nom in manifeste.get("fichiers", []):
        membre = archive.extractfile(f"fichiers/{nom}")
        if membre is None:
            raise SauvegardeInvalide(f"archive invalide : fichier manquant, {nom}.")
        if default_storage.exists(nom):
            default_storage.delete(nom)
        enregistre = default_storage.save(nom, ContentFile(membre.read()))
        if enregistre != nom:
            raise SauvegardeInvalide(f"Le fichier {nom} n'a pas pu être restauré à l'identique.")
    _recaler_sequences()
    return manifeste


def _recaler_sequences():
    """Sur PostgreSQL, les séquences doivent reprendre après les identifiants restaurés."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    modeles = [m for m in apps.get_models() if m._meta.managed]
    with connection.cursor() as curseur:
        for requete in connection.ops.sequence_reset_sql(no_style(), modeles):
            curseur.execute(requete)


def _ajouter(archive, nom, contenu):
    info = tarfile.TarInfo(nom)
    info.size = len(contenu)
    archive.addfile(info, io.BytesIO(contenu))


@contextlib.contextmanager
def _ecriture(destination):
    """L'archive contient les empreintes des mots de passe : lisible par son seul propriétaire.

    Elle naît en 0600 (mkstemp), dans le dossier de destination, puis prend son nom une fois
    complète : à aucun moment elle n'est lisible par d'autres, ni à moitié écrite sous son nom.
    """
    if hasattr(destination, "write"):
        yield destination
        return
    destination = Path(destination)
    descripteur, provisoire = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".partiel"
    )
    try:
        with os.fdopen(descripteur, "wb") as flux:
            yield flux
        os.replace(provisoire, destination)
    except BaseException:
        Path(provisoire).unlink(missing_ok=True)
        raise


def _binaire(cible, mode):
    """Un chemin est ouvert (et refermé) ici ; un fichier déjà ouvert reste à l'appelant."""
    if hasattr(cible, "read") or hasattr(cible, "write"):
        return contextlib.nullcontext(cible)
    return open(cible, mode)  # noqa: SIM115 (utilisé dans un with par l'appelant)
