"""Le français du portail (`contrat_ville.francais`) : nombres, pourcentages, dates, mois,
pluriels, accents et ordre alphabétique ; et les formats de Django, qui prennent la même espace
fine que nos nombres."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import formats

from contrat_ville import francais

FINE = "\u202f"


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (0, "0"),
        (999, "999"),
        (1234, f"1{FINE}234"),
        (1234567, f"1{FINE}234{FINE}567"),
        (-1234, f"-1{FINE}234"),
        (Decimal("-3"), "-3"),
        (Decimal("12.50"), "12,5"),
        (Decimal("10.00"), "10"),
        (Decimal("100"), "100"),
        (Decimal("1234.25"), f"1{FINE}234,25"),
        (Decimal("-0.00"), "0"),
        (12.5, "12,5"),
    ],
)
def test_un_nombre_s_ecrit_avec_l_espace_fine_et_la_virgule(valeur, attendu):
    assert francais.nombre(valeur) == attendu


def test_un_pourcentage_a_une_espace_fine_avant_le_signe():
    assert francais.pourcentage(Decimal("12.50")) == f"12,5{FINE}%"
    assert francais.pourcentage(Decimal("1500")) == f"1{FINE}500{FINE}%"


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [(Decimal("1234.25"), "1234,25"), (Decimal("-3"), "-3"), (Decimal("12.50"), "12,5"), (7, "7")],
)
def test_un_nombre_saisi_n_a_pas_de_separateur_des_milliers(valeur, attendu):
    assert francais.nombre_saisi(valeur) == attendu


def test_le_premier_du_mois_s_ecrit_1er():
    assert francais.date(datetime.date(2026, 12, 1)) == "1er décembre 2026"
    assert francais.date(datetime.date(2026, 12, 2)) == "2 décembre 2026"
    assert francais.date(datetime.date(2026, 12, 1), annee=False) == "1er décembre"
    assert (
        francais.date(datetime.date(2026, 12, 1), jour_de_la_semaine=True)
        == "mardi 1er décembre 2026"
    )


def test_une_date_et_heure_se_lit_a_l_heure_de_paris():
    # 31 décembre 23 h 30 UTC : déjà le 1er janvier à Paris.
    minuit_passe = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert francais.date(minuit_passe) == "1er janvier 2026"


def test_les_mois_sont_ceux_de_django_en_minuscules():
    assert francais.mois(1) == "janvier"
    assert francais.mois(8) == "août"
    assert francais.choix_des_mois()[0] == (1, "janvier")
    assert [nom for _, nom in francais.choix_des_mois()][-1] == "décembre"
    assert len(francais.choix_des_mois()) == 12


@pytest.mark.parametrize(
    ("compte", "attendu"),
    [(0, "0 séance"), (1, "1 séance"), (2, "2 séances"), (1234, f"1{FINE}234 séances")],
)
def test_zero_et_un_sont_au_singulier(compte, attendu):
    assert francais.pluriel(compte, "séance") == attendu


def test_un_pluriel_irregulier_se_donne():
    assert francais.pluriel(0, "mise à jour", "mises à jour") == "0 mise à jour"
    assert francais.pluriel(3, "mise à jour", "mises à jour") == "3 mises à jour"


def test_replier_retire_accents_et_casse():
    assert francais.replier("Élève ÉCOLE Noël") == "eleve ecole noel"
    assert francais.replier("Joué-lès-Tours") == "joue-les-tours"
    assert francais.replier("STRASSE Straße") == "strasse strasse"


def test_l_ordre_alphabetique_range_les_accents_avec_leur_lettre():
    noms = ["Zébulon", "Établissement", "Ème", "École", "Avenir"]
    assert sorted(noms, key=francais.cle_alphabetique) == [
        "Avenir",
        "École",
        "Ème",
        "Établissement",
        "Zébulon",
    ]
    assert sorted(["Ème", "Eme"], key=francais.cle_alphabetique) == ["Eme", "Ème"]


def test_les_formats_de_django_prennent_la_meme_espace_fine():
    assert formats.get_format("THOUSAND_SEPARATOR") == FINE
    assert intcomma(1234567) == f"1{FINE}234{FINE}567"
    assert formats.number_format(1234, force_grouping=True) == francais.nombre(1234)


def test_les_filtres_des_gabarits():
    gabarit = Template(
        "{% load portail %}{{ n|nombre_fr }} | {{ p|pourcentage_fr }} | {{ d|date_fr }} | "
        "{{ d|date_fr:'semaine' }} | {{ d|date_fr:'sans année' }} | "
        "{{ zero }} séance{{ zero|pluriel }} | {{ deux }} séance{{ deux|pluriel }} | "
        "{{ deux|pluriel:'a,ont' }} | {{ vide|nombre_fr }}{{ vide|date_fr }}."
    )
    rendu = gabarit.render(
        Context(
            {
                "n": Decimal("1234.50"),
                "p": Decimal("42.5"),
                "d": datetime.date(2026, 12, 1),
                "zero": 0,
                "deux": 2,
                "vide": None,
            }
        )
    )
    assert rendu == (
        f"1{FINE}234,5 | 42,5{FINE}% | 1er décembre 2026 | mardi 1er décembre 2026 | "
        "1er décembre | 0 séance | 2 séances | ont | ."
    )


def test_un_nombre_a_decimales_fixes_garde_ses_zeros():
    assert francais.nombre(0.25, decimales=3) == "0,250"
    assert francais.nombre(1234.5, decimales=1) == "1\u202f234,5"
    assert francais.nombre(0, decimales=3) == "0,000"
