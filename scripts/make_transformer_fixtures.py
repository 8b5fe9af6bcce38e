#!/usr/bin/env python3
"""PyTorch parity fixtures for Galen's attention and transformer layers.

    python3 scripts/make_transformer_fixtures.py

writes Tests/GalenNNTests/Fixtures/torch/transformer.json with small seeded cases of
nn.Embedding (padding_idx), nn.LayerNorm, nn.MultiheadAttention (batch_first; self- and
cross-attention, key-padding mask, causal mask, float 2-D and 3-D masks, averaged and per-head
weights), nn.TransformerEncoderLayer (post-LN ReLU, pre-LN GELU, with a key-padding mask,
BERT-like eps) and the sinusoidal position encoding of PyTorch's transformer tutorial.

Each case holds the module's state dict, its inputs, the forward output, a seeded weighting
`weight` of the output's shape, and the gradients of (output * weight).sum() with respect to the
inputs and every parameter. Dropout is 0 so that both sides are deterministic.

The first run creates scripts/.venv (gitignored) with torch==2.13.0+cpu (from pip's find-links
folder), numpy and safetensors, and re-runs itself there; GALEN_FIXTURES_PYTHON=/path/to/python
uses an interpreter that already has that torch.
"""
import json
import math
import os
import subprocess
import sys
from pathlib import Path

TORCH_VERSION = "2.13.0+cpu"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
OUT = ROOT / "Tests/GalenNNTests/Fixtures/torch/transformer.json"
MARK = "_GALEN_TRANSFORMER_FIXTURES_CHILD"


