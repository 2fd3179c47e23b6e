"""`wego match rank` and `wego match eval` as an analyst runs them: JSONL in, one ranking per
query out; a Spanish, a Korean and a Chinese query meet English items through the thesaurus;
bad input names the file and line and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ITEMS = [
    {"id": "ev", "title": "Electric vehicle charging network", "text": "Fast chargers for electric buses and taxis.", "language": "en", "tags": ["transportation"]},
    {"id": "air", "title": "Air quality sensor network", "text": "Low-cost sensors measure fine dust across the city.", "language": "en", "tags": ["environment"]},
    {"id": "waste", "title": "Smart waste bins", "text": "Fill-level sensors plan garbage collection and recycling.", "language": "en", "tags": ["solid-waste"]},
    {"id": "permits", "title": "Online permits", "text": "A one-stop portal for building permits.", "language": "en", "tags": ["digital-government"]},
]
QUERIES = [
    {"id": "es", "title": "Movilidad eléctrica", "text": "La ciudad quiere más autobuses eléctricos.", "language": "es"},
    {"id": "ko", "title": "미세먼지 저감", "text": "대기질 측정망", "language": "ko"},
    {"id": "zh", "title": "垃圾分类与回收", "text": "", "language": "zh-Hans"},
]


def wego(*arguments: str) -> subprocess.CompletedProcess:
    binary = os.environ.get("WEGO_BIN")
    if not binary:
        pytest.skip("WEGO_BIN is set by scripts/test")
    return subprocess.run([binary, "match", *arguments], capture_output=True, text=True, timeout=120)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_rank_matches_across_languages(tmp_path):
    out = tmp_path / "rankings.jsonl"
    result = wego("rank", "--items", str(write_jsonl(tmp_path / "items.jsonl", ITEMS)),
                  "--queries", str(write_jsonl(tmp_path / "queries.jsonl", QUERIES)), "--k", "2", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["query"] for line in lines] == ["es", "ko", "zh"]
    assert all(set(line) == {"query", "items"} and len(line["items"]) <= 2 for line in lines)
    assert [line["items"][0] for line in lines] == ["ev", "air", "waste"]


def test_eval_reports_the_engine_against_plain_bm25(tmp_path):
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("query\titem\trelevance\nes\tev\t1\nko\tair\t1\nzh\twaste\t1\n", encoding="utf-8")
    result = wego("eval", "--items", str(write_jsonl(tmp_path / "items.jsonl", ITEMS)),
                  "--queries", str(write_jsonl(tmp_path / "queries.jsonl", QUERIES)), "--qrels", str(qrels))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {line[:14].strip(): line[14:].split() for line in result.stdout.splitlines()[1:] if line.strip()}
    full, plain = rows["full"], rows["plain BM25"]
    assert full[0] == plain[0] == "3"
    assert float(full[1]) == 1.0 and float(full[3]) == 1.0  # nDCG@10 and MRR
    assert float(plain[1]) < float(full[1])  # no shared word: plain BM25 cannot find them


@pytest.mark.parametrize("line, message", [
    ('{"title": "no id"}', "line 2: not a JSON object with a string \"id\""),
    ('{"id": "x", "title": "t", "language": "tlh"}', 'line 2: unknown language code "tlh"'),
    ('{"id": "x", "title": "t", "tags": ["teleportation"]}', "line 2: unknown taxonomy terms: teleportation"),
    ('{"id": "x", "title": ""}', "line 2: the title and text are empty"),
    ('{"id": "ev", "title": "again"}', 'line 2: the id "ev" appears twice'),
    ('{"id": "x", "title": ', "line 2: not a JSON object"),
])
def test_bad_jsonl_names_the_line_and_writes_nothing(tmp_path, line, message):
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps(ITEMS[0]) + "\n" + line + "\n", encoding="utf-8")
    out = tmp_path / "rankings.jsonl"
    result = wego("rank", "--items", str(items), "--queries", str(write_jsonl(tmp_path / "q.jsonl", QUERIES)), "--out", str(out))
    assert result.returncode == 1
    assert f"{items}, {message}" in result.stdout + result.stderr, result.stdout + result.stderr
    assert not out.exists()
