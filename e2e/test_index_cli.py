"""`wego index build` as an analyst runs it: COINr-style files in, one row per unit out, with
every aggregate equal to COINr's own results; bad input names the file, line and column."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "coinr"
FIXTURES = ROOT / "Tests" / "WeGOIndexTests" / "Fixtures" / "coinr"


def wego(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    binary = os.environ.get("WEGO_BIN")
    if not binary:
        pytest.skip("WEGO_BIN is set by scripts/test")
    return subprocess.run([binary, "index", "build", *arguments], cwd=cwd, capture_output=True, text=True, timeout=120)


def read(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as handle:
        return {row["uCode"]: row for row in csv.DictReader(handle)}


def test_builds_the_coinr_example_like_coinr(tmp_path):
    out = tmp_path / "results.csv"
    result = wego("--data", str(EXAMPLE / "ASEM_iData.csv"), "--meta", str(EXAMPLE / "ASEM_iMeta.csv"),
                  "--spec", str(FIXTURES / "oracle" / "screen_first" / "pipeline.json"),
                  "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    mine = read(out)
    reference = read(FIXTURES / "oracle" / "screen_first" / "Aggregated.csv")
    assert set(mine) == set(reference) and len(mine) == 46  # the screen drops five units
    columns = [c for c in next(iter(mine.values())) if c not in ("uCode", "Rank")]
    assert columns == ["ConEcFin", "Environ", "Instit", "P2P", "Physical", "Political", "Social", "SusEcFin", "Conn", "Sust", "Index"]
    for unit, row in mine.items():
        for column in columns:
            assert abs(float(row[column]) - float(reference[unit][column])) <= 1e-9 * max(1.0, abs(float(reference[unit][column]))), (unit, column)
    ranks = sorted((int(row["Rank"]), unit) for unit, row in mine.items())
    assert ranks[0][0] == 1 and ranks[-1][0] <= 46
    assert not (tmp_path / "var").exists(), "the index command must not create a database"


def test_bad_input_is_named(tmp_path):
    data = (EXAMPLE / "ASEM_iData.csv").read_text().splitlines()
    data[2] = data[2].replace(",4.108538,", ",four,")
    (tmp_path / "data.csv").write_text("\n".join(data) + "\n")
    (tmp_path / "spec.json").write_text(json.dumps({"steps": [{"op": "normalise", "method": "minMax", "range": [100, 0]}]}))
    bad_data = wego("--data", "data.csv", "--meta", str(EXAMPLE / "ASEM_iMeta.csv"), "--spec", "spec.json", "--out", "r.csv", cwd=tmp_path)
    assert bad_data.returncode == 1
    assert 'data.csv: line 3, column 12: "four" is not a number' in bad_data.stdout + bad_data.stderr
    bad_spec = wego("--data", str(EXAMPLE / "ASEM_iData.csv"), "--meta", str(EXAMPLE / "ASEM_iMeta.csv"), "--spec", "spec.json",
                    "--out", "r.csv", cwd=tmp_path)
    assert bad_spec.returncode == 1
    assert 'pipeline step 1: "range" must be [low, high] with low < high' in bad_spec.stdout + bad_spec.stderr
    missing = wego("--data", "nowhere.csv", "--meta", "nowhere.csv", "--spec", "spec.json", "--out", "r.csv", cwd=tmp_path)
    assert missing.returncode == 1 and "cannot read nowhere.csv" in missing.stdout + missing.stderr
    assert not (tmp_path / "r.csv").exists()


def test_uncertainty_writes_rank_intervals_and_sobol_indices(tmp_path):
    binary = os.environ.get("WEGO_BIN")
    if not binary:
        pytest.skip("WEGO_BIN is set by scripts/test")
    arguments = [binary, "index", "uncertainty", "--data", str(EXAMPLE / "ASEM_iData.csv"), "--meta", str(EXAMPLE / "ASEM_iMeta.csv"),
                 "--spec", str(EXAMPLE / "pipeline-1-100.json"), "--assumptions", str(EXAMPLE / "assumptions.json"),
                 "--runs", "20", "--seed", "5", "--out", "ranks.csv", "--sobol-out", "sobol.csv"]
    first = subprocess.run(arguments, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "120 runs" in first.stdout  # N·(k+2) with four assumptions
    ranks = read(tmp_path / "ranks.csv")
    assert len(ranks) == 51 and ranks["CHE"]["NominalRank"] == "1"
    for row in ranks.values():
        assert float(row["Q05"]) <= float(row["MedianRank"]) <= float(row["Q95"])
    with (tmp_path / "sobol.csv").open(newline="") as handle:
        sobol = list(csv.DictReader(handle))
    assert [row["Assumption"] for row in sobol] == ["winsorisation", "normalisation", "weights", "aggregation"]
    first_ranks = (tmp_path / "ranks.csv").read_text()
    again = subprocess.run(arguments, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and (tmp_path / "ranks.csv").read_text() == first_ranks, "the same seed gives the same ranks"
    (tmp_path / "bad.json").write_text('{"assumptions": [{"vary": "weights", "noise": 3}]}')
    bad = subprocess.run(arguments[:10] + [str(tmp_path / "bad.json")] + arguments[11:], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and '"noise" must be between 0 and 1' in bad.stdout + bad.stderr
