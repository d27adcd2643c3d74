#!/usr/bin/env python3
"""Loads every spanbench export format with spaCy's own readers and asserts every span
comes back. Not part of `cargo test` (CI must not depend on Python); see README.md.

    python3 tests/interop/check_spacy.py [--spanbench BIN] [--corpus DIR] [--annotations DIR]

Without --annotations it annotates a copy of the corpus itself (quotes as CLAIM,
capitalised words as ACTOR / LOCATION, nested inside the claims, each claim SAID_BY the
nearest actor before it), imports that with `spanbench import`, and checks the exports:

- jsonl   : `doc.char_span(start, end, label)` on spaCy's tokenisation for every span
            (strictly aligned); the spans whose edges fall inside a spaCy token are then
            checked on a Doc cut at the span edges, so every span is asserted to come
            back with exactly its text. Relations point from a CLAIM to an ACTOR.
- prodigy : a `Doc(words, spaces)` from the task's tokens is the text exactly, every
            token sits at its offsets, each span's token_start / token_end give back
            its chars and doc.char_span finds it; relations' head/child are the
            spans' last tokens.
- doccano : both shapes, offsets checked with `doc.char_span` as for jsonl.
- conll   : `python -m spacy convert FILE OUT -c ner` then the DocBin's entities equal
            spaCy's `filter_spans` of the same spans (what a tag column can hold).
- brat    : .txt byte-identical to the article; T lines' character offsets give back
            the covered text (fragments joined by a space), checked with char_span.

Exit status 0 when all pass, 1 on the first failure, 77 when spaCy is not installed.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import spacy
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans
except ImportError:  # pragma: no cover
    print("spaCy is not installed: pip install spacy (skipped)", file=sys.stderr)
    sys.exit(77)

ROOT = Path(__file__).resolve().parents[2]
NLP = spacy.blank("xx")


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        fail(f"{' '.join(map(str, cmd))}\n{r.stderr}")
    return r


def annotate(text):
    """Spans and relations in spanbench's JSONL shape, made in Python."""
    spans = []
    for m in re.finditer(r"“([^”]+)”", text):
        s, e = m.start(1), m.end(1)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append({"start": s, "end": e, "label": "CLAIM", "text": text[s:e]})
    k = 0
    for m in re.finditer(r"[^\W\d_]\w*", text):
        if len(m.group()) >= 3 and m.group()[0].isupper():
            label = "ACTOR" if k % 2 == 0 else "LOCATION"
            spans.append({"start": m.start(), "end": m.end(), "label": label, "text": m.group()})
            k += 1
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    relations = []
    for i, c in enumerate(spans):
        if c["label"] != "CLAIM":
            continue
        before = [j for j, a in enumerate(spans) if a["label"] == "ACTOR" and a["end"] < c["start"]]
        if before:
            j = max(before, key=lambda j: (spans[j]["end"], spans[j]["start"]))
            relations.append({"label": "SAID_BY", "claim": i, "speaker": j})
    return spans, relations


def char_span_checked(text, spans, where):
    """Every (start, end, label, expected_text) comes back through doc.char_span."""
    doc = NLP.make_doc(text)
    strict, cut = 0, []
    for s, e, label, want in spans:
        sp = doc.char_span(s, e, label=label)
        if sp is not None:
            if sp.text != want:
                fail(f"{where}: {label} {s}..{e} is {sp.text!r}, expected {want!r}")
            strict += 1
        else:
            cut.append((s, e, label, want))
    if cut:
        # spaCy's tokens, cut at every span edge: same text, so char offsets must hold.
        edges = {0, len(text)}
        for t in doc:
            edges.update((t.idx, t.idx + len(t.text)))
        for s, e, _, _ in spans:
            edges.update((s, e))
        edges = sorted(edges)
        words, spaces = [], []
        for a, b in zip(edges, edges[1:]):
            piece = text[a:b]
            if piece.strip() == "":
                if spaces:
                    # whitespace between tokens: attach to the previous token.
                    if piece == " " and not spaces[-1]:
                        spaces[-1] = True
                        continue
                words.append(piece)
                spaces.append(False)
            else:
                words.append(piece)
                spaces.append(False)
        doc2 = Doc(NLP.vocab, words=words, spaces=spaces)
        if doc2.text != text:
            fail(f"{where}: could not rebuild the text from tokens")
        for s, e, label, want in cut:
            sp = doc2.char_span(s, e, label=label)
            if sp is None or sp.text != want:
                fail(f"{where}: {label} {s}..{e} does not come back ({sp!r}, expected {want!r})")
    return strict, len(cut)


