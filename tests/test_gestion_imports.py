"""L'import des valeurs d'indicateurs (CSV et XLSX) : analyse à blanc ligne par ligne, rien
d'écrit avant la confirmation, « importer seulement les lignes valides », encodages, séparateurs,
fichiers vides, énormes, endommagés ou hostiles (jamais d'erreur 500), droits."""

import codecs
import io
import re
import zipfile
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gestion import imports, roles
from indicateurs.models import Mesure
from tests import factories
from tests.test_gestion_mesures import territoire  # noqa: F401 - fixture partagée
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db

URL = "/gestion/mesures/import/"
ENTETE = "indicateur;année;quartier;dispositif;valeur;source;commentaire"


@pytest.fixture
def coordinateur(client):
    return connecter(client, roles.COORDINATEUR)


@pytest.fixture
def donnees(territoire):  # noqa: F811
    indicateur = territoire["indicateur"]
    factories.DispositifFactory(slug="pass-avenir")
    factories.MesureFactory(indicateur=indicateur, periode=2022, valeur=10)
    factories.MesureFactory(indicateur=indicateur, periode=2023, valeur=20, source="Rectorat")
    return territoire


def fichier_csv(lignes, *, entete=ENTETE, encodage="utf-8", nom="valeurs.csv"):
    texte = "\r\n".join([entete, *lignes]) + "\r\n"
    return SimpleUploadedFile(nom, texte.encode(encodage), content_type="text/csv")


def fichier_xlsx(lignes, *, formats=None, nom="valeurs.xlsx"):
    classeur = Workbook()
    feuille = classeur.active
    for ligne in lignes:
        feuille.append(ligne)
    for coordonnee, format_nombre in (formats or {}).items():
        feuille[coordonnee].number_format = format_nombre
    tampon = io.BytesIO()
    classeur.save(tampon)
    return SimpleUploadedFile(nom, tampon.getvalue())


def deposer(client, fichier):
    return client.post(URL, {"fichier": fichier})


def rapport(client, fichier):
    """Dépose le fichier et suit la redirection vers le rapport de l'analyse à blanc."""
    response = deposer(client, fichier)
    assert response.status_code == 302, texte_visible(response)[-800:]
    return client.get(response.url), response.url


def resultat_de_ligne(response, numero):
    html = response.content.decode()
    trouve = re.search(rf'<th scope="row">{numero}</th>(.*?)</tr>', html, re.S)
    assert trouve, numero
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", trouve.group(1)))).strip()


def empreinte(response):
    return re.search(r'name="empreinte" value="([0-9a-f]+)"', response.content.decode()).group(1)


def etat_des_mesures():
    return sorted(
        Mesure.objects.values_list("indicateur_id", "periode", "quartier_id", "valeur", "source")
    ), Mesure.history.count()


# --- Droits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_matrice_des_droits(client, donnees, role):
    indicateur = donnees["indicateur"]
    # Un import en attente d'un autre coordinateur : son jeton n'ouvre rien pour les autres.
    autre = connecter(client.__class__(), roles.COORDINATEUR)
    depot = deposer(autre, fichier_csv([f"{indicateur.pk};2024;;;5;;"]))
    url_autre = depot.url

    connecter(client, ROLES[role])
    avant = etat_des_mesures()
    reponses = {
        "formulaire": client.get(URL),
        "dépôt": deposer(client, fichier_csv([f"{indicateur.pk};2025;;;5;;"])),
        "rapport d'un autre": client.get(url_autre),
        "confirmation d'un autre": client.post(url_autre, {"choix": "tout"}),
    }
    attendus = {
        "anonyme": {"formulaire": 302, "dépôt": 302, "rapport d'un autre": 302},
        "lecteur": dict.fromkeys(reponses, 403),
        "redacteur": dict.fromkeys(reponses, 403),
        "coordinateur": {"formulaire": 200, "dépôt": 302, "rapport d'un autre": 404},
    }[role]
    attendus.setdefault("confirmation d'un autre", attendus["rapport d'un autre"])
    for page, response in reponses.items():
        assert response.status_code == attendus[page], (role, page)
        if role == "anonyme":
            assert response.url.startswith("/comptes/connexion/?next=")
    assert etat_des_mesures() == avant


