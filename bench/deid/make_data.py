#!/usr/bin/env python3
"""Writes a CSV of N rows (default 1,000,000) with an ID column and 10 short free-text columns for the
de-identification benchmark. Values mix plain clinical phrases with names, dates, phone numbers and record
numbers, most of them unique (random digits), so caching of repeated values does little.
Usage: python3 bench/deid/make_data.py OUT.csv [ROWS]"""
import csv
import random
import sys

out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
R = random.Random(7)
LAST = ["Okafor", "Smith", "Nakamura", "Lopez", "Brennan", "Patel", "Kowalski", "Chen", "Moreau", "Osei"]
FIRST = ["Maria", "James", "Aisha", "Wei", "Olga", "Priya", "Kwame", "Lucia"]
PHRASES = ["no acute distress", "lungs clear", "follow-up in clinic", "tolerating diet", "pain controlled",
           "afebrile overnight", "ambulating with walker", "wound clean and dry"]


def cell(k):
    r = R.random()
    if k == 0:
        return f"Seen by Dr. {R.choice(LAST)} on {R.randint(1, 12)}/{R.randint(1, 28)}/20{R.randint(10, 24)}"
    if k == 1:
        return f"call {R.randint(200, 999)}-{R.randint(200, 999)}-{R.randint(1000, 9999)}" if r < 0.5 else R.choice(PHRASES)
    if k == 2:
        return f"MRN: {R.randint(10**6, 10**8)}"
    if k == 3:
        return f"{R.choice(FIRST)} {R.choice(LAST)}"
    if k == 4:
        return f"BP {R.randint(90, 180)}/{R.randint(50, 110)} HR {R.randint(50, 120)}"
    if k == 5:
        return f"{R.choice(PHRASES)}, day {R.randint(1, 30)}"
    if k == 6:
        return f"admitted 20{R.randint(10, 24)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"
    if k == 7:
        return f"lives in {R.choice(['Boston', 'Denver', 'Tucson', 'Millbrook'])}, MA {R.randint(1000, 99999):05d}"
    if k == 8:
        return f"metformin {R.choice([250, 500, 850, 1000])} mg bid x{R.randint(1, 90)}d"
    return f"email {R.choice(FIRST).lower()}{R.randint(1, 9999)}@example.com" if r < 0.3 else R.choice(PHRASES)


with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id"] + [f"t{k}" for k in range(10)])
    for i in range(rows):
        w.writerow([str(i)] + [cell(k) for k in range(10)])
