"""Sauvegarde puis restauration dans une base vide : tout revient à l'identique."""

import gzip
import io
import json
import os
import shutil
import stat
import subprocess
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dispositifs.models import Dispositif
from portail.sauvegarde import SauvegardeInvalide, restaurer, sauvegarder
from seances.models import Diffusion
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n% support de presentation\n" + bytes(range(256)) * 40


def instantane():
    """Toutes les lignes de toutes les tables du portail (historique compris), triées."""
    lignes = {}
    for modele in apps.get_models():
        if modele._meta.app_label in {"contenttypes", "sessions", "admin", "axes"}:
            continue
        # Permissions recréées par les migrations ; compteur de version du cache de pages.
        if modele._meta.label in {"auth.Permission", "contrat_ville.VersionDonnees"}:
            continue
        objets = modele._default_manager.order_by("pk")
        lignes[modele._meta.label] = json.loads(
            serializers.serialize("json_precis", objets, use_natural_foreign_keys=True)
        )
    return lignes


def test_sauvegarde_puis_restauration_a_l_identique(settings):
    call_command("charger_demo", verbosity=0, force=True)
    agent = factories.UserFactory(username="coordinatrice", role="Coordinateur")
    dispositif = factories.DispositifFactory(publie=True, nom="Avant modification")
    dispositif.nom = "Après modification"
    dispositif.save()
    diffusion = factories.DiffusionFactory(enregistree_par=agent)
    diffusion.fichier.save("support.pdf", ContentFile(PDF))
    avant = instantane()
    nom_du_fichier = diffusion.fichier.name

    archive = io.BytesIO()
    manifeste = sauvegarder(archive)
    assert manifeste["fichiers"] == [nom_du_fichier]

    call_command("flush", verbosity=0, interactive=False)
    default_storage.delete(nom_du_fichier)
    assert not Diffusion.objects.exists()

    archive.seek(0)
    restaurer(archive)
    apres = instantane()
    assert apres.keys() == avant.keys()
    for modele, lignes in avant.items():
        differences = [
            (a["pk"], cle, a["fields"][cle], b["fields"].get(cle))
            for a, b in zip(lignes, apres[modele], strict=False)
            for cle in a["fields"]
            if a["fields"][cle] != b["fields"].get(cle)
        ]
        assert differences == [], modele
        assert len(apres[modele]) == len(lignes), modele
    assert len(avant["dispositifs.HistoricalDispositif"]) > 20
    with default_storage.open(nom_du_fichier, "rb") as fichier:
        assert fichier.read() == PDF
    # Les séquences reprennent après les identifiants restaurés.
    assert factories.DispositifFactory().pk > dispositif.pk


def test_restauration_refusee_dans_une_base_qui_a_des_donnees():
    factories.DispositifFactory()
    archive = io.BytesIO()
    sauvegarder(archive)
    archive.seek(0)
    with pytest.raises(SauvegardeInvalide, match="base vide"):
        restaurer(archive)


def _tar_gz(**membres):
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for nom, contenu in membres.items():
            info = tarfile.TarInfo(nom)
            info.size = len(contenu)
            tar.addfile(info, io.BytesIO(contenu))
    return archive.getvalue()


MANIFESTE = json.dumps({"format": 1, "fichiers": []}).encode()
ARCHIVES_INVALIDES = {
    "pas du gzip": b"pas une archive",
    "vide": b"",
    "gzip de JSON invalide": gzip.compress(b'{"format": 1, "fichiers": ['),
    "manifeste illisible": _tar_gz(**{"manifeste.json": b"{pas du json", "donnees.json": b"[]"}),
    "manifeste qui n'est pas un objet": _tar_gz(
        **{"manifeste.json": b"[1]", "donnees.json": b"[]"}
    ),
    "données illisibles": _tar_gz(**{"manifeste.json": MANIFESTE, "donnees.json": b"[{pas du"}),
    "données d'un modèle inconnu": _tar_gz(
        **{"manifeste.json": MANIFESTE, "donnees.json": b'[{"model": "x.y", "fields": {}}]'}
    ),
}


@pytest.mark.parametrize("contenu", ARCHIVES_INVALIDES.values(), ids=ARCHIVES_INVALIDES.keys())
def test_archive_invalide_refusee_en_francais_sans_rien_ecrire(tmp_path, contenu):
    chemin = tmp_path / "sauvegarde.tar.gz"
    chemin.write_bytes(contenu)
    groupes = Group.objects.count()
    with pytest.raises(CommandError, match="Restauration impossible : archive invalide"):
        call_command("restaurer", str(chemin))
    assert not Dispositif.objects.exists()
    assert Group.objects.count() == groupes


