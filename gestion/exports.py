"""Les colonnes de l'export d'une liste de l'espace équipe (la vue : `gestion.views.exports` ;
l'écriture CSV/XLSX et la règle contre les formules : `portail.tableurs`)."""

from gestion.edition import Colonne


def colonnes_export(contenu):
    """Les colonnes de la liste à l'écran : identifiant, nom, colonnes du type, et pour un
    contenu soumis au cycle de publication, statut et date de dernière modification."""
    colonnes = [Colonne("Identifiant", lambda objet: objet.pk), Colonne("Nom", str)]
    colonnes += contenu.colonnes
    if contenu.publiable:
        colonnes += [
            Colonne("Statut", lambda objet: objet.get_statut_display()),
            Colonne("Modifié le", lambda objet: objet.modifie_le),
        ]
    return colonnes
