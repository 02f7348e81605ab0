"""Les diffusions de supports dans l'espace équipe : le formulaire d'enregistrement d'une
diffusion (les vues : `gestion.views.diffusions`).

Pour le support de présentation des dispositifs, le portail produit lui-même le PDF (celui de
`/support/pdf/`, restreint au quartier s'il y en a un) et garde ces octets-là ; pour une note de
résultats, la personne dépose le PDF qu'elle a envoyé. Dans les deux cas le fichier est gardé
tel quel, avec son empreinte SHA-256 (`seances.services.enregistrer_diffusion`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from contrat_ville.formulaires import ListeDeChoix
from contrat_ville.models import Quartier
from seances.models import Diffusion

TAILLE_MAX_PDF = 10 * 1024 * 1024


class DiffusionForm(forms.Form):
    support = forms.ChoiceField(
        label="Support transmis", choices=Diffusion.Support.choices, widget=forms.RadioSelect
    )
    destinataire = forms.ChoiceField(
        label="Destinataire", choices=Diffusion.Destinataire.choices, widget=forms.RadioSelect
    )
    quartier = forms.ModelChoiceField(
        label="Quartier (facultatif)",
        queryset=Quartier.objects.order_by("commune", "nom"),
        required=False,
        empty_label="Tout le territoire",
        widget=ListeDeChoix,
        help_text="Pour le support de présentation, restreint le PDF à ce qui est accessible "
        "dans ce quartier.",
    )
    date = forms.DateField(
        label="Date de diffusion",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commentaire = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fichier = forms.FileField(
        label="Note de résultats (PDF)",
        required=False,
        help_text=f"Seulement pour une note de résultats : le PDF envoyé, "
        f"{TAILLE_MAX_PDF // 1024 // 1024} Mo au plus. Le support de présentation est produit "
        "par le portail.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.pdf_depose = None

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("La date de diffusion ne peut pas être dans le futur.")
        return date

    def clean(self):
        donnees = super().clean()
        fichier = donnees.get("fichier")
        if donnees.get("support") == Diffusion.Support.RESULTATS:
            if not fichier:
                self.add_error("fichier", "Déposez le PDF de la note de résultats envoyée.")
            else:
                self.pdf_depose = self._lire_pdf(fichier)
        elif fichier:
            self.add_error(
                "fichier",
                "Le support de présentation est produit par le portail : ne déposez pas de "
                "fichier (ou choisissez « Note de résultats »).",
            )
        return donnees

    def _lire_pdf(self, fichier):
        if fichier.size > TAILLE_MAX_PDF:
            self.add_error(
                "fichier",
                f"Fichier trop volumineux : {TAILLE_MAX_PDF // 1024 // 1024} Mo au plus.",
            )
            return None
        contenu = fichier.read()
        if not contenu.startswith(b"%PDF-"):
            self.add_error(
                "fichier", "Ce fichier n’est pas un PDF : déposez la note au format PDF."
            )
            return None
        return contenu