def test_archive_tronquee_refusee_sans_rien_restaurer(tmp_path):
    """Coupée dans le fichier déposé : ni les lignes déjà relues ni le fichier ne restent."""
    factories.DispositifFactory()
    diffusion = factories.DiffusionFactory()
    diffusion.fichier.save("support.pdf", ContentFile(bytes(range(256)) * 4000))
    nom = diffusion.fichier.name
    entiere = io.BytesIO()
    sauvegarder(entiere)
    call_command("flush", verbosity=0, interactive=False)
    default_storage.delete(nom)
    chemin = tmp_path / "tronquee.tar.gz"
    for longueur in (len(entiere.getvalue()) - 100, 200):
        chemin.write_bytes(entiere.getvalue()[:longueur])
        with pytest.raises(CommandError, match="archive invalide"):
            call_command("restaurer", str(chemin))
        assert not Dispositif.objects.exists()
        assert not Diffusion.objects.exists()
        assert not default_storage.exists(nom)


def test_archive_ecrite_lisible_par_son_seul_proprietaire(tmp_path):
    """Elle contient les empreintes des mots de passe : 0600 dès sa création, quel que soit
    le umask, y compris quand elle remplace une ancienne archive 0644."""
    factories.UserFactory()
    ancienne = tmp_path / "ancienne.tar.gz"
    ancienne.write_bytes(b"")
    ancienne.chmod(0o644)
    masque = os.umask(0o022)
    try:
        for chemin in (tmp_path / "neuve.tar.gz", ancienne):
            call_command("sauvegarder", str(chemin), stdout=io.StringIO())
            assert stat.S_IMODE(chemin.stat().st_mode) == 0o600, chemin.name
            with tarfile.open(chemin) as archive:
                assert archive.getnames()[:2] == ["manifeste.json", "donnees.json"]
    finally:
        os.umask(masque)
    # Rien de provisoire ne reste à côté.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ancienne.tar.gz", "neuve.tar.gz"]


def _commande_pg(programme, *arguments, base=None):
    reglages = connection.settings_dict
    acces = [f"--host={reglages['HOST'] or '127.0.0.1'}", f"--username={reglages['USER']}"]
    if reglages["PORT"]:
        acces.append(f"--port={reglages['PORT']}")
    if base:
        acces.append(f"--dbname={base}")
    environnement = {**os.environ, "PGPASSWORD": reglages["PASSWORD"] or ""}
    return subprocess.run(
        [programme, *acces, *arguments],
        env=environnement,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump / pg_restore : la voie recommandée sur PostgreSQL, sans objet sur SQLite",
)
def test_pg_dump_puis_pg_restore_dans_une_base_neuve(tmp_path):
    """La voie documentée pour la production : `pg_dump --format=custom`, puis
    `pg_restore --clean --if-exists`, rejouable sur une base qui a déjà des tables."""
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump absent : installez postgresql-client (voir README).")
    serveur = connection.cursor().connection.info.server_version // 10000
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True)
    client = version.stdout.split()[2].split(".")[0]
    assert int(client) == serveur, "pg_dump doit être de la version majeure du serveur"
    factories.DispositifFactory.create_batch(3, publie=True)
    factories.UserFactory(username="coordinatrice", role="Coordinateur")
    base = connection.settings_dict["NAME"]
    copie = f"{base}_restauree"
    dump = tmp_path / "portail.dump"
    _commande_pg("pg_dump", "--format=custom", f"--file={dump}", base=base)
    _commande_pg("psql", "-c", f'DROP DATABASE IF EXISTS "{copie}"', base="postgres")
    _commande_pg("psql", "-c", f'CREATE DATABASE "{copie}"', base="postgres")
    try:
        for _ in range(2):  # la seconde fois, --clean remplace ce que la première a restauré
            _commande_pg(
                "pg_restore", "--clean", "--if-exists", "--no-owner", str(dump), base=copie
            )
        for modele in (Dispositif, Dispositif.history.model, User):
            table = modele._meta.db_table
            compte = f"SELECT count(*) FROM {table}"  # noqa: S608 (nom de table du modèle)
            lignes = _commande_pg("psql", "-Atc", compte, base=copie)
            assert int(lignes) == modele.objects.count() > 0, table
        empreinte = _commande_pg(
            "psql",
            "-Atc",
            "SELECT password FROM auth_user WHERE username = 'coordinatrice'",
            base=copie,
        )
        assert empreinte.strip() == User.objects.get(username="coordinatrice").password
    finally:
        _commande_pg("psql", "-c", f'DROP DATABASE IF EXISTS "{copie}"', base="postgres")
