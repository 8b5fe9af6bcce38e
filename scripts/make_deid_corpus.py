#!/usr/bin/env python3
"""Writes the synthetic de-identification corpus (data/deid-corpus).

Every note is invented: templates written for this corpus, filled with made-up names, places and numbers
(seeded, so the output is reproducible). Identifiers are marked inline as {{TYPE:value}} in notes.src.txt
(notes separated by lines holding only '=== note'); this script writes that source and corpus.jsonl with the
plain text and the spans (UTF-8 byte offsets, end exclusive). Run: python3 scripts/make_deid_corpus.py
"""
import json
import os
import random
import re

R = random.Random(20261123)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "deid-corpus")

FIRST = ["Maria", "James", "Aisha", "Wei", "Olga", "Tomasz", "Priya", "Kwame", "Lucia", "Henrik", "Fatima", "Diego",
         "Grace", "Samuel", "Ingrid", "Rahul", "Elena", "Marcus", "Noor", "Patrick", "Yuki", "Helen", "Omar", "Chloe",
         "Dmitri", "Beatriz", "Kevin", "Amara", "Jonas", "Rosa", "Carlos", "Linda", "Ahmed", "Sofia", "Daniel", "Mei"]
LAST = ["Okafor", "Lindqvist", "Hernandez", "Nakamura", "Kowalski", "Brennan", "Abernathy", "Castillo", "Moreau",
        "Petrov", "Osei", "Fitzgerald", "Gallagher", "Ramirez", "Johansson", "Patel", "Schneider", "Yamamoto",
        "Delacroix", "Novak", "Thompson", "Mbeki", "Harrington", "Vasquez", "Sullivan", "Chen", "Kaplan", "Romero",
        "Whitaker", "Iverson", "Dubois", "Morrison", "Stein", "Alvarez", "Kim", "Nguyen"]
CITIES = ["Springfield", "Boston", "Tucson", "Denver", "Cleveland", "San Diego", "Albany", "Portland", "Dayton",
          "Fresno", "Raleigh", "Omaha", "Spokane", "Savannah", "Eugene", "Boise", "Akron", "Lansing"]
TOWNS = ["Brookfield", "Millbrook", "Cedar Hollow", "Port Ellis", "Fairhaven", "Oakridge", "Westbury", "Glenmoor"]
STATES = [("MA", "02"), ("AZ", "85"), ("CO", "80"), ("OH", "44"), ("CA", "92"), ("NY", "12"), ("OR", "97"), ("TX", "75"),
          ("NC", "27"), ("NE", "68"), ("WA", "99"), ("GA", "31")]
STREETS = ["Maple Street", "Oak Avenue", "Birch Road", "Elm St.", "Harbor Blvd", "Lincoln Ave", "Sunset Drive",
           "Willow Lane", "Cedar Ct", "Pine Street", "Hillcrest Rd", "Granite Way"]
HOSPITALS = ["Mercy General Hospital", "St. Agnes Medical Center", "Riverside Community Hospital",
             "Lakeview Clinic", "Northgate Regional Medical Center", "Hollis County Hospital",
             "Bayside Children's Hospital", "Summit Family Clinic"]
