"""Reference BM25 scores from the Python package bm25s, for the engine's parity test.

Generates a seeded corpus (Zipf-distributed words, with accented, Greek, Cyrillic, Korean and
Chinese words, digits, underscores and punctuation mixed in), tokenises it with bm25s's default
tokeniser (lower-case, r"(?u)\\b\\w\\w+\\b", no stemming, no stop words), indexes it with
method="lucene", k1=1.5, b=0.75 in float64, and writes every non-zero score of every query.

    python3 -m venv /tmp/bm && /tmp/bm/bin/pip install bm25s==0.3.16 numpy
    /tmp/bm/bin/python tools/bm25-oracle/make_fixture.py Tests/WeGOMatchingTests/Fixtures/bm25/reference.json
"""

import json
import random
import sys

import bm25s
import numpy as np

random.seed(20261201)
SYLLABLES = ["ta", "ne", "ri", "mo", "ka", "lu", "si", "po", "ve", "da", "xo", "qui"]
EXTRA = ["eléctrica", "movilidad", "São", "Zürich", "ΑΘΗΝΑ", "Москва", "서울특별시", "전기차", "智慧城市", "交通",
         "a_b", "x2", "2030", "CO2", "i", "5G"]
words = ["".join(random.choice(SYLLABLES) for _ in range(random.randint(1, 3))) for _ in range(600)] + EXTRA
weights = [1 / (rank + 1) for rank in range(len(words))]
random.shuffle(weights)


def text(n):
    parts = random.choices(words, weights=weights, k=n)
    return " ".join(p + random.choice(["", "", "", ",", ".", "!", " -", "'s"]) for p in parts)


documents = [text(random.randint(3, 60)) for _ in range(400)]
documents.append("")  # an empty document still counts in N and avgdl
queries = [text(random.randint(1, 6)) for _ in range(60)] + ["zzzz unknown", "the THE the"]

corpus_tokens = bm25s.tokenize(documents, lower=True, stopwords=None, stemmer=None, return_ids=False, show_progress=False)
retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75, dtype="float64")
retriever.index(bm25s.tokenize(documents, lower=True, stopwords=None, stemmer=None, show_progress=False), show_progress=False)
scores = []
for query in queries:
    tokens = bm25s.tokenize([query], lower=True, stopwords=None, stemmer=None, return_ids=False, show_progress=False)[0]
    ids = retriever.get_tokens_ids(tokens)
    values = retriever.get_scores_from_ids(ids) if ids else np.zeros(len(documents))
    scores.append([[int(i), float(values[i])] for i in np.nonzero(values)[0]])

json.dump({
    "generator": "tools/bm25-oracle/make_fixture.py",
    "bm25s": bm25s.__version__,
    "parameters": {"method": "lucene", "k1": 1.5, "b": 0.75, "dtype": "float64"},
    "documents": documents,
    "tokens": corpus_tokens[:50],
    "queries": queries,
    "scores": scores,
}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
print(f"{len(documents)} documents, {len(queries)} queries -> {sys.argv[1]}")
