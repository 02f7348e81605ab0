"""Le corpus hostile poussé dans chaque champ texte de chaque formulaire de l'espace équipe.

Attendu pour chaque envoi : un message de validation en français (200) ou un enregistrement
(302) de ce qui a été tapé, jamais une erreur 500 ; la valeur enregistrée s'affiche échappée.
"""

import pytest
from django import forms
from django.urls import reverse

from gestion import roles
from gestion.contenus import TYPES
from tests import factories
from tests.corpus_hostile import CHAINES
from tests.test_gestion_contenus import PAR_CHEMIN, donnees_du_formulaire_complet
from tests.utils_gestion import connecter

pytestmark = pytest.mark.django_db


def fabriquer(contenu):
    if contenu.chemin == "dispositifs":
        return factories.DispositifFactory()
    return PAR_CHEMIN[contenu.chemin].fabriquer("brouillon")


def champs_texte(form):
    return [
        nom
        for nom, champ in form.fields.items()
        if isinstance(champ, forms.CharField)
        and not isinstance(champ.widget, forms.HiddenInput)
        and not champ.disabled
    ]


def normaliser(valeur):
    """Ce qu'un formulaire Django garde d'une saisie : espaces de bord ôtés, fins de ligne
    unifiées."""
    return valeur.replace("\r\n", "\n").strip()


@pytest.mark.parametrize("contenu", TYPES, ids=lambda c: c.chemin)
def test_corpus_hostile_dans_chaque_champ_texte(client, contenu):
    connecter(client, roles.COORDINATEUR)
    objet = fabriquer(contenu)
    url = reverse(f"gestion:{contenu.nom}-update", args=[objet.pk])
    detail = reverse(f"gestion:{contenu.nom}-detail", args=[objet.pk])
    essais = enregistres = 0
    formulaire = client.get(url).context["form"]
    champs = champs_texte(formulaire)
    assert champs, contenu
    base = donnees_du_formulaire_complet(formulaire)
    for champ in champs:
        for valeur in CHAINES:
            donnees = {**base, champ: valeur}
            reponse = client.post(url, donnees)
            essais += 1
            assert reponse.status_code in (200, 302), (champ, valeur[:40], reponse.status_code)
            objet.refresh_from_db()
            stocke = getattr(objet, champ)
            if reponse.status_code == 200:
                html = reponse.content.decode()
                assert "is-invalid" in html or "alert-danger" in html, (champ, valeur[:40])
                assert stocke != valeur or normaliser(valeur) == "", (champ, valeur[:40])
                continue
            enregistres += 1
            assert str(stocke) == normaliser(valeur), (champ, valeur[:40])
            # Nouvelle révision après l'enregistrement : on repart du formulaire à jour.
            base = donnees_du_formulaire_complet(client.get(url).context["form"])
            html = client.get(detail).content.decode()
            assert '<script>alert("x")' not in html and "<img src=x" not in html, champ
    assert essais == len(champs) * len(CHAINES)
    assert enregistres > 0
