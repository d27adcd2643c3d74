#!/usr/bin/env python3
"""Writes assets/gazetteers/person_names.txt: person names that a small town's name must
not be (the gazetteer build leaves such towns out, so "Camilla" or "Tan" never become
places). Source: the 1990 US Census name lists (public domain) as shipped in the PyPI
package `names` 0.3.0 (files dist.male.first, dist.female.first, dist.all.last).

    pip download --no-deps names==0.3.0 -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python3 assets/gazetteers/make_person_names.py /tmp/names/names-0.3.0/names > assets/gazetteers/person_names.txt

All first names, and the 10,000 most frequent surnames.
"""
import sys

d = sys.argv[1]
names = set()
for f in ("dist.male.first", "dist.female.first"):
    for line in open(f"{d}/{f}"):
        names.add(line.split()[0].capitalize())
for i, line in enumerate(open(f"{d}/dist.all.last")):
    if i >= 10000:
        break
    names.add(line.split()[0].capitalize())
print("# Person names (1990 US Census first names, all; surnames, the 10,000 most frequent).")
print("# Public domain (US Census Bureau), as shipped in the PyPI package names 0.3.0.")
print("# Built by make_person_names.py; used only by the gazetteer build to leave out towns")
print("# under 15,000 people whose one-word name is a person's name.")
for n in sorted(names):
    print(n)