def ensure_environment():
    if os.environ.get(MARK) == "1":
        return
    python = Path(os.environ.get("GALEN_FIXTURES_PYTHON") or VENV / "bin/python")
    if not os.environ.get("GALEN_FIXTURES_PYTHON"):
        if not python.exists():
            subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
        probe = subprocess.run([str(python), "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True)
        if probe.returncode != 0 or probe.stdout.strip() != TORCH_VERSION:
            subprocess.check_call([str(python), "-m", "pip", "install", f"torch=={TORCH_VERSION}", "numpy", "safetensors"])
    os.execve(str(python), [str(python), str(Path(__file__).resolve())], dict(os.environ, **{MARK: "1"}))


ensure_environment()
import torch  # noqa: E402

torch.set_default_dtype(torch.float32)
torch.use_deterministic_algorithms(True)


def values(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def seeded(shape, seed, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g) * scale


def finish(case, module, output, inputs, seed):
    """Adds output, weighting, and gradients of (output * weight).sum() w.r.t. inputs and parameters."""
    w = seeded(output.shape, seed + 1000)
    (output * w).sum().backward()
    case["output"] = values(output)
    case["weight"] = values(w)
    case["grads"] = {name: values(t.grad) for name, t in inputs.items() if t.requires_grad}
    for name, p in module.named_parameters():
        case["grads"][name] = values(p.grad)
    case["state"] = {name: values(t) for name, t in module.state_dict().items()}
    return case


def randomize(module, seed):
    """Non-trivial parameters (PyTorch initialises biases and norms to constants)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.3)


def embedding_case(seed):
    torch.manual_seed(seed)
    m = torch.nn.Embedding(11, 5, padding_idx=3)
    ids = torch.tensor([[1, 3, 4, 4], [10, 0, 3, 7]])
    out = m(ids)
    return finish({"kind": "embedding", "name": "embedding padding_idx=3", "count": 11, "dim": 5, "padding_idx": 3,
                   "ids": values(ids.float())}, m, out, {}, seed)


def layernorm_case(seed, eps):
    m = torch.nn.LayerNorm(7, eps=eps)
    randomize(m, seed)
    x = seeded((2, 3, 7), seed + 1).requires_grad_()
    return finish({"kind": "layernorm", "name": f"layernorm eps={eps}", "features": 7, "eps": eps, "x": values(x)},
                  m, m(x), {"x": x}, seed)


def mha_case(name, seed, e=8, h=2, tq=4, tk=4, self_attn=True, padding=None, causal=False, float_mask=False,
             mask3d=False, weights="none"):
    torch.manual_seed(seed)
    m = torch.nn.MultiheadAttention(e, h, dropout=0.0, batch_first=True)
    randomize(m, seed)
    n = 2
    q = seeded((n, tq, e), seed + 1).requires_grad_()
    if self_attn:
        k = v = q
        inputs = {"query": q}
    else:
        k = seeded((n, tk, e), seed + 2).requires_grad_()
        v = seeded((n, tk, e), seed + 3).requires_grad_()
        inputs = {"query": q, "key": k, "value": v}
    kpm = None
    if padding is not None:
        kpm = torch.zeros(n, tk, dtype=torch.bool)
        for b, count in enumerate(padding):
            if count:
                kpm[b, tk - count:] = True
    attn_mask = None
    if causal:
        attn_mask = torch.nn.Transformer.generate_square_subsequent_mask(tq)
    elif float_mask:
        g = torch.Generator().manual_seed(seed + 4)
        shape = (n * h, tq, tk) if mask3d else (tq, tk)
        attn_mask = torch.randn(*shape, generator=g)
        attn_mask[..., 1] = float("-inf")  # a forbidden key for every query
    need = weights != "none"
    out, w = m(q, k, v, key_padding_mask=kpm, attn_mask=attn_mask, is_causal=causal,
               need_weights=need, average_attn_weights=(weights == "averaged"))
    case = {"kind": "mha", "name": name, "embed": e, "heads": h, "self": self_attn, "causal": causal,
            "weights_mode": weights, "query": values(q)}
    if not self_attn:
        case["key"] = values(k)
        case["value"] = values(v)
    if kpm is not None:
        case["key_padding_mask"] = values(kpm.float())
    if attn_mask is not None and not causal:
        am = attn_mask.reshape(n, h, tq, tk) if mask3d else attn_mask
        case["attn_mask"] = {"shape": list(am.shape),
                             "data": [v if math.isfinite(v) else "-inf" for v in am.reshape(-1).tolist()]}
    if need:
        case["attn_weights"] = values(w)
    return finish(case, m, out, inputs, seed)


def encoder_layer_case(name, seed, activation, norm_first, eps=1e-5, padding=None, causal=False):
    torch.manual_seed(seed)
    d, h, ff, n, t = 8, 2, 16, 2, 5
    m = torch.nn.TransformerEncoderLayer(d, h, dim_feedforward=ff, dropout=0.0, activation=activation,
                                         layer_norm_eps=eps, batch_first=True, norm_first=norm_first)
    randomize(m, seed)
    x = seeded((n, t, d), seed + 1).requires_grad_()
    kpm = None
    if padding is not None:
        kpm = torch.zeros(n, t, dtype=torch.bool)
        for b, count in enumerate(padding):
            if count:
                kpm[b, t - count:] = True
    mask = torch.nn.Transformer.generate_square_subsequent_mask(t) if causal else None
    out = m(x, src_mask=mask, src_key_padding_mask=kpm, is_causal=causal)
    case = {"kind": "encoder_layer", "name": name, "d_model": d, "heads": h, "feedforward": ff,
            "activation": activation, "norm_first": norm_first, "eps": eps, "causal": causal, "x": values(x)}
    if kpm is not None:
        case["key_padding_mask"] = values(kpm.float())
    return finish(case, m, out, {"x": x}, seed)


def sinusoidal_case():
    d, max_len = 6, 10
    position = torch.arange(max_len).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = torch.zeros(max_len, d)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)
    x = seeded((2, 7, d), 77)
    return {"kind": "sinusoidal", "name": "sinusoidal d=6", "dim": d, "max_len": max_len, "x": values(x),
            "pe": values(pe), "output": values(x + pe[:7])}


def main():
    cases = [
        embedding_case(1),
        layernorm_case(2, 1e-5),
        layernorm_case(3, 1e-12),
        mha_case("mha self", 10),
        mha_case("mha self key padding, averaged weights", 11, padding=[0, 2], weights="averaged"),
        mha_case("mha self causal", 12, causal=True),
        mha_case("mha self causal + key padding, per-head weights", 13, causal=True, padding=[1, 0], weights="per_head"),
        mha_case("mha cross Tq=3 Tk=5 key padding", 14, tq=3, tk=5, self_attn=False, padding=[2, 0]),
        mha_case("mha cross float mask 2-D, averaged weights", 15, tq=3, tk=5, self_attn=False, float_mask=True,
                 weights="averaged"),
        mha_case("mha self float mask 3-D, 4 heads", 16, h=4, float_mask=True, mask3d=True),
        encoder_layer_case("encoder layer post-LN relu", 20, "relu", False),
        encoder_layer_case("encoder layer post-LN gelu key padding eps=1e-12", 21, "gelu", False, eps=1e-12, padding=[0, 2]),
        encoder_layer_case("encoder layer pre-LN gelu key padding", 22, "gelu", True, padding=[3, 1]),
        encoder_layer_case("encoder layer pre-LN relu causal", 23, "relu", True, causal=True),
        sinusoidal_case(),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {"torch": torch.__version__, "generator": "scripts/make_transformer_fixtures.py", "cases": cases}
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, separators=(",", ":")))
    os.replace(tmp, OUT)
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}", file=sys.stderr)


main()