# --- Analyse à blanc ------------------------------------------------------------------------


def test_le_rapport_dit_ligne_par_ligne_ce_qui_serait_fait_sans_rien_ecrire(coordinateur, donnees):
    indicateur, calcule = donnees["indicateur"], donnees["calcule"]
    avant = etat_des_mesures()
    response, _ = rapport(
        coordinateur,
        fichier_csv(
            [
                f"{indicateur.pk};2024;sanitas;;12,5;Mission locale;",  # 2 : création
                f"{indicateur.pk};2022;;;15;;",  # 3 : mise à jour
                f"{indicateur.pk};2023;;;20;Rectorat;",  # 4 : inchangée
                f"{indicateur.pk};1999;;;4;;",  # 5
                f"{indicateur.pk};2024;inconnu;;4;;",  # 6
                f"{indicateur.pk};2024;les-rives;;beaucoup;;",  # 7
                f"{indicateur.pk};2021;les-rives;;3;;",  # 8 : doublon
                f"{indicateur.pk};2021;les-rives;;4;;",  # 9 : doublon
                f"{calcule.pk};2024;;;4;;",  # 10
                "Indicateur qui n'existe pas;2024;;;4;;",  # 11
                f"{indicateur.pk};2024;;dispositif-fantome;4;;",  # 12
                f"{indicateur.pk};2024;;pass-avenir;;;",  # 13
                "Nombre de jeunes accompagnés;2020;;pass-avenir;7;;",  # 14 : création
            ]
        ),
    )
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "rien n’a encore été écrit" in texte
    assert "Créations : 2" in texte and "Mises à jour : 1" in texte
    assert "Inchangées : 1" in texte and "Rejetées : 9" in texte
    assert resultat_de_ligne(response, 2).endswith("Création")
    assert "Mise à jour valeur : 10 → 15" in resultat_de_ligne(response, 3)
    assert resultat_de_ligne(response, 4).endswith("Inchangée")
    assert "année invalide : « 1999 »" in resultat_de_ligne(response, 5)
    assert "quartier inconnu : « inconnu »" in resultat_de_ligne(response, 6)
    assert "valeur non numérique" in resultat_de_ligne(response, 7)
    for numero in (8, 9):
        assert "doublon dans le fichier" in resultat_de_ligne(response, numero)
        assert "lignes 8, 9" in resultat_de_ligne(response, numero)
    assert "indicateur calculé : valeur non saisissable" in resultat_de_ligne(response, 10)
    assert "indicateur inconnu : « Indicateur qui n'existe pas »" in resultat_de_ligne(response, 11)
    assert "dispositif inconnu : « dispositif-fantome »" in resultat_de_ligne(response, 12)
    assert "valeur manquante" in resultat_de_ligne(response, 13)
    assert resultat_de_ligne(response, 14).endswith("Création")
    # Le fichier a des erreurs : seul « importer seulement les lignes valides » est proposé.
    assert "Importer seulement les lignes valides (3)" in texte
    assert etat_des_mesures() == avant


