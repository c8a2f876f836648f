"""The search words of the published fiches and reports, held in memory by each process.

``CommunWord`` and ``ReportWord`` are the reference. Each process reads them once into an
index: for each word, the positions of the fiches that have it and their weights, as numpy
arrays. Before each search it reads the changes numbered since (``SearchChange``: one query,
which usually returns the one row already read) and reads again the fiches and reports they
name. A search is then a few operations on arrays whatever the number of fiches found: the
facets of 5,000 fiches are counted in a millisecond, where SQL read 30,000 rows (ADR 0013).

A fiche read again leaves its old position dead and takes a new one at the end. The whole
index is read again when a change it had read is gone (rolled back, as between two tests),
when many changed at once, when a bulk writing asks for it, or when a quarter of the
positions are dead.
"""

import bisect
import datetime
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from territoires.commons.enums import CommunStatus, ReportStatus
from territoires.commons.models import (
    Commun,
    CommunWord,
    ExperienceReport,
    ReportWord,
    SearchChange,
)

# Beyond this many fiches and reports changed since the last search, the index is read anew.
MANY_CHANGES = 200
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _commun_rows(ids: list[int] | None) -> Iterable[tuple[int, tuple]]:
    """Published fiches (all, or among ``ids``), each with its key in the order of results
    of equal score: the most public users first, then the slug."""
    communs = Commun.objects.filter(status=CommunStatus.PUBLISHED)
    if ids is not None:
        communs = communs.filter(pk__in=ids)
    for pk, users, slug in communs.values_list("pk", "users_count", "slug").order_by():
        yield pk, (-users, slug)


def _report_rows(ids: list[int] | None) -> Iterable[tuple[int, tuple]]:
    """Published reports, each with its key: the most recent first, then the slug."""
    reports = ExperienceReport.objects.filter(status=ReportStatus.PUBLISHED)
    if ids is not None:
        reports = reports.filter(pk__in=ids)
    for pk, published_at, slug in reports.values_list("pk", "published_at", "slug").order_by():
        microseconds = ((published_at or EPOCH) - EPOCH) // datetime.timedelta(microseconds=1)
        yield pk, (-microseconds, slug)


def _word_rows(model, owner: str) -> Callable[[list[int] | None], Iterable[tuple]]:
    def rows(ids: list[int] | None) -> Iterable[tuple[int, str, int]]:
        words = model.objects.order_by()
        if ids is not None:
            words = words.filter(**{f"{owner}_id__in": ids})
        return words.values_list(f"{owner}_id", "word", "weight").iterator(chunk_size=20_000)

    return rows


class Corpus:
    """The published fiches (or reports) and their words, by position."""

    def __init__(self, live_rows, word_rows):
        self._live_rows = live_rows
        self._word_rows = word_rows
        self.clear()

    def clear(self) -> None:
        self.pks: list[int] = []
        self.keys: list[tuple] = []
        self.alive = np.zeros(0, bool)
        self.position: dict[int, int] = {}
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.vocabulary: list[str] = []
        self._rank: np.ndarray | None = None
        self._ids: np.ndarray | None = None

    @property
    def dead(self) -> int:
        return len(self.pks) - len(self.position)

    def load(self, ids: list[int] | None = None) -> None:
        """Read the published objects among ``ids`` (all of them when None) and their words;
        the old positions of ``ids`` die."""
        for pk in ids or ():
            if (position := self.position.pop(pk, None)) is not None:
                self.alive[position] = False
        new = {}
        for pk, key in self._live_rows(ids):
            new[pk] = len(self.pks)
            self.pks.append(pk)
            self.keys.append(key)
        self.position.update(new)
        self.alive = np.concatenate([self.alive, np.ones(len(new), bool)])
        grouped = defaultdict(lambda: ([], []))
        for pk, word, weight in self._word_rows(None if ids is None else list(new)):
            if (position := new.get(pk)) is not None:
                positions, weights = grouped[word]
                positions.append(position)
                weights.append(weight)
        for word, (positions, weights) in grouped.items():
            positions, weights = np.array(positions, np.int32), np.array(weights, np.int16)
            if (old := self.postings.get(word)) is not None:
                positions = np.concatenate([old[0], positions])
                weights = np.concatenate([old[1], weights])
            elif ids is not None:
                bisect.insort(self.vocabulary, word)
            self.postings[word] = (positions, weights)
        if ids is None:
            self.vocabulary = sorted(self.postings)
        self._rank = self._ids = None

    @property
    def ids(self) -> np.ndarray:
        """The id of the object at each position."""
        if self._ids is None:
            self._ids = np.array(self.pks, np.int64)
        return self._ids

    @property
    def rank(self) -> np.ndarray:
        """Each position's rank in the order of equal scores (the dead ones last)."""
        if self._rank is None:
            order = sorted(self.position.values(), key=self.keys.__getitem__)
            self._rank = np.full(len(self.pks), len(self.pks), np.int32)
            self._rank[order] = np.arange(len(order), dtype=np.int32)
        return self._rank

    def matching(self, terms: list[list[str]]) -> np.ndarray:
        """The positions having a word of every term, best first: the sum of the weights of
        the words found, then the rank. A word counts once, for the first term it is in."""
        if not terms:
            found = np.flatnonzero(self.alive)
            return found[np.argsort(self.rank[found], kind="stable")]
        first: dict[str, int] = {}
        for number, term in enumerate(terms):
            for word in term:
                first.setdefault(word, number)
        matched = self.alive.copy()
        score = np.zeros(len(self.pks), np.int32)
        for number in range(len(terms)):
            has_term = np.zeros(len(self.pks), bool)
            for word in (word for word, term in first.items() if term == number):
                if (entry := self.postings.get(word)) is not None:
                    has_term[entry[0]] = True
                    score[entry[0]] += entry[1]
            matched &= has_term
        found = np.flatnonzero(matched)
        return found[np.lexsort((self.rank[found], -score[found]))]

    def counts(self, found: np.ndarray, prefixes: Iterable[str]) -> dict[str, int]:
        """How many of the positions ``found`` have each word starting with one of
        ``prefixes`` (those that some have)."""
        chosen = np.zeros(len(self.pks), bool)
        chosen[found] = True
        counts = {}
        for prefix in prefixes:
            start = bisect.bisect_left(self.vocabulary, prefix)
            for word in self.vocabulary[start:]:
                if not word.startswith(prefix):
                    break
                if count := int(np.count_nonzero(chosen[self.postings[word][0]])):
                    counts[word] = count
        return counts

    def starting_with(self, prefixes: Iterable[str], limit: int) -> list[str]:
        """The first ``limit`` words (not facets) of live objects that start with one of
        ``prefixes``, in alphabetical order."""
        found = set()
        for prefix in prefixes:
            start, taken = bisect.bisect_left(self.vocabulary, prefix), 0
            for word in self.vocabulary[start:]:
                if not word.startswith(prefix) or taken == limit:
                    break
                if ":" not in word and self.alive[self.postings[word][0]].any():
                    found.add(word)
                    taken += 1
        return sorted(found)[:limit]


