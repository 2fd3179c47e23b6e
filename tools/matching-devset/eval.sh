#!/usr/bin/env bash
# Runs `wego match eval` on the development set, overall and per query language.
#
#   tools/matching-devset/eval.sh [WEGO_BINARY] [QRELS_FILE_NAME]
#
# WEGO_BINARY defaults to .build/debug/wego; QRELS_FILE_NAME to qrels.tsv (or qrels-goal.tsv).
# `wego match eval` averages over the queries its qrels file judges, so each language gets its
# own queries file and its own qrels file.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/debug/wego}
QRELS=${2:-qrels.tsv}
D=examples/matching-devset
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "== all languages"
"$BIN" match eval --items $D/items.jsonl --queries $D/queries.jsonl --qrels $D/$QRELS
for L in $(grep -o '"language": "[^"]*"' $D/queries.jsonl | sort -u | cut -d'"' -f4); do
  grep "\"language\": \"$L\"" $D/queries.jsonl > "$T/queries-$L.jsonl"
  awk -F'\t' -v p="$L-" 'index($1, p) == 1' $D/$QRELS > "$T/qrels-$L.tsv"
  echo "== $L"
  "$BIN" match eval --items $D/items.jsonl --queries "$T/queries-$L.jsonl" --qrels "$T/qrels-$L.tsv" | tail -2
done
