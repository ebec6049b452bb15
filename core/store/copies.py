"""Copies of one story: the same or nearly the same text in several files.

A wire story reprinted by five outlets is one source, not five. Each article's cleaned
text becomes a set of word shingles (runs of SHINGLE_WORDS words, lower-cased), and
a MinHash signature of that set (datasketch); signatures that agree in more than
COPY_THRESHOLD of their positions (the estimated Jaccard similarity of the shingles)
belong to one story, the earliest being the original and each copy like it (no chains).
Candidates are found with locality-sensitive hashing
(datasketch.MinHashLSH), so the work grows with the number of articles, not its square.
The threshold is measured in tests/test_copies.py on constructed copies (page noise,
other headlines, light edits) and distinct stories of the same event.

The original of a story is its earliest article (by publication date, then by file).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

LOGGER = logging.getLogger(__name__)

SHINGLE_WORDS = 5       # words per shingle: long enough that two stories of one event rarely share one
NUM_PERM = 64           # positions per signature (the estimate's error is about 0.05 at 0.25)
COPY_THRESHOLD = 0.25   # estimated Jaccard of the shingles at or above which two texts are one story (measured)
MIN_WORDS = 12          # shorter texts are never called copies: too little to tell a reprint from a formula
SEED = 1                # the same permutations in every process: signatures are stored and compared later
SCHEME = "affine32"     # datasketch's permutation scheme (named: stored values carry no trace of it)

WORD = re.compile(r"\w+", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The words of a text, lower-cased (punctuation, quotes and spacing do not count)."""
    return WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The runs of `size` words of a text (the whole text when shorter), as bytes."""
    words = words_of(text)
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


_EMPTY = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)  # its permutations, made once per process


def signature(text: str) -> list[int] | None:
    """The MinHash signature of a text's shingles; None for a text too short to compare."""
    if len(words_of(text)) < MIN_WORDS:
        return None
    minhash = _EMPTY.copy()
    minhash.update_batch(list(shingles(text)))
    return [int(v) for v in minhash.hashvalues]


def similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets."""
    a, b = np.asarray(first, dtype=np.uint64), np.asarray(second, dtype=np.uint64)
    return float(np.count_nonzero(a == b)) / len(a) if len(a) == len(b) and len(a) else 0.0


def story_of(signatures: Mapping[str, Sequence[int] | None], order: Sequence[str],
             threshold: float = COPY_THRESHOLD) -> dict[str, str]:
    """article id -> the id of its story's original (itself when it has no copy).

    `order` lists the ids earliest first. Taken in that order, an article that is no
    copy yet becomes an original, and every later article whose signature agrees with
    its own at `threshold` or more, and that is no copy yet, becomes its copy. A copy
    must be like its original itself: no chain of partly alike texts makes one story
    of many (articles built from shared paragraphs stay apart unless they are alike).
    """
    rank = {article: number for number, article in enumerate(order)}
    ids = sorted(signatures, key=lambda a: (rank.get(a, len(rank)), a))
    story = {a: a for a in ids}
    comparable = [a for a in ids if signatures[a] is not None and len(signatures[a]) == NUM_PERM]  # type: ignore[arg-type]
    if len(comparable) < 2:
        return story
    values = np.asarray([np.asarray(signatures[a], dtype=np.uint64) for a in comparable])
    # LSH finds the candidates; the signatures themselves decide (LSH alone lets some through)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    minhashes = [MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=row, scheme=SCHEME) for row in values]
    for number, minhash in enumerate(minhashes):
        lsh.insert(number, minhash, check_duplication=False)
    copy = np.zeros(len(comparable), dtype=bool)
    needed = int(np.ceil(threshold * NUM_PERM - 1e-9))
    for number, minhash in enumerate(minhashes):
        if copy[number]:
            continue
        candidates = np.fromiter(lsh.query(minhash), dtype=np.int64)
        candidates = candidates[(candidates > number) & ~copy[candidates]]
        if not len(candidates):
            continue
        alike = candidates[np.count_nonzero(values[candidates] == values[number], axis=1) >= needed]
        copy[alike] = True
        for other in alike:
            story[comparable[other]] = comparable[number]
    return story
