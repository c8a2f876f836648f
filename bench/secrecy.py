"""Benchmark: the statistical secrecy of a whole-country campaign (ADR 0009), pure computation.

A campaign where every collectivité took part (36,000 assessments: 18 régions,
101 départements, 1,255 EPCI, the rest communes spread over them; seed fixed)
gives each assessment its group keys with ``secrecy.group_keys``; a third of
them keep their scores private, two thirds their answers. The work that a
change of results costs is timed: the groups whose medians may be published for
the index and each of the 15 axes, then the groups whose shares may be
published for each of the 93 questions. Target: ≤ 10 s (the campaign's
recomputation, of which it is part, has 20 s).

Reference, same run: the same rules written densely (a groups × assessments
matrix and its product with itself, as before the sparse ``secrecy.Groups``),
on a sample small enough for it; the benchmark checks that both give the same
groups on that sample, and times the dense reference on one score column at
growing sizes to show why it could not hold at national scale.

``BENCH_SECRECY_SIZE`` shrinks the campaign for a smoke test.
"""

import os
import random
import time

import numpy as np

from bench.engines import number, ratio, seconds, verdict

SEED = 2026
SIZE = int(os.environ.get("BENCH_SECRECY_SIZE", "36000"))
REFERENCE_SIZES = (1_000, 2_000, 3_000)
AXES, QUESTIONS, K = 15, 93, 5
TARGET = 10.0


def campaign(size: int, seed: int = SEED) -> list[list[str]]:
    """The group keys of ``size`` assessments of a synthetic whole-country campaign."""
    from territoires.observatory.secrecy import group_keys

    rng = random.Random(seed)
    departements = [(n, n % 18) for n in range(101)]
    epcis = [(n, departements[n % 101], ["ME", "CU", "CA", "CC"][n % 4]) for n in range(1_255)]
    rows = [
        {"kind": "region", "stratum": "region", "region_code": f"r{n}", "population": 10**6}
        for n in range(18)
    ]
    rows += [
        {
            "kind": "departement",
            "stratum": "departement",
            "region_id": region,
            "departement_code": f"d{n}",
            "region_code": f"r{region}",
            "population": 500_000,
        }
        for n, region in departements
    ]
    rows += [
        {
            "kind": "epci",
            "stratum": f"epci-{nature}",
            "epci_nature": nature,
            "epci_areas": frozenset({area}),
            "population": rng.randint(5_000, 500_000),
        }
        for _, area, nature in epcis
    ]
    while len(rows) < size:
        epci, (departement, region), _ = epcis[rng.randrange(len(epcis))]
        population = int(rng.lognormvariate(6.5, 1.3))
        rows.append(
            {
                "kind": "commune",
                "stratum": f"commune-{min(6, len(str(population)))}",
                "departement_id": departement,
                "region_id": region,
                "population": population,
                "departement_code": f"d{departement}",
                "region_code": f"r{region}",
                "epci_id": epci,
            }
        )
    defaults = dict.fromkeys(("departement_id", "region_id", "departement_code", "region_code"))
    return [group_keys(**{"epci_nature": "", **defaults, **row}) for row in rows[:size]]


def dense_publishable(membership, k, hidden, among=None):
    """The rules of ``Groups.publishable`` over a dense (G, A) matrix (the former way)."""
    counts = membership.astype(np.int64)
    sizes = counts.sum(axis=1)
    contains = (counts @ counts.T) == sizes[None, :]
    unknown = (membership & hidden[None, :]).sum(axis=1)
    shown = (sizes >= k) & ((unknown == 0) | (unknown >= k))
    if among is not None:
        shown &= among
    difference = unknown[:, None] - unknown[None, :]
    failing = contains & (difference > 0) & (difference < k) & shown[:, None] & shown[None, :]
    return shown & ~failing.any(axis=0)  # failing[g, h]: h, inside g, is withheld


