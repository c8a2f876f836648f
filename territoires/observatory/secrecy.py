"""Statistical secrecy of what is published over groups of collectivités (ADR 0009).

Every public figure computed over a group (the dashboards' comparisons and
per-question shares, the national view, the aggregates of the API and the
open data files) is computed over one of a *fixed* set of groups, whose keys
``group_keys`` gives for each assessment. A figure is given only when the
rules of the French public statistics' secrecy (primary and secondary
secrecy, « secret statistique ») hold for its group:

- primary secrecy: the group counts at least ``k`` members;
- secondary secrecy against differencing: for every other group of the set
  that contains it or that it contains, the difference counts no member or at
  least ``k`` members (both groups of a pair that fails are withheld);
- for a share (per-question answers), every category's count and its
  complement count at least ``k``, in the group and in its difference with
  every group it contains or is contained in: a share of 0 % or 100 % would
  give away the answer of every member.

Pure and vectorised: groups are the rows of a membership matrix (G, A) over
the campaign's published assessments.
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


def _nested(membership: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sizes (G,), whether group g contains group h (G, G), and their difference in size."""
    counts = membership.astype(np.int64)
    sizes = counts.sum(axis=1)
    common = counts @ counts.T
    contains = common == sizes[None, :]
    difference = sizes[:, None] - sizes[None, :]
    return sizes, contains, difference


def _withheld_pairs(failing: np.ndarray) -> np.ndarray:
    """Groups in any failing pair (G, G), on either side."""
    return failing.any(axis=0) | failing.any(axis=1)


def publishable(membership: np.ndarray, k: int) -> np.ndarray:
    """(G,) bool: the groups (rows of ``membership``) whose figures may be published."""
    sizes, contains, difference = _nested(membership)
    large = sizes >= k
    failing = contains & (difference > 0) & (difference < k) & large[:, None] & large[None, :]
    return large & ~_withheld_pairs(failing)


def shares_publishable(membership: np.ndarray, categories: list[np.ndarray], k: int) -> np.ndarray:
    """(G,) bool: the groups whose shares may be published, ``membership`` (G, A) counting
    the members who answered, ``categories`` (A,) bool each: who is in each category."""
    shown = publishable(membership, k)
    sizes, contains, difference = _nested(membership)
    counts = [(membership & category[None, :]).sum(axis=1) for category in categories]
    for count in counts:
        shown &= (count >= k) & (sizes - count >= k)
    pairs = contains & (difference > 0) & shown[:, None] & shown[None, :]
    failing = np.zeros_like(pairs)
    for count in counts:
        part = count[:, None] - count[None, :]
        failing |= pairs & ((part < k) | (difference - part < k))
    return shown & ~_withheld_pairs(failing)
