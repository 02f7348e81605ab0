"""Aides des tests de l'espace équipe : comptes par rôle, données d'un formulaire d'édition."""

import re
from html import unescape

from django import forms

from gestion import roles
from gestion.contenus.dispositifs import DispositifForm
from tests import factories

ROLES = {
    "anonyme": None,
    "lecteur": roles.LECTEUR,
    "redacteur": roles.REDACTEUR,
    "coordinateur": roles.COORDINATEUR,
}


def connecter(client, role):
    """Le client connecté avec un nouveau compte de ce rôle (anonyme si `role` est None)."""
    if role is not None:
        user = factories.UserFactory(role=role, first_name="Camille", last_name=role)
        client.force_login(user)
        client.user = user
    return client


def donnees_du_formulaire(form):
    """Ce qu'un navigateur enverrait pour ce formulaire non modifié."""
    donnees = {}
    for nom, champ in form.fields.items():
        cle, valeur = form[nom].html_name, form[nom].value()
        if isinstance(champ.widget, forms.CheckboxInput):
            if valeur:
                donnees[cle] = "on"
        elif valeur is None:
            donnees[cle] = ""
        elif isinstance(valeur, list | tuple):
            donnees[cle] = [str(v) for v in valeur]
        else:
            donnees[cle] = str(valeur)
    # Les lignes liées (portes d'entrée d'un dispositif…) : formulaire de gestion et lignes.
    for lignes in getattr(form, "lignes", {}).values():
        donnees.update(donnees_du_formulaire(lignes.management_form))
        for ligne in lignes.forms:
            donnees.update(donnees_du_formulaire(ligne))
    return donnees


def donnees_dispositif(dispositif=None, **modifications):
    """Les données POST du formulaire d'un dispositif existant (ou d'un nouveau dispositif
    valide), avec `modifications`."""
    if dispositif is None:
        porteur = factories.StructureFactory(nom="Mission locale de Touraine")
        donnees = {
            "nom": "Parcours de remobilisation",
            "categorie": "accompagnement",
            "porteur": str(porteur.pk),
            "resume": "Un accompagnement de quatre semaines vers une formation.",
            "comment_mobiliser": "Prendre contact avec le conseiller de la mission locale.",
            "mobilisable_par": "les_deux",
            "echelle": "agglomeration",
            "portes_entree-TOTAL_FORMS": "0",
            "portes_entree-INITIAL_FORMS": "0",
            "age_min": "16",
            "age_max": "25",
            "revision": "",
        }
    else:
        donnees = donnees_du_formulaire(DispositifForm(instance=dispositif))
    donnees.update(modifications)
    return donnees


def texte_de_section(response, titre_id):
    """Le texte visible de la section `<section aria-labelledby="titre_id">` d'une page."""
    html = response.content.decode()
    trouve = re.search(
        rf'<section[^>]*aria-labelledby="{titre_id}"[^>]*>(.*?)</section>', html, re.S
    )
    assert trouve, titre_id
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", trouve.group(1))))