def test_un_fichier_avec_erreurs_n_ecrit_rien_sans_le_choix_explicite(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    avant = etat_des_mesures()
    response, url = rapport(
        coordinateur,
        fichier_csv([f"{indicateur.pk};2024;;;12;;", f"{indicateur.pk};2024;;;;;"]),
    )
    for choix in ("tout", "", "autre"):
        refus = coordinateur.post(url, {"choix": choix, "empreinte": empreinte(response)})
        assert refus.status_code == 409
        assert "Rien n’a été écrit : le fichier contient des lignes rejetées" in texte_visible(
            refus
        )
    assert etat_des_mesures() == avant


def test_importer_seulement_les_lignes_valides(coordinateur, donnees):
    indicateur, sanitas = donnees["indicateur"], donnees["sanitas"]
    response, url = rapport(
        coordinateur,
        fichier_csv(
            [
                f"{indicateur.pk};2024;sanitas;;12,5;Mission locale;Bilan",
                f"{indicateur.pk};2022;;;15;;",
                f"{indicateur.pk};2024;;;douze;;",
            ],
            nom="bilan 2024.csv",
        ),
    )
    fichier_garde = list(coordinateur.session[imports.CLE_SESSION].values())[0]["fichier"]
    assert default_storage.exists(fichier_garde)

    suite = coordinateur.post(
        url, {"choix": "lignes_valides", "empreinte": empreinte(response)}, follow=True
    )

    assert suite.redirect_chain[-1][0] == "/gestion/mesures/"
    assert "Import de « bilan_2024.csv » fait : 1 valeur(s) créée(s), 1 mise(s) à jour" in (
        texte_visible(suite)
    )
    creee = Mesure.objects.get(indicateur=indicateur, quartier=sanitas)
    assert (creee.periode, creee.valeur, creee.source, creee.commentaire) == (
        2024,
        Decimal("12.50"),
        "Mission locale",
        "Bilan",
    )
    assert Mesure.objects.get(indicateur=indicateur, periode=2022).valeur == Decimal("15.00")
    assert not Mesure.objects.filter(periode=2024, quartier=None).exists()
    for mesure in (creee, Mesure.objects.get(indicateur=indicateur, periode=2022)):
        entree = mesure.history.latest("history_date", "history_id")
        assert entree.history_user == coordinateur.user
        assert entree.history_change_reason == "Import du fichier bilan_2024.csv"
    # Le fichier gardé est supprimé, l'import n'est plus en attente.
    assert not default_storage.exists(fichier_garde)
    assert coordinateur.session[imports.CLE_SESSION] == {}
    assert coordinateur.post(url, {"choix": "lignes_valides"}).status_code == 404


def test_un_fichier_sans_erreur_s_importe_en_une_fois(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    response, url = rapport(
        coordinateur,
        fichier_csv(
            [f"{indicateur.pk};{annee};les-rives;;{annee - 2000};;" for annee in (2020, 2021)]
        ),
    )
    assert "Importer 2 valeurs" in texte_visible(response)
    assert (
        coordinateur.post(url, {"choix": "tout", "empreinte": empreinte(response)}).status_code
        == 302
    )
    assert sorted(
        Mesure.objects.filter(quartier=donnees["rives"]).values_list("periode", "valeur")
    ) == [(2020, Decimal("20.00")), (2021, Decimal("21.00"))]


def test_annuler_ne_rien_ecrit_et_oublie_le_fichier(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    avant = etat_des_mesures()
    response, url = rapport(coordinateur, fichier_csv([f"{indicateur.pk};2024;;;12;;"]))
    fichier_garde = list(coordinateur.session[imports.CLE_SESSION].values())[0]["fichier"]
    suite = coordinateur.post(url, {"choix": "annuler"}, follow=True)
    assert "annulé : rien n’a été écrit" in texte_visible(suite)
    assert etat_des_mesures() == avant
    assert not default_storage.exists(fichier_garde)
    assert coordinateur.get(url).status_code == 404


def test_des_donnees_changees_entre_l_analyse_et_la_confirmation(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    response, url = rapport(coordinateur, fichier_csv([f"{indicateur.pk};2022;;;15;;"]))
    Mesure.objects.filter(periode=2022).update(valeur=15)  # quelqu'un l'a fait entre-temps
    avant = etat_des_mesures()
    suite = coordinateur.post(url, {"choix": "tout", "empreinte": empreinte(response)})
    assert suite.status_code == 409
    assert "Les données ont changé depuis l’analyse" in texte_visible(suite)
    assert resultat_de_ligne(suite, 2).endswith("Inchangée")
    assert etat_des_mesures() == avant


def test_un_fichier_modifie_dans_le_stockage_n_est_plus_cru(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    response, url = rapport(coordinateur, fichier_csv([f"{indicateur.pk};2024;;;12;;"]))
    chemin = list(coordinateur.session[imports.CLE_SESSION].values())[0]["fichier"]
    default_storage.delete(chemin)
    default_storage.save(chemin, io.BytesIO(f"{ENTETE}\n{indicateur.pk};2024;;;999;;\n".encode()))
    suite = coordinateur.post(url, {"choix": "tout", "empreinte": empreinte(response)})
    assert suite.status_code == 404
    assert not Mesure.objects.filter(periode=2024).exists()


def test_export_puis_import_ne_change_rien(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    factories.MesureFactory(
        indicateur=indicateur,
        periode=2021,
        valeur=Decimal("3.25"),
        quartier=donnees["sanitas"],
        commentaire='=HYPERLINK("http://exemple.invalid")',
    )
    for format in ("csv", "xlsx"):
        export = coordinateur.get(f"/gestion/mesures/export.{format}")
        fichier = SimpleUploadedFile(f"export.{format}", export.content)
        response, _ = rapport(coordinateur, fichier)
        texte = texte_visible(response)
        assert "Inchangées : 3" in texte and "Rejetées : 0" in texte, format
        assert "Colonne" not in texte  # aucune colonne ignorée signalée


# --- Encodages, séparateurs, XLSX ------------------------------------------------------------


@pytest.mark.parametrize(
    ("encodage", "bom"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("latin-1", b"")],
)
def test_encodages_reconnus(coordinateur, donnees, encodage, bom):
    lignes = ["Nombre de jeunes accompagnés;2024;sanitas;;8;Données à vérifier;Été"]
    fichier = fichier_csv(lignes, encodage=encodage)
    fichier = SimpleUploadedFile("valeurs.csv", bom + fichier.read())
    response, url = rapport(coordinateur, fichier)
    assert resultat_de_ligne(response, 2).endswith("Création")
    coordinateur.post(url, {"choix": "tout", "empreinte": empreinte(response)})
    mesure = Mesure.objects.get(quartier=donnees["sanitas"])
    assert (mesure.source, mesure.commentaire) == ("Données à vérifier", "Été")


@pytest.mark.parametrize(
    ("entete", "ligne"),
    [
        (ENTETE, "{pk};2024;sanitas;;12,5;;"),
        (ENTETE.replace(";", ","), '{pk},2024,sanitas,,"12,5",,'),
        (ENTETE.replace(";", ","), "{pk},2024,sanitas,,12.5,,"),
        (ENTETE.replace(";", "\t"), "{pk}\t2024\tsanitas\t\t12,5\t\t"),
    ],
    ids=["point-virgule", "virgule", "virgule-point-decimal", "tabulation"],
)
def test_separateurs_reconnus(coordinateur, donnees, entete, ligne):
    fichier = fichier_csv([ligne.format(pk=donnees["indicateur"].pk)], entete=entete)
    response, url = rapport(coordinateur, fichier)
    assert resultat_de_ligne(response, 2).endswith("Création")
    coordinateur.post(url, {"choix": "tout", "empreinte": empreinte(response)})
    assert Mesure.objects.get(quartier=donnees["sanitas"]).valeur == Decimal("12.50")


def test_un_classeur_xlsx(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    pourcentage = factories.IndicateurFactory(
        fiche=donnees["fiche"], type_valeur="pourcentage", libelle="Taux de réussite"
    )
    fichier = fichier_xlsx(
        [
            ["Indicateur", "Année", "Quartier", "Dispositif", "Valeur", "Source", "Commentaire"],
            [indicateur.pk, 2024, "sanitas", None, 12.5, "Mission locale", None],
            [pourcentage.pk, 2024, None, None, 0.455, None, None],  # affiché « 45,5 % »
            [indicateur.pk, 2025, None, None, "=2+2", None, None],
            [indicateur.pk, "deux mille", None, None, 4, None, None],
            [],
            [indicateur.pk, 2022, None, None, 10, None, None],
        ],
        formats={"E3": "0.0%"},
    )
    response, url = rapport(coordinateur, fichier)
    assert resultat_de_ligne(response, 2).endswith("Création")
    assert resultat_de_ligne(response, 3).endswith("Création")
    assert "formule refusée (colonne « valeur »)" in resultat_de_ligne(response, 4)
    assert "année invalide : « deux mille »" in resultat_de_ligne(response, 5)
    assert resultat_de_ligne(response, 7).endswith("Inchangée")
    coordinateur.post(url, {"choix": "lignes_valides", "empreinte": empreinte(response)})
    assert Mesure.objects.get(quartier=donnees["sanitas"]).valeur == Decimal("12.50")
    assert Mesure.objects.get(indicateur=pourcentage).valeur == Decimal("45.50")
    assert not Mesure.objects.filter(periode=2025).exists()


def test_cellules_qui_ressemblent_a_des_formules(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    response, url = rapport(
        coordinateur,
        fichier_csv(
            [
                f"{indicateur.pk};2024;;;=1+2;;",
                f'{indicateur.pk};2025;;;5;@SUM(A1);\'=HYPERLINK("x")',
            ]
        ),
    )
    assert "valeur non numérique" in resultat_de_ligne(response, 2)
    coordinateur.post(url, {"choix": "lignes_valides", "empreinte": empreinte(response)})
    mesure = Mesure.objects.get(periode=2025)
    # Gardées comme du texte, jamais exécutées : l'export les neutralise (voir ses tests).
    assert (mesure.source, mesure.commentaire) == ("@SUM(A1)", '=HYPERLINK("x")')


def test_colonnes_en_plus_signalees_et_colonnes_facultatives_absentes(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    response, url = rapport(
        coordinateur,
        fichier_csv(
            [f"{indicateur.pk};2023;25;Remarque libre"],
            entete="indicateur;annee;valeur;remarque",
        ),
    )
    texte = texte_visible(response)
    assert "Colonne ignorée (nom non reconnu) : « remarque »" in texte
    assert "Mise à jour valeur : 20 → 25" in resultat_de_ligne(response, 2)
    coordinateur.post(url, {"choix": "tout", "empreinte": empreinte(response)})
    # La colonne « source » absente laisse la source déjà notée.
    assert Mesure.objects.get(periode=2023).source == "Rectorat"


# --- Fichiers refusés : message français, rien d'écrit, jamais d'erreur 500 ------------------


def _zip_abime():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("[Content_Types].xml", "pas du xml")
    return tampon.getvalue()


def _xlsx_tronque():
    classeur = Workbook()
    classeur.active.append(["indicateur", "année", "valeur"])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()[:400]


def _bombe_xlsx():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (imports.TAILLE_DECOMPRESSEE_MAX + 1))
    return tampon.getvalue()


FICHIERS_REFUSES = [
    ("vide", "valeurs.csv", b"", "Le fichier soumis est vide"),
    ("blanc", "valeurs.csv", b"  \r\n\r\n", "Le fichier est vide"),
    ("en-tête seul", "valeurs.csv", (ENTETE + "\r\n").encode(), "ne contient que la ligne"),
    (
        "colonnes manquantes",
        "valeurs.csv",
        b"indicateur;quartier\n1;sanitas\n",
        "Colonnes obligatoires absentes de la première ligne : « année », « valeur »",
    ),
    (
        "colonne en double",
        "valeurs.csv",
        b"indicateur;annee;valeur;Valeur\n1;2024;3;4\n",
        "Colonne en double dans l'en-tête : « valeur »",
    ),
    ("binaire", "valeurs.csv", bytes(range(256)) * 4, "Fichier illisible"),
    ("utf-16 sans BOM", "valeurs.csv", ENTETE.encode("utf-16-le"), "Fichier illisible"),
    ("xls", "valeurs.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    ("zip abîmé", "valeurs.xlsx", _zip_abime(), "XLSX illisible ou endommagé"),
    ("xlsx tronqué", "valeurs.xlsx", _xlsx_tronque(), "XLSX illisible ou endommagé"),
    ("faux xlsx", "valeurs.xlsx", b"ceci n'est pas un classeur", "XLSX illisible"),
    ("bombe", "valeurs.xlsx", _bombe_xlsx(), "trop volumineux une fois décompressé"),
    (
        "guillemet jamais fermé",
        "valeurs.csv",
        (ENTETE + '\n1;2024;;;"' + "x" * 200_000 + "\n").encode(),
        "Fichier CSV mal formé",
    ),
    (
        "trop gros",
        "valeurs.csv",
        (ENTETE + "\n" + "1;2024;;;3;;" + " " * (imports.TAILLE_MAX)).encode(),
        "Fichier trop volumineux",
    ),
]


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [f[1:] for f in FICHIERS_REFUSES],
    ids=[f[0] for f in FICHIERS_REFUSES],
)
def test_fichier_refuse_avec_un_message_francais(coordinateur, donnees, nom, contenu, message):
    avant = etat_des_mesures()
    response = deposer(coordinateur, SimpleUploadedFile(nom, contenu))
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Le fichier n’a pas été importé, rien n’a été écrit" in texte
    assert message in texte
    assert etat_des_mesures() == avant
    assert not coordinateur.session.get(imports.CLE_SESSION)


def test_trop_de_lignes(coordinateur, donnees):
    lignes = "\n".join(f"1;{2000 + n % 100};;;{n};;" for n in range(imports.LIGNES_MAX + 1))
    fichier = SimpleUploadedFile("valeurs.csv", f"{ENTETE}\n{lignes}\n".encode())
    assert len(fichier) < imports.TAILLE_MAX
    response = deposer(coordinateur, fichier)
    assert response.status_code == 200
    # (texte_visible ramène l'espace fine des milliers à une espace)
    assert "Le fichier dépasse 50 000 lignes" in texte_visible(response)


def test_les_lignes_vides_comptent_dans_la_limite(coordinateur, donnees):
    vides = "\n" * (imports.LIGNES_MAX + 1)
    fichier = SimpleUploadedFile("valeurs.csv", f"{ENTETE}{vides}1;2024;;;3;;\n".encode())
    response = deposer(coordinateur, fichier)
    assert response.status_code == 200
    assert "Le fichier dépasse 50 000 lignes (lignes vides comprises" in texte_visible(response)


def _xlsx_aux_dimensions_mensongeres():
    """Un classeur de quelques Ko qui déclare A1:XFD20000000 et n'a qu'une cellule, à la ligne
    20 000 000 : openpyxl, qui croit les dimensions, remplirait 20 millions de lignes de 16 384
    cellules."""
    classeur = Workbook()
    classeur.active.append(["indicateur", "année", "valeur"])
    classeur.active["A2"] = 1
    tampon = io.BytesIO()
    classeur.save(tampon)
    source, sortie = zipfile.ZipFile(tampon), io.BytesIO()
    with zipfile.ZipFile(sortie, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for element in source.infolist():
            donnees = source.read(element.filename)
            if element.filename == "xl/worksheets/sheet1.xml":
                donnees = re.sub(
                    rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD20000000"/>', donnees
                )
                donnees = donnees.replace(b'<row r="2"', b'<row r="20000000"')
                donnees = donnees.replace(b'r="A2"', b'r="A20000000"')
                assert b"XFD20000000" in donnees and b'r="A20000000"' in donnees
            archive.writestr(element.filename, donnees)
    return sortie.getvalue()


class TropDeLignesLues(Exception):
    pass


def test_un_xlsx_aux_dimensions_mensongeres_est_refuse_sans_lire_au_dela_de_la_limite(
    coordinateur, donnees, monkeypatch
):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    contenu = _xlsx_aux_dimensions_mensongeres()
    assert len(contenu) < 10_000
    lues, largeurs = [], set()
    lire_les_lignes = ReadOnlyWorksheet._cells_by_row

    def compter(self, *args, **kwargs):
        for ligne in lire_les_lignes(self, *args, **kwargs):
            lues.append(1)
            largeurs.add(len(ligne))
            if len(lues) > imports.LIGNES_MAX + 10:  # l'ancien code irait jusqu'à 20 millions
                raise TropDeLignesLues
            yield ligne

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", compter)
    avant = etat_des_mesures()
    response = deposer(coordinateur, SimpleUploadedFile("valeurs.xlsx", contenu))
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Le fichier dépasse 50 000 lignes (lignes vides comprises" in texte
    # L'en-tête, la limite, puis la ligne qui la dépasse ; jamais plus de colonnes que permis.
    assert len(lues) <= imports.LIGNES_MAX + 2
    assert max(largeurs) <= imports.COLONNES_MAX
    assert etat_des_mesures() == avant
    assert not coordinateur.session.get(imports.CLE_SESSION)


def test_le_fichier_n_est_lu_qu_une_fois_par_import(coordinateur, donnees, monkeypatch):
    indicateur = donnees["indicateur"]
    lectures = []
    lire_tableau = imports.lire_tableau

    def compter(*args, **kwargs):
        lectures.append(1)
        return lire_tableau(*args, **kwargs)

    monkeypatch.setattr(imports, "lire_tableau", compter)
    fichier = fichier_xlsx(
        [["indicateur", "année", "valeur"], [indicateur.pk, 2024, 7], [indicateur.pk, 2025, "=1"]]
    )
    response, url = rapport(coordinateur, fichier)
    assert "formule refusée" in resultat_de_ligne(response, 3)
    assert coordinateur.get(url).status_code == 200
    suite = coordinateur.post(url, {"choix": "lignes_valides", "empreinte": empreinte(response)})
    assert suite.status_code == 302
    assert Mesure.objects.get(indicateur=indicateur, periode=2024).valeur == 7
    assert not Mesure.objects.filter(indicateur=indicateur, periode=2025).exists()
    assert len(lectures) == 1


def test_sans_fichier(coordinateur, donnees):
    response = coordinateur.post(URL, {})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in texte_visible(response)


# --- Nombre de requêtes ------------------------------------------------------------------------


def test_l_analyse_a_un_nombre_de_requetes_fixe(coordinateur, donnees):
    indicateur = donnees["indicateur"]
    _, peu = rapport(coordinateur, fichier_csv([f"{indicateur.pk};2024;sanitas;;1;;"]))
    lignes = [
        f"{indicateur.pk};{annee};{quartier};;{annee};;"
        for annee in range(2000, 2040)
        for quartier in ("", "sanitas", "les-rives")
    ]
    _, beaucoup = rapport(coordinateur, fichier_csv(lignes))
    assert nombre_de_requetes(coordinateur, beaucoup) == nombre_de_requetes(coordinateur, peu)


def test_entrees_hostiles_dans_chaque_colonne(coordinateur, donnees):
    from tests.corpus_hostile import TOUT

    indicateur = donnees["indicateur"]
    texte = factories.IndicateurFactory(fiche=donnees["fiche"], type_valeur="texte")
    lignes = []
    for hostile in TOUT:
        cellule = '"' + hostile.replace('"', '""').replace("\r\n", " ") + '"'
        lignes += [
            f"{cellule};2024;;;1;;",
            f"{indicateur.pk};{cellule};;;1;;",
            f"{indicateur.pk};2024;{cellule};;1;;",
            f"{indicateur.pk};2024;;{cellule};1;;",
            f"{indicateur.pk};2024;;;{cellule};;",
            f"{texte.pk};2024;;;{cellule};{cellule};{cellule}",
        ]
    fichier = SimpleUploadedFile("hostile.csv", ("\n".join([ENTETE, *lignes]) + "\n").encode())
    response = deposer(coordinateur, fichier)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        rapport_ = coordinateur.get(response.url)
        assert rapport_.status_code == 200
        suite = coordinateur.post(
            response.url, {"choix": "lignes_valides", "empreinte": empreinte(rapport_)}
        )
        assert suite.status_code in (302, 409)
    assert coordinateur.get(f"{URL}%C2%B2/").status_code == 404


# --- Fichiers gardés entre l'analyse et la confirmation ----------------------------------------


def test_les_fichiers_gardes_sont_nettoyes(coordinateur, donnees, monkeypatch):
    indicateur = donnees["indicateur"]
    jetons = []
    for annee in range(2020, 2020 + imports.EN_ATTENTE_MAX + 1):
        jetons.append(deposer(coordinateur, fichier_csv([f"{indicateur.pk};{annee};;;1;;"])).url)
    en_attente = coordinateur.session[imports.CLE_SESSION]
    assert len(en_attente) == imports.EN_ATTENTE_MAX
    # Le plus ancien import en attente est oublié, son fichier supprimé.
    assert coordinateur.get(jetons[0]).status_code == 404
    assert coordinateur.get(jetons[-1]).status_code == 200
    gardes = [entree["fichier"] for entree in en_attente.values()]
    assert all(default_storage.exists(chemin) for chemin in gardes)

    # Un fichier abandonné (session fermée sans confirmer) disparaît au dépôt suivant.
    monkeypatch.setattr(imports.depot, "DUREE_DE_GARDE", -imports.DUREE_DE_GARDE)
    autre = connecter(coordinateur.__class__(), roles.COORDINATEUR)
    deposer(autre, fichier_csv([f"{indicateur.pk};2030;;;1;;"]))
    assert not any(default_storage.exists(chemin) for chemin in gardes)
    nouveau = list(autre.session[imports.CLE_SESSION].values())[0]["fichier"]
    assert default_storage.exists(nouveau)
    assert nouveau.startswith("imports/") and len(nouveau) > len("imports/") + 30
