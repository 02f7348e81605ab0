"""Ce que les optimisations des pages publiques doivent préserver (voir README, « Mesures de
performance ») : mêmes valeurs, même HTML, et un contenu borné là où la page le promet."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django import forms

from contrat_ville.formulaires import ListeDeChoix
from contrat_ville.models import Quartier
from indicateurs import series
from indicateurs.models import Indicateur
from portail.views.accueil import CHIFFRES_CLES
from seances.models import Seance
from tests import factories
from tests.utils import texte_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiche():
    return factories.FicheFactory(publie=True, code="1.2.2", titre="Faire connaître")


def test_les_dernieres_valeurs_sont_celles_des_series_completes(fiche):
    jeunes = factories.IndicateurFactory(fiche=fiche, publie=True, libelle="Jeunes suivis")
    for annee, valeur in [(2019, 12), (2021, 3), (2020, 40)]:
        factories.MesureFactory(indicateur=jeunes, periode=annee, valeur=valeur)
    quartier = factories.QuartierFactory()
    factories.MesureFactory(indicateur=jeunes, periode=2024, valeur=7, quartier=quartier)
    sans_valeur = factories.IndicateurFactory(fiche=fiche, publie=True)
    seances = factories.IndicateurFactory(fiche=fiche, publie=True, calcul="seances_tenues")
    for annee in (2020, 2020, 2022):
        factories.SeanceFactory(
            publie=True,
            etat=Seance.Etat.TENUE,
            debut=datetime.datetime(annee, 3, 10, 9, tzinfo=datetime.UTC),
        )
    indicateurs = [jeunes, sans_valeur, seances]

    dernieres = series.dernieres_valeurs(indicateurs)
    completes = series.series_completes(indicateurs)

    for indicateur in indicateurs:
        assert dernieres[indicateur.pk].derniere == completes[indicateur.pk].globale.derniere
    # 2021, pas 2024 (valeur d'un quartier), et 3 reste « moins de 5 ».
    assert dernieres[jeunes.pk].derniere.annee == 2021
    assert dernieres[jeunes.pk].derniere.affichage == "moins de 5"
    assert dernieres[sans_valeur.pk].derniere is None


def test_l_accueil_montre_quelques_chiffres_cles_jamais_ceux_d_un_indicateur_non_publie(
    client, fiche
):
    for rang in range(CHIFFRES_CLES + 3):
        indicateur = factories.IndicateurFactory(
            fiche=fiche, publie=True, ordre=rang, libelle=f"Indicateur numéro {rang}"
        )
        factories.MesureFactory(indicateur=indicateur, periode=2020, valeur=10 + rang)
    factories.IndicateurFactory(
        fiche=fiche, calcul=Indicateur.Calcul.SEANCES_TENUES, libelle="Séances en brouillon"
    )
    factories.SeanceFactory(publie=True, etat=Seance.Etat.TENUE)

    texte = texte_visible(client.get("/"))

    montres = re.findall(r"Indicateur numéro (\d+)", texte)
    assert montres == [str(rang) for rang in range(CHIFFRES_CLES)]
    assert "Séances en brouillon" not in texte


class FormulaireDeReference(forms.Form):
    quartier = forms.ModelChoiceField(
        queryset=Quartier.objects.order_by("nom"), to_field_name="slug", empty_label="Tous"
    )


class FormulaireRapide(FormulaireDeReference):
    quartier = forms.ModelChoiceField(
        queryset=Quartier.objects.order_by("nom"),
        to_field_name="slug",
        empty_label="Tous",
        widget=ListeDeChoix(attrs={"class": "form-select"}),
    )


class Elements(HTMLParser):
    """Balises, attributs (dans n'importe quel ordre) et textes d'un fragment HTML."""

    def __init__(self, html):
        super().__init__()
        self.lus = []
        self.feed(str(html))

    def handle_starttag(self, tag, attrs):
        self.lus.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.lus.append(f"/{tag}")

    def handle_data(self, data):
        if data.strip():
            self.lus.append(data.strip())


def elements(html):
    return Elements(html).lus


def test_la_liste_de_choix_rend_le_meme_html_que_django():
    factories.QuartierFactory(nom="Sanitas", slug="sanitas")
    factories.QuartierFactory(nom='Rives <du> "Cher" & Loire', slug="rives")
    donnees = {"quartier": "sanitas"}
    reference, rapide = FormulaireDeReference(donnees), FormulaireRapide(donnees)
    reference.fields["quartier"].widget.attrs["class"] = "form-select"

    assert elements(rapide["quartier"]) == elements(reference["quartier"])
    assert "&lt;du&gt; &quot;Cher&quot; &amp; Loire" in str(rapide["quartier"])
    assert 'value="sanitas" selected' in str(rapide["quartier"])
    assert " required" in str(rapide["quartier"])


def test_les_cases_des_facettes_echappent_les_noms_des_porteurs(client):
    porteur = factories.StructureFactory(nom="<script>alert(1)</script>", slug="piege")
    factories.DispositifFactory(publie=True, porteur=porteur)
    html = client.get("/dispositifs/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <span" in html
    assert 'name="porteur" value="piege" id="f-porteur-1"' in html


def test_la_facette_porteur_propose_les_plus_representes_et_ceux_coches(client):
    from dispositifs.annuaire import PORTEURS_PROPOSES

    gros = [factories.StructureFactory(nom=f"Gros porteur {n:02d}") for n in range(16)]
    for porteur in gros:
        factories.DispositifFactory.create_batch(2, publie=True, porteur=porteur)
    petit = factories.StructureFactory(nom="Petit porteur", slug="petit-porteur")
    factories.DispositifFactory(publie=True, porteur=petit)

    facette = client.get("/dispositifs/").context["facettes"][3]
    assert [o.libelle for o in facette.options] == [p.nom for p in gros[:PORTEURS_PROPOSES]]
    assert facette.autres == 2
    assert "Et 2 autres : cherchez-les par leur nom dans la recherche." in texte_visible(
        client.get("/dispositifs/")
    )

    cochee = client.get("/dispositifs/", {"porteur": "petit-porteur"}).context["facettes"][3]
    assert "Petit porteur" in [o.libelle for o in cochee.options if o.coche]
