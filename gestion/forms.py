from django import forms

from gestion.historique import libelle_version


class ActionForm(forms.Form):
    """Une action du cycle de publication : commentaire facultatif, révision affichée."""

    commentaire = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Gardé dans l'historique avec l'action, par exemple la raison d'un renvoi.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RevisionForm(forms.Form):
    """Confirmation d'une restauration : la révision sur laquelle la décision a été prise."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ComparaisonForm(forms.Form):
    """Les deux versions de l'historique à comparer ; par défaut, la dernière et la
    précédente."""

    de = forms.TypedChoiceField(label="Comparer la version", coerce=int)
    a = forms.TypedChoiceField(label="avec la version", coerce=int)

    def __init__(self, data, *, versions):
        super().__init__(data)
        self.versions = {version.history_id: version for version in versions}
        choix = [(version.history_id, libelle_version(version)) for version in versions]
        self.fields["de"].choices = self.fields["a"].choices = choix
        if len(versions) > 1:
            self.initial = {"de": versions[1].history_id, "a": versions[0].history_id}

    def versions_choisies(self):
        if self.is_bound and self.is_valid():
            ids = self.cleaned_data["de"], self.cleaned_data["a"]
        else:
            ids = self.initial.get("de"), self.initial.get("a")
        return tuple(self.versions.get(pk) for pk in ids)
