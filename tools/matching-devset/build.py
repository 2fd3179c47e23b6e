#!/usr/bin/env python3
"""Builds the matching engine's labelled development set from the copied Open SDG files.

    python3 tools/matching-devset/build.py            # writes examples/matching-devset/
    python3 tools/matching-devset/build.py --check    # fails if the written files differ

Items are the 169 SDG targets in English. Queries are the global indicators, in English (the
monolingual slice) and in Spanish, French and Simplified Chinese (the cross-language slices).
An indicator is relevant (grade 2) to the target it belongs to; an indicator the UN list repeats
under several targets (the same text under several numbers) is relevant to each of them. The
stricter file is `qrels.tsv`; `qrels-goal.tsv` adds grade 1 for the other targets of the same
goal. See examples/matching-devset/README.md.

Python 3 standard library only: the YAML in these files is read by the small reader below
(plain, single- and double-quoted scalars folded over several lines, in the flat
`1-1-1-title: …` and nested `1-1-1:\n  title: …` layouts), which `--check-yaml` compares with
PyYAML where PyYAML is installed.
"""

import argparse
import html
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = os.path.join(HERE, "sources", "open-sdg-sdg-translations", "translations")
OUT = os.path.join(ROOT, "examples", "matching-devset")

# Query languages: the folder in the Open SDG repository and the BCP 47 code the engine takes.
QUERY_LANGUAGES = [("en", "en"), ("es", "es"), ("fr", "fr"), ("zh-Hans", "zh-Hans")]


# --- A reader for the YAML subset these files use -------------------------------------------

def _fold(lines):
    return " ".join(line.strip() for line in lines if line.strip())


def _scalar(lines):
    """The value of a scalar written over `lines` (the first is what follows `key:`)."""
    text = _fold(lines)
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise ValueError("unterminated single-quoted scalar: %r" % text[:60])
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise ValueError("unterminated double-quoted scalar: %r" % text[:60])
        body = text[1:-1]
        if "\\" in body:
            body = body.encode("latin-1", "backslashreplace").decode("unicode_escape")
        return body
    return text


