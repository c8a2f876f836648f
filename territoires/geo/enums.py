from django.db import models


class TerritoryKind(models.TextChoices):
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    COLLECTIVITE_OUTRE_MER = "com", "Collectivité d’outre-mer"
    EPCI = "epci", "EPCI à fiscalité propre"
    # The 11 territories of the Métropole du Grand Paris, between the métropole and its communes.
    EPT = "ept", "Établissement public territorial"
    COMMUNE = "commune", "Commune"
    COMMUNE_DELEGUEE = "commune-deleguee", "Commune déléguée"
    COMMUNE_ASSOCIEE = "commune-associee", "Commune associée"
    ARRONDISSEMENT = "arrondissement-municipal", "Arrondissement municipal"


# The collectivités with their own SIREN, in this order: the kinds the observatory assesses
# and those whose organisation is created from the référentiel at an agent's first sign-in.
COLLECTIVITE_KINDS = tuple(
    kind.value
    for kind in (
        TerritoryKind.REGION,
        TerritoryKind.DEPARTEMENT,
        TerritoryKind.COLLECTIVITE_OUTRE_MER,
        TerritoryKind.EPCI,
        TerritoryKind.COMMUNE,
    )
)


KIND_PLURALS = {
    TerritoryKind.REGION: "régions",
    TerritoryKind.DEPARTEMENT: "départements",
    TerritoryKind.COLLECTIVITE_OUTRE_MER: "collectivités d’outre-mer",
    TerritoryKind.EPCI: "EPCI à fiscalité propre",
    TerritoryKind.EPT: "établissements publics territoriaux",
    TerritoryKind.COMMUNE: "communes",
    TerritoryKind.COMMUNE_DELEGUEE: "communes déléguées",
    TerritoryKind.COMMUNE_ASSOCIEE: "communes associées",
    TerritoryKind.ARRONDISSEMENT: "arrondissements municipaux",
}

# Each kind as a count writes it (``core.formats.counted``): article, singular, plural.
KIND_COUNTED = {
    TerritoryKind.REGION: "une région",
    TerritoryKind.DEPARTEMENT: "un département",
    TerritoryKind.COLLECTIVITE_OUTRE_MER: "une collectivité d’outre-mer/collectivités d’outre-mer",
    TerritoryKind.EPCI: "un EPCI à fiscalité propre/EPCI à fiscalité propre",
    TerritoryKind.EPT: "un établissement public territorial",
    TerritoryKind.COMMUNE: "une commune",
    TerritoryKind.COMMUNE_DELEGUEE: "une commune déléguée",
    TerritoryKind.COMMUNE_ASSOCIEE: "une commune associée",
    TerritoryKind.ARRONDISSEMENT: "un arrondissement municipal/arrondissements municipaux",
}

# The path segment of each kind's pages (/territoires/<segment>/<code>/).
KIND_URL_SEGMENTS = {
    TerritoryKind.REGION: "regions",
    TerritoryKind.DEPARTEMENT: "departements",
    TerritoryKind.COLLECTIVITE_OUTRE_MER: "collectivites-outre-mer",
    TerritoryKind.EPCI: "epci",
    TerritoryKind.EPT: "etablissements-publics-territoriaux",
    TerritoryKind.COMMUNE: "communes",
    TerritoryKind.COMMUNE_DELEGUEE: "communes-deleguees",
    TerritoryKind.COMMUNE_ASSOCIEE: "communes-associees",
    TerritoryKind.ARRONDISSEMENT: "arrondissements-municipaux",
}
KIND_BY_URL_SEGMENT = {segment: kind for kind, segment in KIND_URL_SEGMENTS.items()}


class Zone(models.TextChoices):
    METRO = "metro", "France métropolitaine"
    DROM = "drom", "Départements et régions d’outre-mer"
    COM = "com", "Collectivités d’outre-mer"


class EpciNature(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d’agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"
