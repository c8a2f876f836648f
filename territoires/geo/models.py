"""The territorial référentiel: every French territory, from the official découpage."""

from django.db import models
from django.urls import reverse

from territoires.geo.enums import KIND_URL_SEGMENTS, EpciNature, TerritoryKind, Zone
from territoires.geo.strata import STRATUM_LABELS


class TerritoryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def in_territory(self, territory: "Territory"):
        """Territories below ``territory`` in the hierarchy (its members)."""
        if territory.kind in (TerritoryKind.REGION, TerritoryKind.COLLECTIVITE_OUTRE_MER):
            return self.filter(region=territory).exclude(pk=territory.pk)
        if territory.kind == TerritoryKind.DEPARTEMENT:
            return self.filter(departement=territory)
        if territory.kind == TerritoryKind.EPCI:
            return self.filter(epci=territory)
        if territory.kind == TerritoryKind.EPT:
            return self.filter(ept=territory)
        return self.filter(parent=territory)


class Territory(models.Model):
    """A région, département, collectivité d'outre-mer, EPCI, EPT or commune.

    Identified by ``(kind, code)``: the INSEE code, or the SIREN for an EPCI or an EPT.
    Territories are never deleted: one that disappears from a later millésime
    stays, with ``is_current`` false and its ``successor`` where the data gives it.
    """

    kind = models.CharField("type", max_length=24, choices=TerritoryKind.choices)
    code = models.CharField("code", max_length=9)
    name = models.CharField("nom", max_length=200)
    # Search columns, written by the import, which indexes their words in TerritoryWord.
    # Normalised name with a leading space (the search's exact-name test compares it).
    search_name = models.CharField(max_length=200, editable=False)
    # The words run together, so that « labergement » finds « L'Abergement ».
    search_compact = models.CharField(max_length=200, editable=False)
    # INSEE code, SIREN and postal codes, space separated, with spaces around.
    search_codes = models.CharField(max_length=400, editable=False)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    postal_codes = models.JSONField("codes postaux", default=list, blank=True)
    zone = models.CharField("zone", max_length=5, choices=Zone.choices)
    epci_nature = models.CharField(
        "nature juridique", max_length=5, choices=EpciNature.choices, blank=True
    )
    chef_lieu_code = models.CharField("code du chef-lieu", max_length=5, blank=True)
    stratum = models.CharField("strate", max_length=40, db_index=True)
    region = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="région"
    )
    departement = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="département"
    )
    epci = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="EPCI"
    )
    # The établissement public territorial of a commune of the Métropole du Grand Paris.
    ept = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement public territorial",
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune de rattachement",
    )
    is_current = models.BooleanField("en vigueur", default=True)
    successor = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="successeur"
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code")
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        # « Bretagne (53) » would read as a département's code: a région says so.
        if self.kind == TerritoryKind.REGION:
            return f"{self.name} (région {self.code})"
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse(
            "geo:territory", kwargs={"segment": KIND_URL_SEGMENTS[self.kind], "code": self.code}
        )

    @property
    def stratum_label(self) -> str:
        return STRATUM_LABELS.get(self.stratum, self.stratum)

    @property
    def kind_label(self) -> str:
        if self.kind == TerritoryKind.EPCI and self.epci_nature:
            return self.get_epci_nature_display()
        return self.get_kind_display()

    def ancestors(self) -> list["Territory"]:
        """Région, département, EPCI, EPT and commune above this territory, top first, no repeat."""
        chain = [self.region, self.departement, self.epci, self.ept, self.parent]
        seen, ancestors = {self.pk}, []
        for ancestor in chain:
            if ancestor is not None and ancestor.pk not in seen:
                seen.add(ancestor.pk)
                ancestors.append(ancestor)
        return ancestors


class TerritoryWord(models.Model):
    """A word a territory is found by: a word of its name, one of its codes, or « #<compact name> ».

    The search looks words up by prefix in this index rather than reading every
    territory; the import keeps it in step with ``Territory``.
    """

    territory = models.ForeignKey(Territory, models.CASCADE, related_name="+")
    word = models.CharField("mot", max_length=200)

    class Meta:
        verbose_name = "mot de recherche"
        verbose_name_plural = "mots de recherche"
        indexes = [
            # PostgreSQL serves ``LIKE 'prefix%'`` from a B-tree only with the pattern
            # operator class (whatever the database's collation); SQLite ignores it.
            models.Index(
                fields=["word", "territory"],
                name="geo_territoryword_prefix",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.word


class ImportRun(models.Model):
    """One import of the référentiel: what was read, and what it changed."""

    source = models.CharField("source", max_length=100)
    version = models.CharField("version", max_length=40)
    checksum = models.CharField("empreinte SHA-256", max_length=64)
    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin")
    created = models.PositiveIntegerField("créés")
    updated = models.PositiveIntegerField("modifiés")
    retired = models.PositiveIntegerField("retirés")

    class Meta:
        verbose_name = "import du référentiel"
        verbose_name_plural = "imports du référentiel"
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.version} ({self.finished_at:%d/%m/%Y %H:%M})"