def _key(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text


def read_yaml(path):
    """{top-level key: string} for the flat layout, {key: {"title": string}} for the nested one."""
    with open(path, encoding="utf-8") as handle:
        raw = handle.read().split("\n")
    entries, current = [], None
    for line in raw:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = [line]
            entries.append(current)
        else:
            if current is None:
                raise ValueError("%s: indented line before any key" % path)
            current.append(line)
    result = {}
    for entry in entries:
        key, _, rest = entry[0].partition(":")
        key = _key(key)
        if rest.strip():
            result[key] = _scalar([rest] + entry[1:])
            continue
        nested = entry[1:]
        if not nested:
            raise ValueError("%s: key %s has no value" % (path, key))
        indent = len(nested[0]) - len(nested[0].lstrip())
        child = nested[0].strip()
        name, _, value = child.partition(":")
        if name.strip() == "title" or (value.strip() and " " not in name.strip()):
            # A nested mapping: its own keys sit at `indent`, continuations deeper.
            mapping, field, lines = {}, None, []
            for line in nested:
                depth = len(line) - len(line.lstrip())
                if depth == indent:
                    if field is not None:
                        mapping[field] = _scalar(lines)
                    field, _, value = line.strip().partition(":")
                    field, lines = field.strip(), [value]
                else:
                    lines.append(line)
            mapping[field] = _scalar(lines)
            result[key] = mapping
        else:
            # A plain scalar that starts on the line after the key.
            result[key] = _scalar(nested)
    return result


# --- The set ---------------------------------------------------------------------------------

def clean(text):
    """NFC, HTML entities resolved, whitespace collapsed: the stored copies mix NFD and NFC."""
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def number(code):
    """'11-b' → '11.b', '1-5-1' → '1.5.1'."""
    return code.replace("-", ".")


def targets():
    raw = read_yaml(os.path.join(SOURCES, "en", "global_targets.yml"))
    out = {}
    for key, value in raw.items():
        title = value["title"] if isinstance(value, dict) else value
        out[key] = clean(title)
    return out


def indicators(folder):
    """{indicator code '1-5-1': text} in one language."""
    raw = read_yaml(os.path.join(SOURCES, folder, "global_indicators.yml"))
    out = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            code, text = key, value.get("title", "")
        elif key.endswith("-title"):
            code, text = key[: -len("-title")], value
        else:
            continue
        text = clean(text)
        if text:
            out[code] = text
    return out


def target_of(indicator):
    return indicator.rsplit("-", 1)[0]


def goal_of(code):
    return code.split("-", 1)[0]


def natural(code):
    parts = []
    for part in code.split("-"):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return parts


def build():
    goals = targets()
    english = indicators("en")
    # Indicators the English list gives one text for are one indicator repeated under several
    # targets (1.5.1 = 11.5.1 = 13.1.1, …): an indicator is relevant to all of their targets.
    by_english_text = {}
    for code, text in english.items():
        by_english_text.setdefault(text, set()).add(code)

    items = [{"id": "target-" + number(code), "language": "en", "title": "", "text": text}
             for code, text in sorted(goals.items(), key=lambda kv: natural(kv[0]))]

    queries, strict, loose, counts = [], [], [], []
    for folder, language in QUERY_LANGUAGES:
        texts = indicators(folder)
        by_text = {}
        for code in sorted(texts, key=natural):
            if target_of(code) not in goals:
                raise SystemExit("%s: indicator %s names no target" % (folder, code))
            by_text.setdefault(texts[code], []).append(code)
        count = 0
        for text, codes in by_text.items():
            same = set(codes)
            for code in codes:
                same |= by_english_text.get(english.get(code), set())
            relevant = sorted({target_of(code) for code in same}, key=natural)
            query_id = "%s-%s" % (language, number(codes[0]))
            queries.append({"id": query_id, "language": language, "title": "", "text": text,
                            "indicators": [number(code) for code in codes]})
            count += 1
            for target in relevant:
                strict.append((query_id, "target-" + number(target), 2))
            for target in sorted(goals, key=natural):
                if target in relevant:
                    loose.append((query_id, "target-" + number(target), 2))
                elif any(goal_of(target) == goal_of(r) for r in relevant):
                    loose.append((query_id, "target-" + number(target), 1))
        counts.append((language, count, len(texts)))
    return items, queries, strict, loose, counts


def render(items, queries, strict, loose):
    def jsonl(rows):
        return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)

    def tsv(rows):
        return "query\titem\trelevance\n" + "".join("%s\t%s\t%d\n" % row for row in rows)

    return {
        "items.jsonl": jsonl(items),
        "queries.jsonl": jsonl(queries),
        "qrels.tsv": tsv(strict),
        "qrels-goal.tsv": tsv(loose),
    }


def check_yaml():
    try:
        import yaml  # noqa: F401  (only for this comparison)
    except ImportError:
        print("PyYAML is not installed: nothing to compare with")
        return 0
    bad = 0
    for folder in sorted(os.listdir(SOURCES)):
        for name in sorted(os.listdir(os.path.join(SOURCES, folder))):
            path = os.path.join(SOURCES, folder, name)
            with open(path, encoding="utf-8") as handle:
                expected = yaml.safe_load(handle)
            got = read_yaml(path)
            if got != expected:
                bad += 1
                for key in sorted(set(expected) | set(got)):
                    if expected.get(key) != got.get(key):
                        print("%s %s:\n  yaml: %r\n  ours: %r" % (path, key, expected.get(key), got.get(key)))
                        break
            else:
                print("%s: %d entries, same as PyYAML" % (os.path.relpath(path, ROOT), len(got)))
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files in examples/matching-devset/ instead of writing")
    parser.add_argument("--check-yaml", action="store_true", help="compare the YAML reader with PyYAML")
    args = parser.parse_args()
    if args.check_yaml:
        return check_yaml()
    items, queries, strict, loose, counts = build()
    files = render(items, queries, strict, loose)
    if args.check:
        stale = []
        for name, text in files.items():
            path = os.path.join(OUT, name)
            try:
                with open(path, encoding="utf-8") as handle:
                    if handle.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("examples/matching-devset/ is up to date")
        return 0
    os.makedirs(OUT, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    print("%d items, %d queries, %d judgements (%d with same-goal grade 1)" % (len(items), len(queries), len(strict), len(loose)))
    for language, count, indicators_read in counts:
        print("  %-8s %4d queries from %d indicator numbers" % (language, count, indicators_read))
    return 0


if __name__ == "__main__":
    sys.exit(main())
