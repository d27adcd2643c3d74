#!/usr/bin/env python3
"""Error table by class for ACTOR / LOCATION suggestions against gold JSONL.

    python3 assets/train/error_table.py GOLD.jsonl PRED.jsonl [--examples N]

Classes (each gold span and each predicted span falls in exactly one, per side):
  exact            same start, end and label (a true positive)
  label            same start and end, other label
  boundary         overlaps a span of the same label, other offsets
  boundary+label   overlaps only spans of the other label, other offsets
  miss             gold span no prediction overlaps
  false positive   predicted span no gold span overlaps
CLAIM spans are ignored on both sides.
"""
import json
import sys
from collections import Counter, defaultdict

LABELS = ("ACTOR", "LOCATION")


def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            out[d["doc"]] = d
    return out


def classify(g, preds):
    same = [p for p in preds if p["start"] == g["start"] and p["end"] == g["end"]]
    if any(p["label"] == g["label"] for p in same):
        return "exact", None
    if same:
        return "label", same[0]
    over = [p for p in preds if p["start"] < g["end"] and g["start"] < p["end"]]
    if any(p["label"] == g["label"] for p in over):
        return "boundary", [p for p in over if p["label"] == g["label"]][0]
    if over:
        return "boundary+label", over[0]
    return "miss", None


def main():
    args = sys.argv[1:]
    n_ex = 8
    if "--examples" in args:
        i = args.index("--examples")
        n_ex = int(args[i + 1])
        del args[i:i + 2]
    gold, pred = load(args[0]), load(args[1])
    table = Counter()
    examples = defaultdict(list)
    for doc, gd in sorted(gold.items()):
        text = gd.get("text") or pred.get(doc, {}).get("text", "")
        gs = [s for s in gd["spans"] if s["label"] in LABELS]
        ps = [s for s in pred.get(doc, {"spans": []})["spans"] if s["label"] in LABELS]
        for g in gs:
            cls, p = classify(g, ps)
            table[(g["label"], cls)] += 1
            if cls != "exact":
                ctx = text[max(0, g["start"] - 30):g["end"] + 30].replace("\n", " ")
                got = f' -> {p["label"]} "{text[p["start"]:p["end"]]}"' if p else ""
                examples[(g["label"], cls)].append(f'"{g["text"]}"{got}   …{ctx}…')
        for p in ps:
            if not any(p["start"] < g["end"] and g["start"] < p["end"] for g in gs):
                table[(p["label"], "false positive")] += 1
                ctx = text[max(0, p["start"] - 30):p["end"] + 30].replace("\n", " ")
                examples[(p["label"], "false positive")].append(f'"{text[p["start"]:p["end"]]}"   …{ctx}…')
    classes = ["exact", "boundary", "label", "boundary+label", "miss", "false positive"]
    print("| label | " + " | ".join(classes) + " |")
    print("| --- |" + " ---: |" * len(classes))
    for lab in LABELS:
        print(f"| {lab} | " + " | ".join(str(table[(lab, c)]) for c in classes) + " |")
    for key in sorted(examples):
        print(f"\n{key[0]} {key[1]} ({len(examples[key])}):")
        for e in examples[key][:n_ex]:
            print("  " + e)


if __name__ == "__main__":
    main()