class WordIndex:
    """Both corpora and the last change read, behind one lock (a search reads in peace)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.corpora = {
            SearchChange.Kind.COMMUN: Corpus(_commun_rows, _word_rows(CommunWord, "commun")),
            SearchChange.Kind.REPORT: Corpus(_report_rows, _word_rows(ReportWord, "report")),
        }
        # (number, token) of the last change read; None before the first reading.
        self.read_up_to: tuple[int, str] | None = None

    def refresh(self) -> None:
        """Read the changes numbered since the last search (call with the lock held)."""
        if self.read_up_to is None:
            return self._rebuild()
        generation, token = self.read_up_to
        changes = list(
            SearchChange.objects.filter(generation__gte=max(generation, 1))
            .order_by("generation")
            .values_list("generation", "token", "kind", "object_id")
        )
        if generation and (not changes or changes[0][:2] != (generation, token)):
            return self._rebuild()
        new = [change for change in changes if change[0] > generation]
        if not new:
            return None
        changed = defaultdict(set)
        for _generation, _token, kind, object_id in new:
            changed[kind].add(object_id)
        if SearchChange.Kind.ALL in changed or sum(map(len, changed.values())) > MANY_CHANGES:
            return self._rebuild()
        for kind, ids in changed.items():
            corpus = self.corpora[kind]
            corpus.load(sorted(ids))
            if corpus.dead * 4 > len(corpus.pks):
                corpus.clear()
                corpus.load()
        self.read_up_to = new[-1][:2]
        return None

    def _rebuild(self) -> None:
        # The last number first: a change committed while the words are read is read again
        # at the next search, which does no harm.
        last = SearchChange.objects.order_by("-generation").values_list("generation", "token")
        self.read_up_to = last.first() or (0, "")
        for corpus in self.corpora.values():
            corpus.clear()
            corpus.load()

    def search(
        self, kind: str, terms: list[list[str]], *, facets: Iterable[str] = ()
    ) -> tuple[list[int], dict[str, int]]:
        """The ids of the published objects of ``kind`` having a word of every term (all of
        them without terms), best first, and the count of those having each word that starts
        with one of the prefixes ``facets``."""
        with self.lock:
            self.refresh()
            corpus = self.corpora[kind]
            found = corpus.matching(terms)
            counts = corpus.counts(found, facets)
            return corpus.ids[found].tolist(), counts

    def words_starting_with(self, kind: str, prefixes: Iterable[str], limit: int) -> list[str]:
        with self.lock:
            self.refresh()
            return self.corpora[kind].starting_with(prefixes, limit)

    def memory(self) -> int:
        """The bytes of the index's arrays (what grows with the catalogue)."""
        with self.lock:
            return sum(
                corpus.alive.nbytes
                + corpus.rank.nbytes
                + sum(entry[0].nbytes + entry[1].nbytes for entry in corpus.postings.values())
                for corpus in self.corpora.values()
            )


# The index of this process.
INDEX = WordIndex()
