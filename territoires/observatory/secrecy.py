"""Statistical secrecy of what is published over groups of collectivités (ADR 0009).

Every public figure computed over a group (the dashboards' comparisons,
per-question shares and roll-ups, the national view and its maps, the
aggregates of the API and of the open data files) is computed over one of a
*fixed* set of groups, whose keys ``group_keys`` gives for each assessment. A
figure is given only when the rules of the French public statistics' secrecy
(primary and secondary secrecy, « secret statistique ») hold for its group:

- primary secrecy: the group counts at least ``k`` members;
- what a visitor already knows is no secret, and helps him: the scores and
  answers that collectivités chose to publish. The members whose own value is
  *not* public (``hidden``) are those to protect: a group counts none or at
  least ``k`` of them (else a median over five members, four of whom publish
  their score, would give the fifth's);
- secondary secrecy against differencing: for every other group of the set
  that contains it or that it contains, the difference counts no hidden
  member or at least ``k``; of a pair that fails, the group inside the other
  is withheld (the larger one, a map's aggregate say, stays published);
- for shares (per-question answers, levels of a roll-up), every category
  counts at least ``k`` hidden members and leaves at least ``k`` outside it,
  in the group and in its difference with every nested group: a share of 0 %
  or 100 % would give away the answer of every member.

Sparse and vectorised (``Groups``): every assessment falls in one *cell*, the
assessments that count in exactly the same groups; a group is a union of cells
and two groups can only be nested through the cells they share, so the work
grows with the cells and the pairs of groups that share one, never with groups
× assessments.
"""

import numpy as np

# The fixed population bands a collectivité may compare itself with: (low, high)
# inclusive, high None for no upper bound.
POPULATION_BANDS = (
    (0, 499),
    (500, 1_999),
    (2_000, 9_999),
    (10_000, 49_999),
    (50_000, None),
)
NATIONAL = "national"


def population_band(population: int | None) -> int | None:
    """The index in ``POPULATION_BANDS`` of the band of ``population``."""
    if population is None:
        return None
    for band, (low, high) in enumerate(POPULATION_BANDS):
        if population >= low and (high is None or population <= high):
            return band
    return None


def group_keys(
    *,
    kind: str,
    stratum: str,
    departement_id,
    region_id,
    epci_nature: str,
    population: int | None,
    departement_code: str | None,
    region_code: str | None,
    epci_id=None,
    epci_areas: frozenset = frozenset(),
) -> list[str]:
    """The keys of every published group an assessment of this collectivité counts in: the
    dashboards' comparison groups (as ``dashboard.selectors.peer_group`` names them), the
    aggregates by département and région, the members rolled up on an EPCI's, a
    département's or a région's dashboard (``epci_areas``: the (département, région) ids of
    an EPCI's communes), and the whole country (the aggregates by stratum are the stratum's
    comparison group, the communes rolled up on a département or a région its comparison
    group of communes)."""
    keys = [NATIONAL, f"strate-{stratum}"]
    if kind == "commune" and departement_id:
        keys.append(f"departement-{kind}-{departement_id}")
    if kind in ("commune", "departement") and region_id:
        keys.append(f"region-{kind}-{region_id}")
    if kind == "epci" and epci_nature:
        keys.append(f"nature-{epci_nature}")
    if kind == "commune" and epci_id:
        keys.append(f"members-epci-{epci_id}")
    for departement, region in sorted(epci_areas, key=str):
        keys.append(f"members-epci-departement-{departement}")
        keys.append(f"members-epci-region-{region}")
    band = population_band(population)
    if band is not None:
        keys.append(f"population-{kind}-{band}")
    if departement_code:
        keys.append(f"aggregate-departement-{departement_code}")
    if region_code:
        keys.append(f"aggregate-region-{region_code}")
    return keys


