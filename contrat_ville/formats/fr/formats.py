"""Les formats français de Django, sauf le séparateur des milliers : l'espace fine insécable
(U+202F) de `contrat_ville.francais`, au lieu de l'espace insécable (U+00A0) de Django, pour
qu'un nombre s'écrive de la même façon sur tout le portail (`intcomma`, `localize`)."""

from contrat_ville.francais import ESPACE_FINE

THOUSAND_SEPARATOR = ESPACE_FINE
