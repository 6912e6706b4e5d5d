"""Republications: the same story told by several outlets, or a press release printed almost verbatim.

Each text gets a MinHash of its word shingles (three words in a row, folded: accents and case do not
count) with datasketch, cut into LSH bands (BANDS × ROWS = NUM_PERM). Every band is one row of
`Fingerprint` under an index: two texts sharing a band are candidates, and a candidate whose
signature agrees on at least `ARCHIVE_CLUSTER_THRESHOLD` of the permutations (the estimated Jaccard
similarity) is the same story. Looking a text up is one indexed query for its BANDS keys, so it costs
the same with 500 or 500,000 stored texts.

Press releases are indexed here too, from their published text (communications.public), and an
article that repeats one links its story to the release («repercusión en medios»).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash
from django.conf import settings

from gabinete.text import fold

from .models import Article, Fingerprint

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
#: Fewer words than this make no reliable fingerprint (a headline alone, a teaser).
MIN_WORDS = 25
_SEED = 19
_WORD = re.compile(r"\w+")
# The permutations are drawn once (datasketch draws them per MinHash otherwise).
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED)


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def signature(text: str) -> np.ndarray | None:
    """The MinHash of the text's word shingles (uint32 × NUM_PERM), or None for a text too short."""
    words = words_of(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
    minhash = _TEMPLATE.copy()
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint32)


def to_bytes(sig: np.ndarray | None) -> bytes:
    return b"" if sig is None else sig.astype("<u4").tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data:
        return None
    return np.frombuffer(bytes(data), dtype="<u4")


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of it)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of the two texts' shingles."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def threshold() -> float:
    return float(getattr(settings, "ARCHIVE_CLUSTER_THRESHOLD", 0.5))


@functools.lru_cache(maxsize=512)
def _release_signature(text: str) -> np.ndarray | None:
    """A release's signature, kept by its text: every article of a fetch that shares a band with a
    release compares against it, and a release changes rarely (a new text is a new key)."""
    return signature(text)


def _release_signatures(ids: Iterable[int]) -> dict[int, np.ndarray]:
    from communications.public import release_texts

    found = {}
    for pk, text in release_texts(ids).items():
        sig = _release_signature(text)
        if sig is not None:
            found[pk] = sig
    return found


def nearest(sig: np.ndarray) -> tuple[Article | None, int | None]:
    """The stored article most like `sig` (at least the threshold), and the press release it repeats."""
    rows = list(Fingerprint.objects.filter(key__in=band_keys(sig)).values_list("article_id", "press_release_id"))
    if not rows:
        return None, None
    limit = threshold()
    article_ids = {a for a, _r in rows if a is not None}
    best: tuple[float, Article | None] = (0.0, None)
    if article_ids:
        for candidate in Article.objects.filter(pk__in=article_ids).only("pk", "story_id", "signature"):
            other = from_bytes(candidate.signature)
            if other is None:
                continue
            score = similarity(sig, other)
            if score >= limit and score > best[0]:
                best = (score, candidate)
    release = None
    release_ids = {r for _a, r in rows if r is not None}
    if release_ids:
        scored = [(similarity(sig, other), pk) for pk, other in _release_signatures(release_ids).items()]
        scored = [item for item in scored if item[0] >= limit]
        if scored:
            release = max(scored)[1]
    return best[1], release


def index_article(article: Article, sig: np.ndarray | None) -> None:
    if sig is None:
        return
    Fingerprint.objects.bulk_create([Fingerprint(key=key, article=article) for key in band_keys(sig)])


def index_releases() -> int:
    """Fingerprint the published press releases not indexed yet; returns how many."""
    from communications.public import published_release_ids

    indexed = set(
        Fingerprint.objects.filter(press_release__isnull=False).values_list("press_release_id", flat=True).distinct()
    )
    missing = [pk for pk in published_release_ids() if pk not in indexed]
    rows = [
        Fingerprint(key=key, press_release_id=pk)
        for pk, sig in _release_signatures(missing).items()
        for key in band_keys(sig)
    ]
    Fingerprint.objects.bulk_create(rows)
    return len(missing)
