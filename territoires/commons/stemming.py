"""French words reduced to their stem, the same way for what is indexed and what is searched.

The words are those of the territory search (``geo.search_text.words``: lower case, no
accents, ligatures spread), each reduced by the Snowball French stemmer (the
``snowballstemmer`` package, pinned), in Python, so that SQLite and PostgreSQL index and
look up the very same stems. Two small additions to Snowball, because it is given words
without their accents: a final « e » is dropped (« mutualisee » as « mutualise »), and so is
the suffix « -age » of the nouns of action, which Snowball keeps (« archivage » meets
« archiver »). Pure.
"""

import functools

import snowballstemmer

from territoires.geo.search_text import words

# A stem is never cut below this length by the additions (« page », « usage » stay).
MIN_STEM = 5

_stemmer = snowballstemmer.stemmer("french")


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of one normalised word (lower case, no accents)."""
    stemmed = _stemmer.stemWord(word)
    if len(stemmed) >= MIN_STEM and stemmed.endswith("e"):
        stemmed = stemmed[:-1]
    if len(stemmed) > MIN_STEM and stemmed.endswith("ag"):
        stemmed = stemmed[:-2]
    return stemmed


def stems(text: str) -> list[str]:
    """The stems of the words of ``text``, in order, repeats kept."""
    return [stem(word) for word in words(text)]
