"""Les trois rôles de l'équipe du contrat de ville, portés par des groupes Django."""

LECTEUR = "Lecteur"
REDACTEUR = "Rédacteur"
COORDINATEUR = "Coordinateur"

ROLES = [LECTEUR, REDACTEUR, COORDINATEUR]
