"""The labels' benchmark at a tiny size, on the small référentiel: its world, its checks."""

from bench.awards import assignment_check, bare_means, sheets_write, world
from territoires.awards import services
from territoires.awards.selectors import jury_ranking


def test_the_benchmark_builds_assigns_and_ranks_in_agreement(imported):
    # The small référentiel's seven communes with a SIREN apply.
    edition, jury = world(applications=12, jurors=9)
    assert edition.applications.count() == 7 and jury.jurors.count() == 9
    services.jury_assign(actor=None, jury=jury)
    sheets, conflicts, balanced = assignment_check(jury)
    assert (sheets, conflicts, balanced) == (21, 0, True)
    assert sheets_write(jury, 35) == 35
    reference = bare_means(jury)
    ranking = jury_ranking(jury)
    assert len(ranking) == len(reference) == 7
    assert all(abs(row.ranked.mean - reference[row.application.pk]) < 1e-9 for row in ranking)