class Groups:
    """The fixed groups of a campaign's published assessments, stored sparse.

    ``keys_of`` gives, for each assessment (in a fixed order), the keys of every group it
    counts in (``group_keys``). Masks are (A,) bool arrays over the same assessments; every
    answer is (G,) over ``keys``.
    """

    def __init__(self, keys_of: list[list[str]]):
        position: dict[str, int] = {}
        cells: dict[tuple[int, ...], int] = {}
        self.cell_of = np.zeros(len(keys_of), dtype=np.int64)
        for assessment, keys in enumerate(keys_of):
            signature = tuple(sorted({position.setdefault(key, len(position)) for key in keys}))
            self.cell_of[assessment] = cells.setdefault(signature, len(cells))
        self.keys = list(position)
        self.cell_count = len(cells)
        groups = [np.array(signature, dtype=np.int64) for signature in cells]
        cell_ids = np.arange(len(cells), dtype=np.int64)
        lengths = np.array([len(signature) for signature in groups], dtype=np.int64)
        self.entry_group = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
        self.entry_cell = np.repeat(cell_ids, lengths)
        # Every ordered pair (g, h) of distinct groups sharing a cell, once per shared cell,
        # built for the cells of each number of groups at once.
        firsts, seconds, pair_cells = [], [], []
        for length in np.unique(lengths):
            chosen = np.flatnonzero(lengths == length)
            table = np.stack([groups[cell] for cell in chosen])  # (cells, length)
            first = np.repeat(table[:, :, None], length, axis=2)
            second = np.repeat(table[:, None, :], length, axis=1)
            distinct = first != second
            firsts.append(first[distinct])
            seconds.append(second[distinct])
            pair_cells.append(np.repeat(chosen, length * (length - 1)))
        count = len(self.keys)
        codes = np.concatenate(firsts) * count + np.concatenate(seconds) if firsts else []
        unique, self.pair_of = np.unique(np.asarray(codes, dtype=np.int64), return_inverse=True)
        self.pair_cell = np.concatenate(pair_cells) if pair_cells else np.zeros(0, np.int64)
        self.first, self.second = unique // max(count, 1), unique % max(count, 1)

    def named(self, shown: np.ndarray) -> frozenset[str]:
        """The keys of the groups marked in ``shown`` (G,)."""
        return frozenset(key for key, ok in zip(self.keys, shown, strict=True) if ok)

    def members(self, key: str) -> np.ndarray:
        """(A,) bool: the members of the group ``key`` (none if no assessment counts in it)."""
        if key not in self.keys:
            return np.zeros(len(self.cell_of), dtype=bool)
        cells = self.entry_cell[self.entry_group == self.keys.index(key)]
        return np.isin(self.cell_of, cells)

    def _cells(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.cell_of[mask], minlength=self.cell_count)

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """(G,) the members of each group in ``mask``."""
        weights = self._cells(mask)[self.entry_cell]
        return np.bincount(self.entry_group, weights, minlength=len(self.keys)).astype(np.int64)

    def _contains(self, mask: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Over the pairs: whether ``first`` contains ``second`` among the members in ``mask``."""
        weights = self._cells(mask)[self.pair_cell]
        common = np.bincount(self.pair_of, weights, minlength=len(self.first))
        return common.astype(np.int64) == sizes[self.second]

    def _contained(self, failing: np.ndarray) -> np.ndarray:
        """(G,) bool: the group inside the other of each pair in ``failing``: withheld, the pair
        can no longer be differenced, and the larger group (the aggregate of a map, say) stays."""
        withheld = np.zeros(len(self.keys), dtype=bool)
        withheld[self.second[failing]] = True
        return withheld

    def _apart(self, contains, counts, shown, k) -> np.ndarray:
        """(G,) bool: the shown groups nested in another shown one whose ``counts`` differ by
        1 to ``k`` - 1."""
        difference = counts[self.first] - counts[self.second]
        both = shown[self.first] & shown[self.second]
        return self._contained(contains & both & (difference > 0) & (difference < k))

    def publishable(
        self,
        mask: np.ndarray,
        k: int,
        *,
        hidden: np.ndarray | None = None,
        among: np.ndarray | None = None,
    ) -> np.ndarray:
        """(G,) bool: the groups whose figures over their members in ``mask`` may be
        published, ``hidden`` (A,) marking the members whose own value is not public (every
        member by default), ``among`` (G,) the groups that publish these figures (every one
        by default). A group counts at least ``k`` members; its hidden members number none
        or at least ``k``, and so does their difference with any nested group's."""
        sizes = self.counts(mask)
        contains = self._contains(mask, sizes)
        unknown = sizes if hidden is None else self.counts(mask & hidden)
        shown = (sizes >= k) & ((unknown == 0) | (unknown >= k))
        if among is not None:
            shown &= among
        return shown & ~self._apart(contains, unknown, shown, k)

    def shares_publishable(
        self,
        answered: np.ndarray,
        categories: list[np.ndarray],
        k: int,
        *,
        hidden: np.ndarray | None = None,
        among: np.ndarray | None = None,
        partition: bool = False,
    ) -> np.ndarray:
        """(G,) bool: the groups whose shares of ``categories`` (A,) bool each among the
        members who ``answered`` may be published. Each category holds at least ``k`` of the
        hidden members (every member without ``hidden``) and leaves ``k`` out, in the group
        and in its difference with every nested group; in a ``partition`` (levels), a
        category may hold none."""
        unknown = answered if hidden is None else answered & hidden
        shown = self.publishable(answered, k, hidden=hidden, among=among)
        contains = self._contains(answered, self.counts(answered))
        total = self.counts(unknown)

        def secret(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
            safe = (part >= k) & (whole - part >= k)
            return safe | (part == 0) if partition else safe | (whole == 0)

        failing = np.zeros(len(self.first), dtype=bool)
        difference = total[self.first] - total[self.second]
        for category in categories:
            part = self.counts(unknown & category)
            shown &= secret(part, total)
            piece = part[self.first] - part[self.second]
            failing |= contains & (difference > 0) & ~secret(piece, difference)
        both = shown[self.first] & shown[self.second]
        return shown & ~self._contained(failing & both)