COUNTIES = ["Hollis County", "Marlow County", "Dunmore County", "Ashby County"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def name():
    r = R.random()
    f, l = R.choice(FIRST), R.choice(LAST)
    if r < 0.5:
        return f"{f} {l}"
    if r < 0.7:
        return f"{f} {R.choice('ABCDEJKLMRST')}. {l}"
    if r < 0.85:
        return f"{l}, {f}"
    return f"{f.upper()} {l.upper()}"


def last():
    return R.choice(LAST)


def first():
    return R.choice(FIRST)


def date():
    y, m, d = R.randint(1940, 2025), R.randint(1, 12), R.randint(1, 28)
    k = R.randrange(8)
    return [f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{y}-{m:02d}-{d:02d}", f"{MONTHS[m-1]} {d}, {y}",
            f"{d} {MONTHS[m-1]} {y}", f"{d:02d}-{MONTHS[m-1][:3]}-{y}", f"{MONTHS[m-1][:3]} {d} {y}",
            f"{MONTHS[m-1]} {d}"][k]


def phone():
    a, b, c = R.randint(201, 989), R.randint(200, 999), R.randint(0, 9999)
    return [f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"+1 {a} {b} {c:04d}", f"{a}-{b}-{c:04d} ext. {R.randint(10, 999)}"][R.randrange(5)]


def ssn():
    a, g, s = R.randint(1, 665), R.randint(1, 99), R.randint(1, 9999)
    return f"{a:03d}-{g:02d}-{s:04d}" if R.random() < 0.7 else f"{a:03d} {g:02d} {s:04d}"


def mrn():
    return [str(R.randint(10**6, 10**8)), f"MR-{R.randint(10**5, 10**7)}", f"{R.randint(100, 999)}-{R.randint(100, 999)}-{R.randint(10, 99)}"][R.randrange(3)]


def luhn_complete(prefix, n):
    digits = [int(c) for c in prefix] + [R.randint(0, 9) for _ in range(n - len(prefix) - 1)]
    for check in range(10):
        ds = digits + [check]
        s = 0
        for i, d in enumerate(reversed(ds)):
            if i % 2 == 1:
                d *= 2
                d = d - 9 if d > 9 else d
            s += d
        if s % 10 == 0:
            return "".join(map(str, ds))


def card():
    c = luhn_complete("4", 16)
    return " ".join(c[i:i + 4] for i in range(0, 16, 4)) if R.random() < 0.5 else c


def account():
    return [f"{R.randint(10**7, 10**9)}", f"AC-{R.randint(10**5, 10**6)}-{R.randint(10, 99)}"][R.randrange(2)]


def healthplan():
    return [f"{R.choice('ABCDEFGHJK')}{R.choice('ABCDEFGHJK')}{R.randint(10**7, 10**8)}", f"{R.randint(1, 9)}EG4-TE5-MK{R.randint(10, 99)}", f"HP{R.randint(10**6, 10**7)}"][R.randrange(3)]


def dea():
    letters = R.choice("ABFM") + R.choice("ABCDEFGHKLMNOPRST")
    d = [R.randint(0, 9) for _ in range(6)]
    c = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return letters + "".join(map(str, d)) + str(c)


def license_():
    return [f"{R.choice('ABCDEFG')}{R.randint(10**6, 10**7)}", dea(), f"RN{R.randint(10**5, 10**6)}", f"MD-{R.randint(10**4, 10**5)}"][R.randrange(4)]


def vin():
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    return "".join(R.choice(chars) for _ in range(10)) + "".join(str(R.randint(0, 9)) for _ in range(7))


def plate():
    return [f"{R.randint(1, 9)}{''.join(R.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{R.randint(100, 999)}", f"{''.join(R.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}-{R.randint(1000, 9999)}"][R.randrange(2)]


def device():
    return [f"PM{R.randint(10**5, 10**6)}", f"SN-{R.randint(10**6, 10**7)}-{R.choice('ABCXYZ')}", f"{R.choice('ABCDEFGH')}{R.choice('ABCDEFGH')}{R.randint(10**5, 10**6)}{R.choice('ABCDEFGH')}"][R.randrange(3)]


def url():
    slug = R.choice(["jdoe", "family-page", "okafor-fund", "my-recovery", "caringbridge/site/maria"])
    return [f"https://www.{R.choice(['gofundme.com', 'caringbridge.org', 'facebook.com'])}/{slug}{R.randint(1, 999)}", f"www.{slug.split('/')[0]}{R.randint(1, 99)}.net", f"http://{slug.split('/')[0]}.blog.org/post/{R.randint(100, 999)}"][R.randrange(3)]


def email():
    return f"{R.choice(FIRST).lower()}.{R.choice(LAST).lower()}{R.randint(1, 99)}@{R.choice(['gmail.com', 'yahoo.com', 'mail.org', 'outlook.com'])}"


def ip():
    return f"{R.choice([10, 172, 192, 73, 98])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def zip_(st):
    z = f"{st[1]}{R.randint(100, 999)}"
    return z if R.random() < 0.8 else f"{z}-{R.randint(1000, 9999)}"


def bio():
    return [f"FP-{R.randint(1000, 9999)}-{R.randint(10, 99)}", f"VP{R.randint(10**5, 10**6)}", f"IRIS-{R.randint(10**4, 10**5)}"][R.randrange(3)]


def photo():
    return [f"IMG_{R.randint(1000, 9999)}.jpg", f"face_{R.choice(LAST).lower()}_{R.randint(1, 99)}.png", f"photo{R.randint(100, 999)}.jpeg"][R.randrange(3)]


def other_id():
    return [f"STU-{R.randint(1000, 99999)}", f"EMP{R.randint(10**4, 10**6)}", f"{R.randint(10**6, 10**7)}"][R.randrange(3)]


def age():
    return str(R.randint(90, 104))


def T(t, v):
    return "{{" + t + ":" + v + "}}"


def note(k):
    st = R.choice(STATES)
    n1, n2, n3 = name(), last(), first()
    city, town, hosp, county = R.choice(CITIES), R.choice(TOWNS), R.choice(HOSPITALS), R.choice(COUNTIES)
    addr = f"{R.randint(2, 9999)} {R.choice(STREETS)}"
    templates = [
        lambda: f"Patient: {T('NAME', n1)}\nMRN: {T('MRN', mrn())}\nDOB: {T('DATE', date())}\nAdmitted {T('DATE', date())} to {T('LOCATION', hosp)} with chest pain. Troponin 0.02, ECG without ST changes. Discharged home on aspirin 81 mg.\nAttending: Dr. {T('NAME', n2)}",
        lambda: f"{T('AGE', age())}-year-old woman seen in clinic for follow-up of atrial fibrillation. She lives in {T('LOCATION', town)} with her daughter {T('NAME', n3)}. Warfarin dose unchanged, INR 2.4. Next visit {T('DATE', date())}.",
        lambda: f"Mr. {T('NAME', n2)} was seen at {T('LOCATION', hosp)} on {T('DATE', date())}. Home address: {T('LOCATION', addr)}, {T('LOCATION', city)}, {st[0]} {T('ZIP', zip_(st))}. Phone {T('PHONE', phone())}. Blood pressure 142/88, heart rate 76.",
        lambda: f"Referral letter. Please fax records to {T('FAX', phone())}, attention Dr. {T('NAME', name())}. Patient SSN {T('SSN', ssn())}, insurance member ID {T('HEALTHPLAN', healthplan())}. Diagnosis: type 2 diabetes, HbA1c 8.1%.",
        lambda: f"Billing note: account number {T('ACCOUNT', account())}; card on file {T('ACCOUNT', card())}. Guarantor {T('NAME', n1)}, email {T('EMAIL', email())}.",
        lambda: f"Pacemaker interrogation. Device serial number {T('DEVICE', device())}, implanted {T('DATE', date())} by Dr. {T('NAME', n2)}. Battery 8.5 years. Underlying rhythm sinus at 62.",
        lambda: f"Mrs. {T('NAME', n2)}, aged {T('AGE', age())}, fell at home. Her son {T('NAME', n3)} drove her in; vehicle plate {T('VEHICLE', plate())} noted by security. X-ray of the left hip shows no fracture.",
        lambda: f"Social work: patient is homeless, previously living in {T('LOCATION', county)}. Family support set up a page at {T('URL', url())}. Contacted sister {T('NAME', n3 + ' ' + last())} at {T('PHONE', phone())}.",
        lambda: f"Telehealth session logged from IP {T('IP', ip())} on {T('DATE', date())}. {T('NAME', n1)} reported less dyspnea; O2 saturation 95% on room air.",
        lambda: f"Prescriber: Dr. {T('NAME', name())}, DEA {T('LICENSE', dea())}, NPI {T('LICENSE', npi())}. Prescribed metformin 500 mg twice daily.",
        lambda: f"Research consent signed {T('DATE', date())}. Study ID {T('ID', other_id())}. Fingerprint template {T('BIOMETRIC', bio())} stored for biobank access. Participant {T('NAME', n1)}.",
        lambda: f"Wound care photo saved as {T('PHOTO', photo())} in the chart. Ulcer 2 x 3 cm on the right heel, granulating. Seen by {T('NAME', n3)} {T('NAME', last())}, RN.",
        lambda: f"ED triage {T('DATE', date())} 14:32. {T('AGE', age())} yo male brought by EMS from {T('LOCATION', addr)}. Driver's license {T('LICENSE', license_())}. GCS 14. CT head negative.",
        lambda: f"Discharge summary for {T('NAME', n1)} (MRN {T('MRN', mrn())}). Admission date: {T('DATE', date())}. Discharge date: {T('DATE', date())}. Follow up with Dr. {T('NAME', n2)} at {T('LOCATION', hosp)}, tel {T('PHONE', phone())}.",
        lambda: f"Patient moved to {T('LOCATION', city)} from {T('LOCATION', town)} last spring. Works as a teacher. Email {T('EMAIL', email())}. Medicare number {T('HEALTHPLAN', healthplan())}.",
        lambda: f"Insulin pump serial {T('DEVICE', device())} replaced on {T('DATE', date())}. Continuous glucose monitor SN {T('DEVICE', device())}. Mean glucose 162 mg/dL.",
        lambda: f"Vehicle accident. VIN {T('VEHICLE', vin())}. Patient {T('NAME', n1)} restrained driver, airbag deployed. Seen at {T('LOCATION', hosp)}. Chest wall contusion.",
        lambda: f"Voice print {T('BIOMETRIC', bio())} enrolled for phone identity checks. Callback number {T('PHONE', phone())}. Patient prefers to be called {T('NAME', n3)}.",
        lambda: f"Pathology accession {T('ID', 'S' + str(R.randint(10, 25)) + '-' + str(R.randint(1000, 99999)))}: benign colonic polyp. Reviewed with Dr. {T('NAME', n2)} on {T('DATE', date())}.",
        lambda: f"Hospice note: {T('NAME', n1)}, {T('AGE', age())} years old, comfortable. Wife {T('NAME', n3)} at bedside. Chaplain visit requested. Home: {T('LOCATION', addr)}, {T('LOCATION', town)} {st[0]} {T('ZIP', zip_(st))}.",
        lambda: f"Lab portal account created for {T('EMAIL', email())} from {T('IP', ip())}. Portal username linked to chart {T('MRN', mrn())}.",
        lambda: f"Employee health: badge {T('ID', other_id())}, nurse {T('NAME', name())} exposed to needle stick on {T('DATE', date())}. Source patient HIV negative.",
        lambda: f"Certificate of death signed; certificate number {T('LICENSE', str(R.randint(10**6, 10**8)))}. Decedent {T('NAME', n1)}, born {T('DATE', date())} in {T('LOCATION', city)}. Date of death {T('DATE', date())}.",
        lambda: f"Prior authorization for adalimumab. Subscriber ID {T('HEALTHPLAN', healthplan())}, group number {T('HEALTHPLAN', str(R.randint(10**4, 10**6)))}. Call {T('PHONE', phone())} with questions. Fax {T('FAX', phone())}.",
        lambda: f"Ms. {T('NAME', n2)} reports her headaches started in {T('DATE', MONTHS[R.randrange(12)] + ' ' + str(R.randint(2015, 2025)))}. MRI at {T('LOCATION', hosp)} unremarkable. Migraine without aura.",
        lambda: f"{T('NAME', n1)} is a {T('AGE', age())}-year-old with dementia residing at {T('LOCATION', R.choice(['Sunrise Nursing Home', 'Maple Grove Nursing Home', 'Oakwood Hospice']))}. Pressure injury stage 2 on sacrum.",
        lambda: f"Called patient at {T('PHONE', phone())} to discuss results; left voicemail. Hemoglobin 9.8, ferritin low. Plan iron infusion on {T('DATE', date())}.",
        lambda: f"Photo ID checked (scan {T('PHOTO', photo())}). Patient {T('NAME', n1)}, SSN {T('SSN', ssn())}, DOB {T('DATE', date())}. Registered for colonoscopy.",
        lambda: f"Transfer from {T('LOCATION', hosp)} in {T('LOCATION', city)}, {st[0]}. Outside MRN {T('MRN', mrn())}. Accepting physician Dr. {T('NAME', name())}; transfer center line {T('PHONE', phone())}.",
        lambda: f"Genetic counselling: DNA sample {T('BIOMETRIC', bio())} sent. Proband {T('NAME', n1)}; maternal aunt {T('NAME', n3)} had breast cancer at 42. Website of the family registry {T('URL', url())}.",
    ]
    return templates[k % len(templates)]()


def npi():
    base = [1] + [R.randint(0, 9) for _ in range(8)]
    for c in range(10):
        ds = [8, 0, 8, 4, 0] + base + [c]
        s = 0
        for i, d in enumerate(reversed(ds)):
            if i % 2 == 1:
                d *= 2
                d = d - 9 if d > 9 else d
            s += d
        if s % 10 == 0:
            return "".join(map(str, base + [c]))


MARK = re.compile(r"\{\{([A-Z]+):(.*?)\}\}", re.S)


def parse(src):
    text, spans, pos, out = "", [], 0, b""
    for m in MARK.finditer(src):
        out += src[pos:m.start()].encode()
        start = len(out)
        out += m.group(2).encode()
        spans.append({"type": m.group(1), "start": start, "end": len(out)})
        pos = m.end()
    out += src[pos:].encode()
    return out.decode(), spans


def main():
    os.makedirs(OUT, exist_ok=True)
    src_path = os.path.join(OUT, "notes.src.txt")
    if not os.path.exists(src_path) or os.environ.get("REGENERATE"):
        notes = [note(k) for k in range(150)]
        with open(src_path, "w") as f:
            f.write("\n=== note\n".join(notes) + "\n")
    src = open(src_path).read()
    notes = [n.strip("\n") for n in src.split("\n=== note\n")]
    with open(os.path.join(OUT, "corpus.jsonl"), "w") as f:
        for i, n in enumerate(notes):
            text, spans = parse(n)
            f.write(json.dumps({"id": f"note-{i + 1:03d}", "text": text, "spans": spans}) + "\n")
    print(len(notes), "notes")
    # Hand-written sets in sub-folders, each written one by one, note by note: heldout/ after the scanner was tuned on
    # the main corpus, heldout2/ by a second author who never saw the scanner's rules or the other corpora (see its
    # SOURCE.md), dev2/ and dev3/ for the generalisation work. notes.src.txt is the source; corpus.jsonl is derived
    # with ids "<folder>-NNN".
    for sub in sorted(os.listdir(OUT)):
        src_sub = os.path.join(OUT, sub, "notes.src.txt")
        if not os.path.isfile(src_sub):
            continue
        notes = [n.strip("\n") for n in open(src_sub).read().split("\n=== note\n")]
        with open(os.path.join(OUT, sub, "corpus.jsonl"), "w") as f:
            for i, n in enumerate(notes):
                text, spans = parse(n)
                check(n, text, spans, f"{sub}-{i + 1:03d}")
                f.write(json.dumps({"id": f"{sub}-{i + 1:03d}", "text": text, "spans": spans}) + "\n")
        print(len(notes), "notes in", sub)
        print_counts(os.path.join(OUT, sub, "corpus.jsonl"))

TYPES = ["NAME", "LOCATION", "ZIP", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTHPLAN", "ACCOUNT",
         "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "BIOMETRIC", "PHOTO", "ID"]


def check(src, text, spans, nid):
    """Stops the script when a span's text differs from its markup, a type is unknown, or markup is left over."""
    values = [(m.group(1), m.group(2)) for m in MARK.finditer(src)]
    raw = text.encode()
    if len(values) != len(spans):
        raise SystemExit(f"{nid}: {len(values)} marks but {len(spans)} spans")
    for k, ((t, v), s) in enumerate(zip(values, spans)):
        if t not in TYPES:
            raise SystemExit(f"{nid}: span {k + 1} has an unknown type {t}")
        if not v or v != v.strip():
            raise SystemExit(f"{nid}: span {k + 1} ({t}) is empty or has surrounding spaces")
        if raw[s["start"]:s["end"]].decode() != v:
            raise SystemExit(f"{nid}: span {k + 1} ({t}) does not match its markup")
    if "{{" in text or "}}" in text:
        raise SystemExit(f"{nid}: unbalanced markup")


def print_counts(path):
    """Prints the number of spans per type of a corpus.jsonl."""
    counts = {t: 0 for t in TYPES}
    for line in open(path):
        for s in json.loads(line)["spans"]:
            counts[s["type"]] += 1
    print("  " + ", ".join(f"{t} {counts[t]}" for t in TYPES) + f"; total {sum(counts.values())}")


main()
