"""The sparse statistical secrecy (``secrecy.Groups``) against the dense reference of its
benchmark, on random groups, and the benchmark itself at a tiny size."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import bench.secrecy as benchmark
from territoires.observatory.secrecy import Groups

K = 3

universes = st.integers(1, 14).flatmap(
    lambda size: st.tuples(
        # Each assessment's groups among 8 keys, and three masks over the assessments.
        st.lists(st.sets(st.integers(0, 7), max_size=5), min_size=size, max_size=size),
        *(st.lists(st.booleans(), min_size=size, max_size=size) for _ in range(3)),
    )
)


@settings(max_examples=300, deadline=None)
@given(universes)
def test_sparse_secrecy_agrees_with_the_dense_reference(universe):
    memberships, hidden, category, answered = universe
    keys_of = [[f"g{key}" for key in sorted(keys)] for keys in memberships]
    groups = Groups(keys_of)
    dense = benchmark._dense_matrix(keys_of, groups)
    hidden, category, answered = (
        np.array(mask, dtype=bool) for mask in (hidden, category, answered)
    )

    assert (
        groups.publishable(answered, K, hidden=hidden)
        == benchmark.dense_publishable(dense & answered[None, :], K, hidden)
    ).all()
    assert (
        groups.shares_publishable(answered, [category], K, hidden=hidden)
        == benchmark.dense_shares(dense & answered[None, :], category, K, hidden)
    ).all()


def test_the_benchmark_runs_and_agrees_at_a_tiny_size(monkeypatch, capsys):
    monkeypatch.setattr(benchmark, "SIZE", 400)
    monkeypatch.setattr(benchmark, "REFERENCE_SIZES", (200,))
    monkeypatch.setattr(benchmark, "QUESTIONS", 3)

    assert benchmark.run()
    assert "accord du calcul creux avec la référence dense : oui" in capsys.readouterr().out
