#!/usr/bin/env python3
"""Generates Tests/GalenDataTests/Fixtures/wordpiece_parity.json: Hugging Face `tokenizers` ids for >= 200 varied
sentences, the reference for Galen's WordPiece tokenizer (GalenData/WordPieceTokenizer.swift).

The sentences are built here from fixed lists (medical terms, doses and numbers, punctuation, accents, Chinese and
Japanese text, emoji, long words, mixed case, control characters, tabs, special-token literals), combined by a seeded
generator, so the fixture is reproducible. The reference is the model folder's own tokenizer.json (BERT uncased,
BertNormalizer + BertPreTokenizer + WordPiece), read by the `tokenizers` package from PyPI.

For each sentence the fixture stores
  ids:        the full encoding ([CLS] ... [SEP]) without truncation or padding;
  ids32/mask32: the encoding truncated to 32 tokens and padded to 32, with its attention mask.

Usage (the tokenizers package in any venv; the model folder from scripts/fetch_minilm.sh):
  python3 -m venv /tmp/tokvenv && /tmp/tokvenv/bin/pip install tokenizers
  /tmp/tokvenv/bin/python scripts/make_tokenizer_fixture.py [models/all-MiniLM-L6-v2]
"""
import hashlib
import json
import os
import random
import sys

from tokenizers import Tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "models", "all-MiniLM-L6-v2")
OUT = os.path.join(ROOT, "Tests", "GalenDataTests", "Fixtures", "wordpiece_parity.json")

HANDWRITTEN = [
    "Chest pain on exertion, relieved by rest.",
    "Patient received 5mg/kg IV q6h; 0.9% NaCl at 125 mL/h.",
    "Sjögren's syndrome with keratoconjunctivitis sicca",
    "Café-au-lait spots (>6) in neurofibromatosis type 1.",
    "Naïve T-cells, coöperation, façade, résumé, über, Ångström, Øresund, Łódź.",
    "糖尿病患者の血糖値は高い。",
    "患者主诉胸痛三天，伴有呼吸困难。",
    "高血压 hypertension 2型糖尿病 type 2 diabetes",
    "한국어 의료 텍스트: 당뇨병과 고혈압",
    "Fever 😷 and cough 🤒 for 3 days 👍🏽",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a long word.",
    "A" * 99 + " " + "b" * 100 + " " + "c" * 101,
    "hydroxychloroquinehydroxychloroquinehydroxychloroquine",
    "MiXeD CaSe DiAgNoSiS: AcUtE MyOcArDiAl InFaRcTiOn",
    "Tab\tseparated\tvalues\tand\nnew\nlines\r\nand   multiple   spaces",
    "Control\x00chars\x01in\x07text\x1fhere\x7fand\u200bzero\u200dwidth\ufeffBOM",
    "Replacement \ufffd char and soft\u00adhyphen",
    "Non-breaking\u00a0space, em\u2003space, ideographic\u3000space, line\u2028separator",
    "[CLS] literal [SEP] tokens [MASK] and [PAD] [UNK] inside",
    "[cls] lower-case [sep] is not special",
    "HbA1c 7.2%, LDL-C 130 mg/dL, eGFR <60 mL/min/1.73m²",
    "BP 140/90 mmHg; HR 110 bpm; SpO₂ 92% on RA; T 38.5°C",
    "Dose: 1,000 mg b.i.d. × 7 days; taper ±10% weekly",
    "ICD-10-CM I21.4 — Non-ST elevation (NSTEMI) myocardial infarction",
    "“Smart quotes” and ‘single’ quotes… ellipsis – en dash — em dash",
    "¿Dónde está el hospital? ¡Urgente!",
    "Ελληνικά: πνευμονία ΠΝΕΥΜΟΝΙΑ",
    "Русский: пневмония, ИНФАРКТ миокарда",
    "עברית ערבית: التهاب رئوي",
    "हिन्दी: मधुमेह",
    "ไทย: โรคเบาหวาน",
    "İstanbul İSTANBUL ıi",
    "ﬁnancial ﬂow (ligatures) ｆｕｌｌｗｉｄｔｈ １２３",
    "e-mail: dr.smith@example.org, url https://example.org/a?b=c&d=e#f",
    "$100 €50 £20 ¥1000 ₹500",
    "x^2 + y_1 = z~3 | a\\b `code` {braces} <angle>",
    "",
    "   ",
    "\t\n",
    "a",
    "!!!",
    "...---...",
    "1234567890 3.14159 -42 +7 1e-5 0x1F",
    "COVID-19 SARS-CoV-2 mRNA-1273 BNT162b2",
    "q.d. q.i.d. p.r.n. h.s. a.c. p.c. stat",
    "s/p CABG x3, h/o DM2, c/o SOB, r/o PE",
    "Ⅳ Ⅻ ① ② ③ ⅓ ½ ¾",
    "Zalgo: t̶e̷x̸t̵ w̴i̶t̷h̸ m̵a̶r̷k̸s̵",
    "Decomposed accents: cafe\u0301 nai\u0308ve",
    "日本語の文章：頭痛、発熱、咳が続いている。カタカナ　ひらがな",
    "中文混合English文本123测试",
    "𠀀𠀁 rare CJK extension B characters 𪜀",
    "Emoji sequence 👨‍👩‍👧 family, flag 🇺🇸, keycap 1️⃣",
]

