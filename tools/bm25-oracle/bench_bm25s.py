"""Times bm25s (method "lucene", one thread) on the corpus `wego match bench --corpus-out DIR`
wrote, and checks the engine's plain BM25 scores against bm25s's for the same documents.

    python3 tools/bm25-oracle/bench_bm25s.py DIR
"""

import json
import sys
import time
from pathlib import Path

import bm25s
import numpy as np

directory = Path(sys.argv[1])
documents = directory.joinpath("corpus.txt").read_text(encoding="utf-8").splitlines()
queries = directory.joinpath("queries.txt").read_text(encoding="utf-8").splitlines()
ours = [json.loads(line) for line in directory.joinpath("plain-top10.jsonl").read_text(encoding="utf-8").splitlines()]

started = time.perf_counter()
corpus_tokens = bm25s.tokenize(documents, lower=True, stopwords=None, stemmer=None, show_progress=False)
retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75, dtype="float64")
retriever.index(corpus_tokens, show_progress=False)
print(f"bm25s {bm25s.__version__}: indexed {len(documents)} documents in {time.perf_counter() - started:.2f} s")

query_tokens = [bm25s.tokenize([q], lower=True, stopwords=None, stemmer=None, return_ids=False, show_progress=False)[0] for q in queries]
timings = []
for tokens in query_tokens:
    start = time.perf_counter()
    retriever.retrieve([tokens], k=10, n_threads=1, show_progress=False)
    timings.append(time.perf_counter() - start)
timings.sort()
p50, p99 = timings[len(timings) // 2] * 1000, timings[int(0.99 * len(timings)) - 1] * 1000
print(f"bm25s top 10, one query at a time, one thread: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {len(timings) / sum(timings):.0f} queries/s")

largest, compared = 0.0, 0
for tokens, top in zip(query_tokens, ours):
    ids = retriever.get_tokens_ids(tokens)
    scores = retriever.get_scores_from_ids(ids) if ids else np.zeros(len(documents))
    for document, score in top:
        largest = max(largest, abs(float(scores[document]) - score))
        compared += 1
print(f"scores compared with the engine's plain BM25: {compared}, largest difference {largest:.3g}")
sys.exit(0 if largest < 1e-6 else 1)