def check_jsonl(path, texts, expected):
    n = strict = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        text = d["text"]
        if text != texts[d["doc"]]:
            fail(f"jsonl {d['doc']}: text differs from the article")
        spans = [(s["start"], s["end"], s["label"], text[s["start"]:s["end"]]) for s in d["spans"]]
        for s in d["spans"]:
            if s.get("text") is not None and s["text"] != text[s["start"]:s["end"]]:
                fail(f"jsonl {d['doc']}: span text {s['text']!r} != text[{s['start']}:{s['end']}]")
        got = {(s, e, l) for s, e, l, _ in spans}
        if got != expected[d["doc"]]:
            fail(f"jsonl {d['doc']}: spans differ from the annotations")
        a, _ = char_span_checked(text, spans, f"jsonl {d['doc']}")
        strict += a
        n += len(spans)
        for r in d["relations"]:
            if d["spans"][r["claim"]]["label"] != "CLAIM" or d["spans"][r["speaker"]]["label"] != "ACTOR":
                fail(f"jsonl {d['doc']}: relation {r} is not CLAIM -> ACTOR")
    print(f"jsonl   : {n} spans back through doc.char_span ({strict} aligned with spaCy's own tokens as they are)")
    return n


def check_prodigy(path, texts, expected):
    n = rels = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        doc_id = t["meta"]["doc"]
        words = [tok["text"] for tok in t["tokens"]]
        spaces = [tok["ws"] for tok in t["tokens"]]
        doc = Doc(NLP.vocab, words=words, spaces=spaces)
        if doc.text != t["text"] or t["text"] != texts[doc_id]:
            fail(f"prodigy {doc_id}: Doc(words, spaces) does not rebuild the text")
        for tok, st in zip(t["tokens"], doc):
            if (st.idx, st.idx + len(st.text)) != (tok["start"], tok["end"]):
                fail(f"prodigy {doc_id}: token {tok} is at {st.idx} in spaCy's Doc")
        got = set()
        for s in t["spans"]:
            toks = t["tokens"][s["token_start"]: s["token_end"] + 1]
            if toks[0]["start"] != s["start"] or toks[-1]["end"] != s["end"]:
                fail(f"prodigy {doc_id}: span {s} does not match its tokens")
            sp = doc[s["token_start"]: s["token_end"] + 1]
            if (sp.start_char, sp.end_char) != (s["start"], s["end"]) or sp.text != t["text"][s["start"]:s["end"]]:
                fail(f"prodigy {doc_id}: span {s} is {sp.text!r} at {sp.start_char}..{sp.end_char} in spaCy's Doc")
            if doc.char_span(s["start"], s["end"], label=s["label"]) is None:
                fail(f"prodigy {doc_id}: doc.char_span misses {s}")
            got.add((s["start"], s["end"], s["label"]))
            n += 1
        if got != expected[doc_id]:
            fail(f"prodigy {doc_id}: spans differ from the annotations")
        for r in t.get("relations", []):
            if r["head"] != r["head_span"]["token_end"] or r["child"] != r["child_span"]["token_end"]:
                fail(f"prodigy {doc_id}: relation head/child are not span-end tokens: {r}")
            rels += 1
    print(f"prodigy : {n} spans and {rels} relations back through Doc(words, spaces) from the task's tokens")
    return n


def check_doccano(path, texts, expected, relations):
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        text = d["text"]
        if relations:
            spans = [(e["start_offset"], e["end_offset"], e["label"]) for e in d["entities"]]
            ids = {e["id"]: e for e in d["entities"]}
            for r in d["relations"]:
                if ids[r["from_id"]]["label"] != "CLAIM" or ids[r["to_id"]]["label"] != "ACTOR":
                    fail(f"doccano {d['doc']}: relation {r} is not CLAIM -> ACTOR")
        else:
            spans = [tuple(x) for x in d["label"]]
        if set(spans) != expected[d["doc"]]:
            fail(f"doccano {d['doc']}: spans differ from the annotations")
        char_span_checked(text, [(s, e, l, text[s:e]) for s, e, l in spans], f"doccano {d['doc']}")
        n += len(spans)
    shape = "entities/relations" if relations else "label"
    print(f"doccano : {n} spans back through doc.char_span ({shape} shape)")
    return n