def dense_shares(membership, category, k, hidden):
    """The rules of ``Groups.shares_publishable`` for one category, densely."""
    shown = dense_publishable(membership, k, hidden)
    counts = membership.astype(np.int64)
    contains = (counts @ counts.T) == counts.sum(axis=1)[None, :]
    total = (membership & hidden[None, :]).sum(axis=1)
    part = (membership & (hidden & category)[None, :]).sum(axis=1)
    shown &= ((part >= k) & (total - part >= k)) | (total == 0)
    difference = total[:, None] - total[None, :]
    piece = part[:, None] - part[None, :]
    safe = (piece >= k) & (difference - piece >= k)
    failing = contains & (difference > 0) & ~safe & shown[:, None] & shown[None, :]
    return shown & ~failing.any(axis=0)


def _dense_matrix(keys_of, groups):
    position = {key: row for row, key in enumerate(groups.keys)}
    membership = np.zeros((len(groups.keys), len(keys_of)), dtype=bool)
    for column, keys in enumerate(keys_of):
        membership[[position[key] for key in keys], column] = True
    return membership


def _masks(size: int, rng):
    scored = rng.random((AXES + 1, size)) < 0.9
    scored[0] = True
    return scored, rng.random(size) < 1 / 3, rng.random(size) < 2 / 3


def run() -> bool:
    from territoires.observatory.secrecy import Groups

    print("\nSecret statistique d’une campagne nationale (calcul pur, sans base)")
    rng = np.random.default_rng(SEED)
    keys_of = campaign(SIZE)
    started = time.perf_counter()
    groups = Groups(keys_of)
    built = time.perf_counter() - started
    scored, hidden_scores, hidden_answers = _masks(SIZE, rng)
    started = time.perf_counter()
    for mask in scored:
        groups.publishable(mask, K, hidden=hidden_scores)
    columns = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(QUESTIONS):
        answered = rng.random(SIZE) < 0.8
        groups.shares_publishable(answered, [rng.random(SIZE) < 0.5], K, hidden=hidden_answers)
    shares = time.perf_counter() - started
    total = built + columns + shares
    print(
        f"  {number(SIZE)} évaluations, {number(len(groups.keys))} groupes, "
        f"{number(groups.cell_count)} cellules, {number(len(groups.first))} paires de groupes "
        f"qui partagent une cellule"
    )
    print(f"  groupes et cellules : {seconds(built)}")
    print(f"  médianes de l’indice et des {AXES} axes : {seconds(columns)}")
    print(f"  parts des {QUESTIONS} questions : {seconds(shares)}")
    print(f"  total : {seconds(total)}, {verdict(total, TARGET, '≤ 10 s')}")

    agree = True
    for size in REFERENCE_SIZES:
        sample = campaign(min(size, SIZE))
        sample_groups = Groups(sample)
        membership = _dense_matrix(sample, sample_groups)
        hidden = rng.random(len(sample)) < 1 / 3
        category = rng.random(len(sample)) < 0.5
        started = time.perf_counter()
        dense = dense_publishable(membership, K, hidden)
        dense_time = time.perf_counter() - started
        started = time.perf_counter()
        sparse = sample_groups.publishable(np.ones(len(sample), dtype=bool), K, hidden=hidden)
        sparse_time = time.perf_counter() - started
        every = np.ones(len(sample), dtype=bool)
        agree &= bool((dense == sparse).all())
        agree &= bool(
            (
                dense_shares(membership, category, K, hidden)
                == sample_groups.shares_publishable(every, [category], K, hidden=hidden)
            ).all()
        )
        print(
            f"  référence dense, {number(len(sample))} évaluations, une colonne : "
            f"{seconds(dense_time)} (creux : {seconds(sparse_time)}, "
            f"{ratio(dense_time, sparse_time)})"
        )
    print(f"  accord du calcul creux avec la référence dense : {'oui' if agree else 'NON'}")
    return agree
