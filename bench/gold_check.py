#!/usr/bin/env python3
"""Validate a gold set for natural-language ("semantic recall") code search.

Usage: python3 bench/gold_check.py GOLD.jsonl CORPUS_DIR

GOLD.jsonl holds one JSON object per line (blank lines are ignored), e.g.
  {"query": "check whether a year is a leap year",
   "targets": [{"path": "time/time.go", "line": 1400}], "shares_name_word": true}

- query:   a plain-words question, as asked by someone who does not know the code.
- targets: 1-3 definitions that answer it. `path` is relative to CORPUS_DIR and
           `line` is the 1-based line of the `func`/`type` declaration (or of the
           spec inside a `type (` block). A search result is a hit if it has the
           same path and its line range contains `line`.
- shares_name_word: false if no non-stop-word of the query equals a subtoken of
           any target identifier (its name and receiver type, split on camelCase,
           digits and underscores; a trailing "s" is ignored on both sides).
Unknown extra fields are allowed. Checks: each line parses, targets exist and
point at declarations, "false" claims hold (a doubtful "true" only warns), and at
least half the queries are "false". Prints a summary, then one line per problem
(exit status 1 if any).
"""
import json, os, re, sys

STOP = set("""a an the of to in on for and or by with from into as at be is are was
it its this that these those there which what where when how why who does do did
we i you our can could should would will function func method code go golang""".split())
TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def norm(tok):
    return tok[:-1] if len(tok) > 2 and tok.endswith("s") else tok


def subtokens(word):
    """Split an identifier or query word into normalized lowercase subtokens."""
    return {norm(t.lower()) for part in re.split(r"[^A-Za-z0-9]+", word)
            for t in TOKEN.findall(part)}


def decl_identifiers(lines, idx):
    """Identifiers declared at lines[idx] (name, receiver type), or None."""
    text = lines[idx].strip()
    if text.startswith("func "):
        m = re.match(r"func\s*(?:\(\s*(?:\w+\s+)?\*?\s*(\w+)[^)]*\)\s*)?(\w+)", text)
        return [n for n in m.groups() if n] if m else None
    if text.startswith("type "):
        m = re.match(r"type\s+(\w+)", text)
        return [m.group(1)] if m else None
    for j in range(idx - 1, -1, -1):  # a spec inside a `type (` block?
        if lines[j].startswith((")", "}")):
            return None
        if lines[j].startswith("type ("):  # gofmt indents specs exactly once
            m = re.match(r"\t(\w+)", lines[idx])
            return [m.group(1)] if m else None
    return None


def check_target(corpus, t):
    """Return (identifiers, problem) for one target."""
    path, line = t.get("path", ""), t.get("line")
    full = os.path.join(corpus, path)
    if re.search(r"(^|/)(vendor|testdata)/", path) or not os.path.isfile(full):
        return None, f"missing file, or under vendor/ or testdata/: {path}"
    with open(full, encoding="utf-8", errors="replace") as src:
        lines = src.read().split("\n")
    if not isinstance(line, int) or not 1 <= line <= len(lines):
        return None, f"{path}:{line} out of range"
    names = decl_identifiers(lines, line - 1)
    bad = f"{path}:{line} is not a func/type declaration: {lines[line - 1].strip()[:60]!r}"
    return names, None if names else bad


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold, corpus = sys.argv[1:]
    problems, warnings, seen = [], [], set()
    nq = nt = nfalse = 0
    stop = {norm(w) for w in STOP}
    with open(gold, encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                query, targets, flag = obj["query"], obj["targets"], obj["shares_name_word"]
            except (ValueError, KeyError, TypeError) as e:
                problems.append(f"{gold}:{ln}: bad entry: {e}")
                continue
            where, nq, nfalse = f"{gold}:{ln}: {query!r}", nq + 1, nfalse + (flag is False)
            if flag not in (True, False):
                problems.append(f"{where}: shares_name_word must be true or false")
            if query.lower() in seen:
                problems.append(f"{where}: duplicate query")
            seen.add(query.lower())
            if not isinstance(targets, list) or not 1 <= len(targets) <= 3:
                problems.append(f"{where}: need 1-3 targets")
                continue
            idents = set()
            for t in targets:
                nt += 1
                names, problem = check_target(corpus, t)
                if problem:
                    problems.append(f"{where}: {problem}")
                for n in names or ():
                    idents |= subtokens(n)
            words = [w for w in re.split(r"[^A-Za-z0-9]+", query.lower()) if w]
            qtoks = {norm(w) for w in words} | set().union(*map(subtokens, words))
            shared = sorted((qtoks - stop) & idents)
            if flag is False and shared:
                problems.append(f"{where}: claims no shared word but shares {shared}")
            elif flag is True and idents and not shared:
                warnings.append(f"{where}: labelled true but shares no exact word")
    if nfalse * 2 < nq:
        problems.append(f"only {nfalse}/{nq} queries have shares_name_word false (need half)")
    print("".join(f"warning: {w}\n" for w in warnings), end="")
    print(f"queries: {nq}  targets: {nt}  no-shared-word: {nfalse} "
          f"({100 * nfalse // max(nq, 1)}%)  problems: {len(problems)}")
    print("".join(p + "\n" for p in problems), end="")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
