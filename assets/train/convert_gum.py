#!/usr/bin/env python3
"""Convert GUM (Georgetown University Multilayer corpus) entity annotation into
spanbench JSONL (ACTOR / LOCATION spans, char offsets = Unicode scalar values).

Usage (from the repository root):

    python3 assets/train/convert_gum.py --gum-git /path/to/gum/.git \
        --commit 72ce5ac14978a324c2fd18d49484e65292cbe316 --out assets/train

or, with a checkout of GUM at that commit: --gum-dir /path/to/gum.
Python 3.8+, standard library only. Output is deterministic (sorted documents,
sorted spans, fixed JSON formatting). See assets/train/README.md for the rules.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter

# Genres whose text licence (GUM LICENSE.txt) is open (no NC / ND clause, not reddit).
GENRE_LICENCE = {
    "news": "CC BY 2.5 (Wikinews)",
    "interview": "CC BY 2.5 (Wikinews)",
    "bio": "CC BY-SA 3.0 (Wikipedia)",
    "voyage": "CC BY-SA 3.0 (Wikivoyage)",
}
# Output file per genre group.
GROUP = {"news": "news", "interview": "news", "bio": "wiki", "voyage": "wiki"}

# DEV: GUM's own dev and test partitions (splits.md) of the Wikinews genres.
# A fixed, published rule; nothing here was chosen by looking at our engine's output.
DEV_DOCS = {
    "GUM_news_homeopathic",
    "GUM_news_iodine",
    "GUM_news_nasa",
    "GUM_news_sensitive",
    "GUM_interview_cyclone",
    "GUM_interview_gaming",
    "GUM_interview_hill",
    "GUM_interview_libertarian",
}

# Titles GUM's news uses that assets/lexicon does not list (lexicon lists are read too).
EXTRA_TITLES = {"administrator", "senator", "sen", "rep", "representative", "governor",
                "gov", "mayor", "professor", "prof", "dr", "director", "chairman", "ceo",
                "judge", "justice", "officer", "chief", "spokesperson", "mp", "mep",
                "emperor", "empress", "marquis", "duke", "duchess", "count", "lord", "lady",
                "saint", "st", "bishop", "archbishop", "cardinal", "sir", "dame"}
PRONUNCIATION = set("()/ˈˌːəɔʁɛʃʒŋθðɑ")
ENTITY_RE = re.compile(r"\((\d+)-([^()]*)(\)?)|(\d+)\)")
# Lower-case words allowed inside a multi-word name ("Ministry of Defense",
# "Staffan de Mistura", "Bosnia and Herzegovina", "Russia's Defense Ministry").
CONNECTORS = {
    "of", "for", "and", "the", "de", "del", "della", "da", "di", "du", "des", "la",
    "le", "al", "el", "bin", "ibn", "van", "von", "der", "den", "on", "&", "'s", "’s",
    "-", "y", "e",
}
# Dependents that are never part of the name itself.
NOT_NAME_DEPS = {"acl", "acl:relcl", "appos", "punct", "parataxis", "conj", "cc", "advcl"}


def load_words(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.add(line.lower().rstrip("."))
    return out


def read_gum_files(args):
    """Yields (name, conllu text) for the genres we use, sorted by name."""
    if args.gum_git:
        ls = subprocess.run(
            ["git", "--git-dir", args.gum_git, "ls-tree", "--name-only", args.commit, "dep/"],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        files = sorted(ls)
    else:
        files = sorted("dep/" + f for f in os.listdir(os.path.join(args.gum_dir, "dep")))
    for path in files:
        name = os.path.basename(path)
        m = re.match(r"GUM_([a-z]+)_.*\.conllu$", name)
        if not m or m.group(1) not in GENRE_LICENCE:
            continue
        if args.gum_git:
            text = subprocess.run(
                ["git", "--git-dir", args.gum_git, "show", f"{args.commit}:{path}"],
                check=True, capture_output=True,
            ).stdout.decode("utf-8")
        else:
            with open(os.path.join(args.gum_dir, path), encoding="utf-8") as f:
                text = f.read()
        yield name[: -len(".conllu")], m.group(1), text


class Doc:
    def __init__(self):
        self.meta = {}
        self.words = []  # dicts: form, upos, xpos, head (global index or -1), deprel, start, end
        self.mentions = []  # (first word, last word inclusive, etype)
        self.text = ""


def parse_doc(conllu):
    doc = Doc()
    parts = []  # text pieces
    pos = 0  # chars written so far
    open_ents = {}  # id -> list of (start word, etype)
    first_sentence = True
    sent = []  # lines of current sentence
    pending_par = False

    def emit(s):
        nonlocal pos
        parts.append(s)
        pos += len(s)

    def flush_sentence(lines):
        nonlocal first_sentence, pending_par
        # surface tokens: (form, space after, [word columns])
        toks = []
        mwt_end = -1
        for line in lines:
            cols = line.split("\t")
            if len(cols) != 10 or "." in cols[0]:
                continue  # malformed line or empty node
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                toks.append((cols[1], "SpaceAfter=No" not in cols[9], []))
                continue
            if toks and int(cols[0]) <= mwt_end:
                toks[-1][2].append(cols)
            else:
                toks.append((cols[1], "SpaceAfter=No" not in cols[9], [cols]))
        if not toks:
            return
        if not first_sentence:
            emit("\n\n" if pending_par else " ")
        first_sentence = False
        pending_par = False
        base = len(doc.words)
        for n, (form, space, words) in enumerate(toks):
            t0 = pos
            emit(form)
            t1 = pos
            sequential = "".join(c[1] for c in words) == form
            cur = t0
            for cols in words:
                if sequential:
                    start, end = cur, cur + len(cols[1])
                    cur = end
                else:
                    start, end = t0, t1
                head = int(cols[6]) if cols[6].isdigit() else 0
                w = {
                    "form": cols[1], "upos": cols[3], "xpos": cols[4], "deprel": cols[7],
                    "head": base + head - 1 if head > 0 else -1,
                    "start": start, "end": end,
                }
                doc.words.append(w)
                gi = len(doc.words) - 1
                for field in cols[9].split("|"):
                    if not field.startswith("Entity="):
                        continue
                    for m in ENTITY_RE.finditer(field[len("Entity="):]):
                        if m.group(1) is not None:
                            etype = m.group(2).split("-")[0]
                            if m.group(3):
                                doc.mentions.append((gi, gi, etype))
                            else:
                                open_ents.setdefault(m.group(1), []).append((gi, etype))
                        else:
                            stack = open_ents.get(m.group(4))
                            if stack:
                                s, etype = stack.pop()
                                doc.mentions.append((s, gi, etype))
            if space and n + 1 < len(toks):
                emit(" ")

    for line in conllu.split("\n"):
        line = line.rstrip("\r")
        if line.startswith("# newpar") and not line.startswith("# newpar_block"):
            pending_par = True
        elif line.startswith("# meta::"):
            k, _, v = line[len("# meta::"):].partition(" = ")
            doc.meta[k] = v
        elif line.startswith("#"):
            continue
        elif line.strip() == "":
            flush_sentence(sent)
            sent = []
        else:
            sent.append(line)
    flush_sentence(sent)
    doc.text = "".join(parts)
    # Trailing spaces inside text never matter for spans, but keep the text clean.
    return doc


def is_cap(form):
    return form[:1].isupper() or form[:1].isdigit()


def mention_head(doc, a, b):
    """The word of [a, b] whose syntactic head lies outside the mention."""
    heads = [i for i in range(a, b + 1) if not (a <= doc.words[i]["head"] <= b)]
    if not heads:
        return None
    # prefer a PROPN / NOUN head over punctuation
    for i in heads:
        if doc.words[i]["upos"] not in ("PUNCT", "DET", "ADP"):
            return i
    return heads[0]


def subtree_ok(doc, a, b, h):
    """Words of [a, b] in the head's subtree, outside relative clauses, appositions etc."""
    ok = set()
    for i in range(a, b + 1):
        j = i
        good = True
        while j != h:
            w = doc.words[j]
            if w["deprel"] in NOT_NAME_DEPS or not (a <= w["head"] <= b):
                good = False
                break
            j = w["head"]
        if good or (doc.words[i]["form"] in ("-", "&") and a < i < b):
            ok.add(i)  # a hyphen or ampersand inside a name: "Udvar-Hazy Center"
    return ok


