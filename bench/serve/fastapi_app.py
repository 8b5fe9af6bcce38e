"""The usual Python deployment of the WDBC model, for `make bench BENCH=serve`: FastAPI on uvicorn serving the
same PyTorch MLP, with the same weights and preprocessing, read from the Galen bundle (model.safetensors and
manifest.json). Answers POST /predict with {"records": [{column: value, ...}]} like Galen's predict route.

Run: GALEN_BUNDLE=path/to/bundle uvicorn bench.serve.fastapi_app:app --workers 2
"""
import json
import os
from typing import Any, Dict, List

import torch
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from safetensors.torch import load_file

torch.set_num_threads(1)  # one thread per worker process; uvicorn runs one worker per core

BUNDLE = os.environ["GALEN_BUNDLE"]
with open(os.path.join(BUNDLE, "manifest.json")) as f:
    CONTENT = json.load(f)["content"]
ARCH = CONTENT["architecture"]
ENCODINGS = CONTENT["preprocessor"]["encodings"]
for e in ENCODINGS:
    if e["type"] != "numeric" or e["missingIndicator"]:
        raise SystemExit("this benchmark app handles numeric columns without missing indicators only (the WDBC model)")
COLUMNS = [e["column"] for e in ENCODINGS]
CENTER = torch.tensor([e["center"] for e in ENCODINGS], dtype=torch.float32)
SCALE = torch.tensor([e["scale"] if e["scale"] else 1.0 for e in ENCODINGS], dtype=torch.float32)
FILL = [e["fill"] for e in ENCODINGS]
CLASSES = CONTENT["target"]["classes"]
THRESHOLD = CONTENT["threshold"]["threshold"] if isinstance(CONTENT.get("threshold"), dict) else CONTENT.get("threshold", 0.5)

layers: List[torch.nn.Module] = []
width = ARCH["inputs"]
for h in ARCH["hidden"]:
    layers += [torch.nn.Linear(width, h), torch.nn.ReLU(), torch.nn.Dropout(ARCH["dropout"])]
    width = h
layers.append(torch.nn.Linear(width, ARCH["outputs"]))
MODEL = torch.nn.Sequential(*layers)
MODEL.load_state_dict(load_file(os.path.join(BUNDLE, "model.safetensors")))
MODEL.eval()

app = FastAPI()


class Scoring(BaseModel):
    records: List[Dict[str, Any]]


@app.post("/predict")
def predict(body: Scoring):
    rows = []
    for i, r in enumerate(body.records):
        row = []
        for c, fill in zip(COLUMNS, FILL):
            v = r.get(c, fill)
            if v is None:
                v = fill
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise HTTPException(400, f"records[{i}].{c} must be a number")
            row.append(float(v))
        rows.append(row)
    with torch.no_grad():
        x = (torch.tensor(rows, dtype=torch.float32) - CENTER) / SCALE
        p = torch.sigmoid(MODEL(x)).squeeze(1).tolist()
    return {"predictions": [{"label": CLASSES[1] if q >= THRESHOLD else CLASSES[0],
                             "probabilities": {CLASSES[0]: 1 - q, CLASSES[1]: q}} for q in p]}
