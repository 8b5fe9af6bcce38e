#!/usr/bin/env python3
"""Builds Sources/GalenPrivacy/Resources/english_words.txt: lower-case English words of four or more ASCII letters
with a Zipf frequency of 2.5 or more in `wordfreq` 3.1.1 (package MIT, data CC BY-SA 4.0), one per line, sorted
(≈47,000 words). The scanner uses it only to tell an ordinary word from a user name made of an initial and a family
name (`travel` = t + Ravel, `though` = t + Hough are words; `mlopez`, `kbeaumont` are not).
Run:  python3 -m venv /tmp/v && /tmp/v/bin/pip install wordfreq==3.1.1
      /tmp/v/bin/python scripts/make_deid_english_words.py
"""
import os

from wordfreq import top_n_list, zipf_frequency

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "GalenPrivacy", "Resources",
                   "english_words.txt")
words = sorted({w for w in top_n_list("en", 300000)
                if w.isascii() and w.isalpha() and len(w) >= 4 and zipf_frequency(w, "en") >= 2.5})
tmp = OUT + ".tmp"
with open(tmp, "w") as f:
    f.write("# English words (wordfreq 3.1.1, Zipf >= 2.5, 4+ ASCII letters); built by scripts/make_deid_english_words.py\n")
    for w in words:
        f.write(w + "\n")
os.replace(tmp, OUT)
print(len(words), "words")