def name_span(doc, a, b, etype, titles):
    """The named part of mention [a, b], as (first word, last word), or None."""
    h = mention_head(doc, a, b)
    if h is None:
        return None
    ok = subtree_ok(doc, a, b, h)
    if doc.words[h]["upos"] != "PROPN" or (
            etype == "person" and doc.words[h]["form"].lower().rstrip(".") in titles):
        # "fellow candidate Buddy Roemer", "the group Hezbollah": a common-noun head
        # with the name as its flat / appos dependent; the name is that dependent
        names = [i for i in range(a, b + 1) if doc.words[i]["head"] == h
                 and doc.words[i]["deprel"] in ("flat", "appos") and doc.words[i]["upos"] == "PROPN"]
        if not names:
            return None
        # the name's own subtree, plus its flat siblings ("interviewee David Titley":
        # both words hang on the common noun)
        siblings = {i for i in names if doc.words[i]["deprel"] == "flat"}
        old_h, h = h, names[0]
        ok = subtree_ok(doc, a, b, h) | siblings
    else:
        old_h = h

    def name_word(i):
        w = doc.words[i]
        if i not in ok:
            return False
        if etype == "person":
            # a person's name is the head and its flat parts ("Hamdullah Mohib"); titles
            # hang on it as nmod:desc / compound and stay outside
            return i in ok and (i == h or (w["head"] in (h, old_h) and w["deprel"] == "flat"
                                           and w["upos"] != "PUNCT"))
        if w["upos"] == "PROPN":
            return True
        if etype != "person" and is_cap(w["form"]) and w["upos"] not in ("PUNCT", "PRON", "DET"):
            return True  # "Islamic State", "Russian Defense Ministry", "United States"
        return False

    def connector(i):
        return i in ok and doc.words[i]["form"].lower() in CONNECTORS

    lo = h
    while lo - 1 >= a and (name_word(lo - 1) or (connector(lo - 1) and lo - 2 >= a and name_word(lo - 2))):
        lo -= 1
    hi = h
    while hi + 1 <= b and (name_word(hi + 1) or (connector(hi + 1) and hi + 2 <= b and name_word(hi + 2))):
        hi += 1
    # connectors may only sit inside the name
    while lo < hi and connector(lo) and not name_word(lo):
        lo += 1
    while hi > lo and connector(hi) and not name_word(hi):
        hi -= 1
    # a leading "The" stays outside (GUIDELINES: "the U.N." -> "U.N.")
    while lo < hi and doc.words[lo]["form"].lower() == "the":
        lo += 1
    if etype == "person":
        # titles and honorifics stay outside: "President [Barack Obama]", "Mr. [Kim]"
        # the name starts after the last title: "NASA Administrator [Charles Bolden]"
        last_title = None
        for i in range(lo, hi + 1):
            if doc.words[i]["form"].lower().rstrip(".") in titles:
                last_title = i
        if last_title is not None:
            lo = last_title + 1
            while lo <= hi and doc.words[lo]["form"] == ".":
                lo += 1
            if lo > hi:
                return None
    return lo, hi