def check_conll(path, texts, expected, spanbench_ids, tmp):
    out = tmp / "conll-spacy"
    out.mkdir()
    run([sys.executable, "-m", "spacy", "convert", str(path), str(out), "-c", "ner", "-n", "1"])
    db = DocBin().from_disk(out / (path.stem + ".spacy"))
    got = []
    for doc in db.get_docs(NLP.vocab):
        for ent in doc.ents:
            got.append((ent.label_, "".join(t.text for t in ent)))
    want = []
    for doc_id in spanbench_ids:
        text = texts[doc_id]
        # spaCy's own filter_spans over the annotations, on a char-level Doc so any
        # span can be a Span: what a single tag column can hold.
        chars = Doc(NLP.vocab, words=list(text), spaces=[False] * len(text))
        cands = [chars.char_span(s, e, label=l) for s, e, l in expected[doc_id]]
        for sp in sorted(filter_spans(cands), key=lambda sp: sp.start_char):
            want.append((sp.label_, "".join(text[sp.start_char:sp.end_char].split())))
    if got != want:
        for i, (a, b) in enumerate(zip(got, want)):
            if a != b:
                fail(f"conll: entity {i}: spaCy read {a}, expected {b}")
        fail(f"conll: spaCy read {len(got)} entities, expected {len(want)}")
    print(f"conll   : {len(got)} entities back through `spacy convert -c ner` (= spaCy's filter_spans of the spans)")
    return len(got)


def check_brat(folder, texts, expected, corpus):
    n = 0
    for doc_id, text in texts.items():
        src = (corpus / f"{doc_id}.txt").read_bytes()
        if (folder / f"{doc_id}.txt").read_bytes() != src.removeprefix(b"\xef\xbb\xbf"):
            fail(f"brat {doc_id}: .txt differs from the article")
        spans = []
        for line in (folder / f"{doc_id}.ann").read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, mid, covered = line.split("\t")
            label, offs = mid.split(" ", 1)
            frags = [tuple(map(int, f.split())) for f in offs.split(";")]
            if " ".join(text[a:b] for a, b in frags) != covered:
                fail(f"brat {doc_id}: {line!r} does not match the text")
            s, e = frags[0][0], frags[-1][1]
            spans.append((s, e, label, text[s:e]))
        if {(s, e, l) for s, e, l, _ in spans} != expected[doc_id]:
            fail(f"brat {doc_id}: spans differ from the annotations")
        char_span_checked(text, spans, f"brat {doc_id}")
        n += len(spans)
    for conf in ("annotation.conf", "visual.conf"):
        if not (folder / conf).is_file():
            fail(f"brat: no {conf}")
    print(f"brat    : {n} spans back through doc.char_span from character offsets")
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spanbench", default=None, help="the spanbench binary (default: target/debug/spanbench, built with cargo if missing)")
    ap.add_argument("--corpus", default=str(ROOT / "seeds"))
    ap.add_argument("--annotations", default=None, help="check these annotations (default: make some)")
    args = ap.parse_args()

    binary = args.spanbench or str(ROOT / "target" / "debug" / "spanbench")
    if not os.path.exists(binary):
        run(["cargo", "build", "--quiet", "--bin", "spanbench"], cwd=ROOT)
    corpus = Path(args.corpus)
    tmp = Path(tempfile.mkdtemp(prefix="spanbench-interop-"))
    try:
        texts = {}
        for p in sorted(corpus.glob("*.txt")):
            texts[p.stem] = p.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        if args.annotations:
            ann = Path(args.annotations)
        else:
            ann = tmp / "annotations"
            made = tmp / "made.jsonl"
            with made.open("w", encoding="utf-8") as f:
                for doc_id, text in texts.items():
                    spans, rels = annotate(text)
                    f.write(json.dumps({"doc": doc_id, "text": text, "status": "done", "spans": spans, "relations": rels}, ensure_ascii=False) + "\n")
            run([binary, "import", str(made), "--corpus", str(corpus), "--annotations", str(ann)])
        base = [binary, "--corpus", str(corpus), "--annotations", str(ann)]
        out = {}
        for fmt, extra in [("jsonl", []), ("prodigy", []), ("doccano", []), ("doccano-rel", ["--relations"]), ("conll", []), ("brat", [])]:
            name = fmt.split("-")[0]
            dest = tmp / (fmt if name == "brat" else f"{fmt}.{'conll' if name == 'conll' else 'jsonl'}")
            run(base + ["export", "--format", name, "-o", str(dest)] + extra)
            out[fmt] = dest
        # What the annotations hold, from our own JSONL (the reference for the others).
        expected, ids = {}, []
        for line in out["jsonl"].read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            ids.append(d["doc"])
            expected[d["doc"]] = {(s["start"], s["end"], s["label"]) for s in d["spans"]}
        texts = {k: texts[k] for k in ids}
        total = check_jsonl(out["jsonl"], texts, expected)
        check_prodigy(out["prodigy"], texts, expected)
        check_doccano(out["doccano"], texts, expected, relations=False)
        check_doccano(out["doccano-rel"], texts, expected, relations=True)
        check_conll(out["conll"], texts, expected, ids, tmp)
        check_brat(out["brat"], texts, expected, corpus)
        print(f"OK: {len(ids)} articles, {total} spans, spaCy {spacy.__version__}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
