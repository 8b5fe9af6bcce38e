#!/usr/bin/env python3
"""Cuts a small OMOP CDM fixture from Eunomia for GalenSequenceTests.

Usage: python3 scripts/make_omop_fixture.py [EUNOMIA_DIR] [OUT_DIR]
Defaults: /work/shared/data/eunomia → Tests/GalenSequenceTests/Fixtures/omop

Picks, deterministically (lowest person ids of each kind), patients observed around 2000-01-01 with at least a year
before: 3 with osteoarthritis (concept 80180) within 365 days after 2000-01-01, 2 with it before, 3 without it,
and keeps their rows of person, observation_period, condition_occurrence and drug_exposure, plus the concept rows
they use and the concept_ancestor rows below 80180. Standard library only.
"""
import csv, datetime as dt, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/eunomia"
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "Tests", "GalenSequenceTests", "Fixtures", "omop")
OUTCOME, INDEX = "80180", dt.date(2000, 1, 1)


def rows(name):
    with open(os.path.join(src, name + ".csv"), newline="") as f:
        r = csv.reader(f)
        header = next(r)
        return header, list(r)


def write(name, header, data):
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)


os.makedirs(out, exist_ok=True)
ph, persons = rows("person")
oh, periods = rows("observation_period")
ch, conds = rows("condition_occurrence")
dh, drugs = rows("drug_exposure")
obs = {}
for r in periods:
    obs[r[1]] = (dt.date.fromisoformat(r[2]), dt.date.fromisoformat(r[3]))
outcome_days = {}
for r in conds:
    if r[2] == OUTCOME:
        outcome_days.setdefault(r[1], []).append(dt.date.fromisoformat(r[3]))
groups = {"pos": [], "prior": [], "neg": []}
for pid in sorted((r[0] for r in persons), key=int):
    if pid not in obs:
        continue
    s, e = obs[pid]
    if (INDEX - s).days < 365 or (e - INDEX).days < 365:
        continue
    days = outcome_days.get(pid, [])
    if any(d <= INDEX for d in days):
        groups["prior"].append(pid)
    elif any(INDEX < d <= INDEX + dt.timedelta(days=365) for d in days):
        groups["pos"].append(pid)
    else:
        groups["neg"].append(pid)
keep = set(groups["pos"][:3] + groups["prior"][:2] + groups["neg"][:3])
write("person", ph, [r for r in persons if r[0] in keep])
write("observation_period", oh, [r for r in periods if r[1] in keep])
kc = [r for r in conds if r[1] in keep]
kd = [r for r in drugs if r[1] in keep]
write("condition_occurrence", ch, kc)
write("drug_exposure", dh, kd)
used = {r[2] for r in kc} | {r[2] for r in kd}
cth, concepts = rows("concept")
write("concept", cth, [r for r in concepts if r[0] in used])
ah, anc = rows("concept_ancestor")
write("concept_ancestor", ah, [r for r in anc if r[0].split(".")[0] == OUTCOME])
print({k: v[:3] for k, v in groups.items()}, len(kc), "conditions", len(kd), "drugs")