def smallest_enclosing(doc, mentions, i, exclude):
    """The smallest mention (a, b, etype) containing word i, other than `exclude`."""
    best = None
    for m in mentions:
        if m == exclude or not (m[0] <= i <= m[1]):
            continue
        if best is None or (m[1] - m[0]) < (best[1] - best[0]):
            best = m
    return best


AGENT_TYPES = {"person", "organization"}


def convert(doc, titles, stats):
    spans = []
    for m in sorted(set(doc.mentions)):
        a, b, etype = m
        if etype not in ("person", "organization", "place"):
            continue
        ns = name_span(doc, a, b, etype, titles)
        if ns is None:
            continue
        lo, hi = ns
        h = mention_head(doc, a, b)
        w = doc.words[h]
        label = "LOCATION" if etype == "place" else "ACTOR"
        rule = etype
        parent = w["head"]
        if etype == "person" and w["xpos"] == "NNPS" and lo == hi:
            # a people ("the Russians"): ACTOR only as the agent (subject) of a clause
            if not w["deprel"].startswith("nsubj"):
                stats["drop: people not as subject"] += 1
                continue
            rule = "people as subject"
        if parent >= 0 and w["deprel"] in ("compound", "nmod:poss", "amod"):
            outer = smallest_enclosing(doc, doc.mentions, parent, m)
            outer_type = outer[2] if outer else None
            if etype == "place" and w["deprel"] in ("compound", "amod") and outer_type in AGENT_TYPES:
                # "U.S. officials": a bare country as modifier of people / a body
                stats["drop: place modifying a person/organisation"] += 1
                continue
            if etype == "place" and w["deprel"] == "nmod:poss" and outer_type in AGENT_TYPES:
                # "Turkey's President", "Syria's army command": the state
                label = "ACTOR"
                rule = "place possessing a person/organisation"
        start = doc.words[lo]["start"]
        end = doc.words[hi]["end"]
        surface = doc.text[start:end]
        if not any(c.isupper() for c in surface) or any(c in PRONUNCIATION for c in surface):
            # pronunciations ("/d(ə)ˈvɔːrʒɑːk/") and lower-case common words GUM typed
            # PROPN ("critic", "park") are not names
            stats["drop: no capital / a pronunciation"] += 1
            continue
        spans.append((start, end, label, rule))
    # No names inside names: drop spans inside (or overlapping) a longer one.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept = []
    for s in spans:
        if any(k[0] <= s[0] and s[1] <= k[1] for k in kept):
            if not any(k[0] == s[0] and k[1] == s[1] for k in kept):
                stats["drop: name inside a name"] += 1
            continue
        if any(s[0] < k[1] and k[0] < s[1] for k in kept):
            stats["drop: crossing a longer name"] += 1
            continue
        kept.append(s)
    out = []
    for s in kept:
        stats["rule: " + s[3] + " -> " + s[2]] += 1
        text = doc.text[s[0]:s[1]]
        out.append({"start": s[0], "end": s[1], "label": s[2], "text": text})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gum-git", help="GUM git directory (bare or .git)")
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--gum-dir", help="a GUM checkout (instead of --gum-git)")
    ap.add_argument("--out", default="assets/train")
    ap.add_argument("--lexicon", default="assets/lexicon")
    args = ap.parse_args()
    if not args.gum_git and not args.gum_dir:
        ap.error("give --gum-git or --gum-dir")
    titles = load_words(os.path.join(args.lexicon, "titles.txt")) | load_words(
        os.path.join(args.lexicon, "honorifics.txt")) | load_words(
        os.path.join(args.lexicon, "lower_titles.txt")) | EXTRA_TITLES
    outputs = {"news-train": [], "news-dev": [], "wiki-train": []}
    manifest = []
    stats = Counter()
    counts = Counter()
    for name, genre, conllu in read_gum_files(args):
        doc = parse_doc(conllu)
        spans = convert(doc, titles, stats)
        split = "dev" if name in DEV_DOCS else "train"
        key = GROUP[genre] + "-" + split
        outputs[key].append({"doc": name, "text": doc.text, "spans": spans, "relations": []})
        manifest.append((name, key, genre, GENRE_LICENCE[genre], doc.meta.get("sourceURL", ""),
                         doc.meta.get("author", "")))
        for s in spans:
            counts[(key, s["label"])] += 1
        counts[(key, "docs")] += 1
        counts[(key, "chars")] += len(doc.text)
    for key, docs in outputs.items():
        with open(os.path.join(args.out, f"gum-{key}.jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "gum-manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("doc\tfile\tgenre\ttext_licence\tsource_url\tauthor\n")
        for row in manifest:
            f.write("\t".join(row) + "\n")
    for k in sorted(counts):
        print(k[0], k[1], counts[k], file=sys.stderr)
    for k in sorted(stats):
        print(k, stats[k], file=sys.stderr)


if __name__ == "__main__":
    main()
