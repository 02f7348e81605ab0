"""Supprimer un objet et tout ce qu'il emporte en une seule entrée d'historique datée, puis le
retrouver et le restaurer depuis l'historique (django-simple-history).

Une suppression passe par le collecteur de Django, comme `delete()` ; chaque ligne emportée
reçoit la même date d'historique que l'objet supprimé et le motif « Supprimé avec « … » » :
c'est ce qui permet, plus tard, de restaurer l'objet avec ses lignes. Une suppression faite
ailleurs (shell) n'a pas ce lien : l'objet se restaure alors seul, ses lignes une à une.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator, capfirst
from simple_history.utils import get_m2m_reverse_field_name

from contrat_ville.registre import registre

LONGUEUR_MOTIF = 100  # champ `history_change_reason` de django-simple-history
EMPORTE_AVEC = "Supprimé avec "
MOTIF_RESTAURATION = "Restauration après suppression"


class RestaurationImpossible(Exception):
    """L'élément supprimé ne peut pas revenir tel quel (identifiant repris, parent absent…)."""


def _motif(texte):
    return Truncator(texte).chars(LONGUEUR_MOTIF)


def _historise(modele):
    return hasattr(modele._meta, "simple_history_manager_attribute")


def supprimer(objet, *, par, motif="Suppression"):
    """Supprime `objet` et ce qu'il emporte en cascade, à une même date d'historique."""
    collecteur = Collector(using=router.db_for_write(type(objet)), origin=objet)
    collecteur.collect([objet])
    moment = timezone.now()
    for instances in collecteur.data.values():
        for instance in instances:
            instance._history_date = moment
            instance._history_user = par
            emportee = type(instance) is not type(objet) or instance.pk != objet.pk
            instance._change_reason = _motif(f"{EMPORTE_AVEC}« {objet} »" if emportee else motif)
    with transaction.atomic(using=collecteur.using):
        collecteur.delete()


def nom_de(enregistrement):
    """Le nom d'un élément supprimé, même quand ce qu'il cite a disparu avec lui."""
    try:
        return str(enregistrement.instance)
    except ObjectDoesNotExist:
        modele = enregistrement.instance_type
        cle = getattr(enregistrement, modele._meta.pk.attname)
        return f"{capfirst(modele._meta.verbose_name)} n° {cle}"


@dataclass
class ElementSupprime:
    type: object  # TypeDeContenu du registre
    enregistrement: object  # entrée « - » de l'historique

    @cached_property
    def nom(self):
        # Calculé à l'affichage : seuls les éléments de la page lisent ce qu'ils citent.
        return nom_de(self.enregistrement)

    @property
    def date(self):
        return self.enregistrement.history_date


def _toujours_supprimees(modele, enregistrements):
    """Les entrées de suppression dont l'objet n'existe plus (ni restauré, ni recréé)."""
    cle = modele._meta.pk.attname
    return enregistrements.exclude(
        models.Exists(modele._base_manager.filter(pk=models.OuterRef(cle)))
    )


def elements_supprimes():
    """Les objets des types du registre supprimés et pas encore restaurés, les plus récents
    d'abord ; ceux qu'une suppression a emportés se restaurent avec elle, ils n'y figurent
    pas. Une requête par type."""
    elements = []
    for contenu in registre:
        suppressions = contenu.modele.history.filter(history_type="-").select_related(
            "history_user"
        )
        suppressions = _toujours_supprimees(contenu.modele, suppressions).exclude(
            history_change_reason__startswith=EMPORTE_AVEC
        )
        elements += [ElementSupprime(contenu, e) for e in suppressions]
    return sorted(elements, key=lambda e: e.date, reverse=True)


def suppression(contenu, history_id):
    """L'entrée de suppression `history_id` d'un type du registre, si l'objet n'est pas revenu."""
    suppressions = _toujours_supprimees(
        contenu.modele, contenu.modele.history.filter(history_type="-")
    )
    return suppressions.select_related("history_user").get(history_id=history_id)


def _modeles_historises():
    modeles = {contenu.modele for contenu in registre} | set(registre.modeles_suivis())
    return sorted((m for m in modeles if _historise(m)), key=lambda m: m._meta.label)


def emportes_avec(enregistrement):
    """Les entrées de suppression des lignes emportées avec `enregistrement` (même date, même
    auteur, motif « Supprimé avec … »), toujours absentes de la base."""
    emportes = []
    for modele in _modeles_historises():
        lignes = modele.history.filter(
            history_type="-",
            history_date=enregistrement.history_date,
            history_user_id=enregistrement.history_user_id,
            history_change_reason__startswith=EMPORTE_AVEC,
        )
        emportes += list(_toujours_supprimees(modele, lignes))
    return emportes


def _dans_l_ordre(enregistrements):
    """Parents d'abord : un modèle vient après ceux que ses clés étrangères citent."""
    restants, ordre = list(enregistrements), []
    while restants:
        modeles = {e.instance_type for e in restants}
        prets = [
            e
            for e in restants
            if not any(
                champ.related_model in modeles and champ.related_model is not e.instance_type
                for champ in e.instance_type._meta.concrete_fields
                if champ.many_to_one
            )
        ]
        prets = prets or restants  # cycle : l'ordre n'importe plus, la base tranchera
        ordre += prets
        restants = [e for e in restants if e not in prets]
    return ordre


def _listes_avant_suppression(enregistrement):
    """{liste: pks} des listes suivies par l'historique, telles qu'avant la suppression (la
    cascade les vide avant que l'entrée « - » ne les photographie)."""
    precedent = enregistrement.prev_record
    if precedent is None:
        return {}
    return {
        champ: list(
            getattr(precedent, champ.name).values_list(get_m2m_reverse_field_name(champ), flat=True)
        )
        for champ in precedent._history_m2m_fields
    }


def _restaurer_un(enregistrement, *, par):
    objet = enregistrement.instance
    try:
        objet.full_clean(validate_unique=True, validate_constraints=False)
    except ValidationError as erreur:
        message = " ".join(erreur.messages)
        raise RestaurationImpossible(f"« {nom_de(enregistrement)} » : {message}") from erreur
    objet.skip_history_when_saving = True
    try:
        objet.save(force_insert=True)
        for champ, pks in _listes_avant_suppression(enregistrement).items():
            # Un élément supprimé depuis ne revient pas dans la liste.
            getattr(objet, champ.name).set(champ.related_model._base_manager.filter(pk__in=pks))
    finally:
        del objet.skip_history_when_saving
    objet._change_reason = MOTIF_RESTAURATION
    objet._history_user = par
    objet.save()
    return objet


def restaurer(enregistrement, *, par):
    """Remet l'objet supprimé de `enregistrement` tel qu'il était, avec les lignes emportées
    par la même suppression, chacun avec son statut de publication ; chaque restauration est
    une entrée de son historique. Tout ou rien : lève `RestaurationImpossible`."""
    a_restaurer = _dans_l_ordre([enregistrement, *emportes_avec(enregistrement)])
    try:
        with transaction.atomic():
            return [_restaurer_un(e, par=par) for e in a_restaurer]
    except IntegrityError as erreur:
        raise RestaurationImpossible(
            "un élément qu'il cite n'existe plus, ou son identifiant a été repris."
        ) from erreur
