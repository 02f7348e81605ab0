"""L'architecture tenue par des tests : qui importe qui, et la taille des modules.

Le graphe est lu statiquement (module `ast`) dans chaque fichier Python des applications, imports
placés dans une fonction compris : un import local ne contourne pas la règle. Les `urls.py`,
qui câblent tout, et les réglages sont hors du graphe, comme le dit le README.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

RACINE = Path(settings.BASE_DIR)
# Du cœur vers le haut : chaque application n'importe que celles qui la précèdent ; `demo`
# (outils de démonstration et de mesure) est à côté et peut tout importer.
ORDRE = [
    "contrat_ville",
    "dispositifs",
    "fiches",
    "seances",
    "actions",
    "indicateurs",
    "portail",
    "gestion",
]
A_COTE = ["demo"]
APPLICATIONS = ORDRE + A_COTE
HORS_GRAPHE = {"urls.py", "settings.py", "settings_test.py"}
TAILLE_MAX = 500


def _fichiers(application, *, migrations=False):
    for fichier in sorted((RACINE / application).rglob("*.py")):
        if "migrations" in fichier.parts and not migrations:
            continue
        yield fichier


def _applications_importees(fichier):
    arbre = ast.parse(fichier.read_text(encoding="utf-8"), filename=str(fichier))
    importees = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms = [alias.name for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            noms = [noeud.module]
        else:
            continue
        importees |= {nom.split(".")[0] for nom in noms} & set(APPLICATIONS)
    return importees


def graphe():
    """{application: {application importée: [fichiers qui l'importent]}}."""
    aretes = {application: {} for application in APPLICATIONS}
    for application in APPLICATIONS:
        for fichier in _fichiers(application):
            if fichier.name in HORS_GRAPHE:
                continue
            for importee in _applications_importees(fichier) - {application}:
                relatif = str(fichier.relative_to(RACINE))
                aretes[application].setdefault(importee, []).append(relatif)
    return aretes


def _cycles(aretes):
    cycles, chemin, etats = [], [], {}

    def visiter(noeud):
        etats[noeud] = "en cours"
        chemin.append(noeud)
        for voisin in sorted(aretes[noeud]):
            if etats.get(voisin) == "en cours":
                cycles.append(chemin[chemin.index(voisin) :] + [voisin])
            elif voisin not in etats:
                visiter(voisin)
        chemin.pop()
        etats[noeud] = "fini"

    for noeud in sorted(aretes):
        if noeud not in etats:
            visiter(noeud)
    return cycles


def test_aucun_cycle_d_imports_entre_applications():
    cycles = _cycles(graphe())
    assert not cycles, "Cycles d'imports : " + " ; ".join(" → ".join(c) for c in cycles)


def test_le_coeur_n_importe_aucune_autre_application():
    importees = graphe()["contrat_ville"]
    assert not importees, f"contrat_ville importe : {importees}"


@pytest.mark.parametrize("application", ORDRE)
def test_chaque_application_n_importe_que_celles_d_en_dessous(application):
    permises = set(ORDRE[: ORDRE.index(application)])
    interdites = {
        importee: fichiers
        for importee, fichiers in graphe()[application].items()
        if importee not in permises
    }
    assert not interdites, f"{application} importe au-dessus de lui : {interdites}"


def test_rien_n_importe_les_outils_de_demonstration():
    aretes = graphe()
    fautifs = {app: aretes[app]["demo"] for app in ORDRE if "demo" in aretes[app]}
    assert not fautifs, f"demo importé par : {fautifs}"


def test_aucun_module_ecrit_a_la_main_ne_depasse_500_lignes():
    trop_longs = {
        str(fichier.relative_to(RACINE)): nombre
        for application in APPLICATIONS
        for fichier in _fichiers(application)
        if (nombre := len(fichier.read_text(encoding="utf-8").splitlines())) > TAILLE_MAX
    }
    assert not trop_longs, f"Modules de plus de {TAILLE_MAX} lignes : {trop_longs}"


def test_le_graphe_voit_les_imports_places_dans_une_fonction(tmp_path):
    fichier = tmp_path / "module.py"
    fichier.write_text("def f():\n    from seances.models import Seance\n    import portail.pdf\n")
    assert _applications_importees(fichier) == {"seances", "portail"}


def test_la_recherche_de_cycles_les_trouve():
    assert _cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b": []}, "b": {}}) == []
