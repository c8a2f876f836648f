"""The search's index in memory stays in step with the words in the database: another
process's index reads every change, a rolled back change is forgotten, and an index kept up
to date change by change finds what an index read anew finds, in the same order."""

import random

import pytest
from django.db import transaction

from territoires.commons import word_index
from territoires.commons.enums import CommunStatus, ReportStatus
from territoires.commons.models import SearchChange
from territoires.commons.search import commun_search
from territoires.commons.search_index import commun_reindex, report_reindex
from territoires.commons.stemming import stem
from tests.commons.factories import CommunFactory, ExperienceReportFactory, UsageFactory

pytestmark = pytest.mark.django_db

COMMUN, REPORT = SearchChange.Kind.COMMUN, SearchChange.Kind.REPORT
WORDS = ["signature", "archives", "cartographie", "données", "parapheur"]


def found(index: word_index.WordIndex, kind: str, text: str) -> list[int]:
    """The ids ``index`` finds for the words of ``text`` (all when empty), best first."""
    return index.search(kind, [[stem(word)] for word in text.split()])[0]


def test_the_index_of_another_process_reads_each_change():
    other = word_index.WordIndex()
    commun = CommunFactory(name="Parapheur", slug="parapheur")
    assert found(other, COMMUN, "parapheur") == [commun.pk]

    commun.name = "Signature électronique"
    commun.save()
    commun_reindex(commun)
    assert (found(other, COMMUN, "parapheur"), found(other, COMMUN, "signature")) == (
        [],
        [commun.pk],
    )

    commun.status = CommunStatus.ARCHIVED
    commun.save()
    commun_reindex(commun)
    assert found(other, COMMUN, "signature") == []


def test_a_change_rolled_back_is_forgotten():
    commun = CommunFactory(name="Parapheur", slug="parapheur")
    assert [item.pk for item in commun_search("parapheur").items] == [commun.pk]

    with pytest.raises(RuntimeError), transaction.atomic():
        commun.name = "Signature électronique"
        commun.save()
        commun_reindex(commun)
        assert [item.pk for item in commun_search("signature").items] == [commun.pk]
        raise RuntimeError("annulé")

    assert [item.pk for item in commun_search("parapheur").items] == [commun.pk]
    assert commun_search("signature").items == []


def test_an_index_kept_up_to_date_finds_what_an_index_read_anew_finds():
    draw = random.Random(2026)
    kept = word_index.WordIndex()
    communs = [
        CommunFactory(name=" ".join(draw.sample(WORDS, 2)), summary=draw.choice(WORDS))
        for _ in range(8)
    ]
    reports = [ExperienceReportFactory(title=draw.choice(WORDS)) for _ in range(4)]
    found(kept, COMMUN, "")
    for _step in range(40):
        action = draw.randrange(4)
        if action == 0:
            commun = draw.choice(communs)
            commun.name = " ".join(draw.sample(WORDS, draw.randint(1, 3)))
            commun.save()
            commun_reindex(commun)
        elif action == 1:
            commun = draw.choice(communs)
            commun.status = draw.choice([CommunStatus.PUBLISHED, CommunStatus.ARCHIVED])
            commun.save()
            commun_reindex(commun)
        elif action == 2:
            UsageFactory(commun=draw.choice(communs))
        else:
            report = draw.choice(reports)
            report.title = draw.choice(WORDS)
            report.status = draw.choice([ReportStatus.PUBLISHED, ReportStatus.ARCHIVED])
            report.save()
            report_reindex(report)
        anew = word_index.WordIndex()
        for text in ["", *WORDS, "signature archives"]:
            assert found(kept, COMMUN, text) == found(anew, COMMUN, text), text
            assert found(kept, REPORT, text) == found(anew, REPORT, text), text
        # The dead positions of fiches changed stay under a quarter of all.
        assert all(corpus.dead * 4 <= len(corpus.pks) for corpus in kept.corpora.values())


def test_the_changes_are_numbered_one_after_the_other():
    commun = CommunFactory()
    commun_reindex(commun)
    generations = list(
        SearchChange.objects.order_by("generation").values_list("generation", flat=True)
    )
    assert generations == list(range(1, len(generations) + 1))
    assert len(set(SearchChange.objects.values_list("token", flat=True))) == len(generations)