TERMS = [
    "myocardial infarction", "pneumonia", "sepsis", "acute kidney injury", "hypertension", "type 2 diabetes mellitus",
    "chronic obstructive pulmonary disease", "atrial fibrillation", "congestive heart failure", "Sjögren syndrome",
    "Guillain-Barré syndrome", "Ménière's disease", "Crohn's disease", "non-Hodgkin lymphoma", "osteoarthritis",
    "cholecystitis", "appendicitis", "pancreatitis", "hypothyroidism", "hyperkalemia", "anaphylaxis", "cellulitis",
    "deep vein thrombosis", "pulmonary embolism", "subarachnoid hemorrhage", "Alzheimer's dementia", "schizophrenia",
    "major depressive disorder", "Clostridioides difficile colitis", "methicillin-resistant Staphylococcus aureus",
    "Pseudomonas aeruginosa", "Escherichia coli", "tuberculosis", "HIV/AIDS", "hepatitis C", "varicella zoster",
]
DOSES = ["5mg/kg", "0.9%", "q6h", "10 mg PO", "500mg", "2.5 mcg/kg/min", "1:1000", "40 U/kg", "q8h PRN", "3x/day",
         "0.5mL", "100,000 IU", "BID", "qHS", "7.5 mg/m²", "≥ 65 years", "<0.01", "~3 cm", "12-lead ECG", "pH 7.35"]
PHRASES = ["presents with", "history of", "complicated by", "ruled out", "suspected", "no evidence of",
           "treated with", "due to", "secondary to", "unspecified", "with complications", "without mention of",
           "initial encounter", "subsequent encounter", "sequela", "left", "right", "bilateral"]
PUNCT = [".", ",", ";", ":", "!", "?", "...", " - ", " / ", " (", ")", " [", "]", "'", '"', "—", "…", "·", "•", "§"]
EXTRAS = ["café", "naïve", "Sjögren", "Ærø", "crème brûlée", "心肌梗死", "肺炎", "糖尿病", "高血圧", "がん", "🙂",
          "🚑", "❤️", "\t", "\x0b", "\x0c", "\u00a0", "ALLCAPS", "camelCase", "snake_case", "kebab-case",
          "supercalifragilisticexpialidocious", "antidisestablishmentarianism", "Ⓐ", "™", "®", "©", "µg", "μg"]


def generated(count, seed=20261123):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(3, 12)):
            kind = rng.random()
            if kind < 0.35:
                term = rng.choice(TERMS)
                parts.append(term.upper() if rng.random() < 0.15 else term)
            elif kind < 0.55:
                parts.append(rng.choice(DOSES))
            elif kind < 0.75:
                parts.append(rng.choice(PHRASES))
            elif kind < 0.88:
                parts.append(rng.choice(PUNCT))
            else:
                parts.append(rng.choice(EXTRAS))
        sep = rng.choice([" ", " ", " ", "", "  "])
        out.append(sep.join(parts))
    return out


def main():
    if not os.path.exists(os.path.join(MODEL, "tokenizer.json")):
        sys.exit(f"no tokenizer.json in {MODEL}; run scripts/fetch_minilm.sh first")
    full = Tokenizer.from_file(os.path.join(MODEL, "tokenizer.json"))
    full.no_truncation()
    full.no_padding()
    short = Tokenizer.from_file(os.path.join(MODEL, "tokenizer.json"))
    short.enable_truncation(max_length=32)
    short.enable_padding(length=32, pad_id=0, pad_token="[PAD]")
    sentences = HANDWRITTEN + generated(220)
    cases = []
    for s in sentences:
        a = full.encode(s)
        b = short.encode(s)
        cases.append({"text": s, "ids": a.ids, "ids32": b.ids, "mask32": b.attention_mask})
    with open(os.path.join(MODEL, "vocab.txt"), "rb") as f:
        vocab_sha = hashlib.sha256(f.read()).hexdigest()
    doc = {
        "generator": "scripts/make_tokenizer_fixture.py",
        "reference": f"Hugging Face tokenizers {__import__('tokenizers').__version__}, tokenizer.json of all-MiniLM-L6-v2",
        "vocab_sha256": vocab_sha,
        "cases": cases,
    }
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=True, indent=0)
        f.write("\n")
    os.replace(tmp, OUT)
    print(f"wrote {len(cases)} sentences to {OUT}")


if __name__ == "__main__":
    main()
