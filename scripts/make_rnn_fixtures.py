#!/usr/bin/env python3
"""PyTorch parity fixtures for Galen's LSTM and GRU (GalenNN), written by torch==2.13.0+cpu.

    python3 scripts/make_rnn_fixtures.py

writes
    Tests/GalenNNTests/Fixtures/torch/rnn.json            nn.LSTM / nn.GRU cases
    Tests/GalenNNTests/Fixtures/torch/lstm_state.safetensors
                                                          the state dict of the case "lstm_2layer_bi_lengths"

Each case builds nn.LSTM or nn.GRU (batch_first=True) seeded by the case name, draws a small input
[N, T, F], optionally initial states (h0, c0) and per-sequence lengths (run through
pack_padded_sequence(enforce_sorted=False) and pad_packed_sequence(total_length=T), so outputs past a
length are zero), and records the outputs, the final states, and the gradients of the scalar
    (output * w_out).sum() + (h_n * w_h).sum() [+ (c_n * w_c).sum()]
with respect to the input, the initial states and every parameter (seeded weightings w_*).

Interpreter: GALEN_FIXTURES_PYTHON if set, else /tmp/torchvenv/bin/python if present, else
scripts/.venv (created with torch==2.13.0+cpu from pip's find-links folder, like make_fixtures.py).
"""

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

TORCH_VERSION = "2.13.0+cpu"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
OUT = ROOT / "Tests/GalenNNTests/Fixtures/torch"
REEXEC_MARK = "_GALEN_RNN_FIXTURES_CHILD"


def ensure_environment() -> None:
    """Re-executes this script under an interpreter with the pinned torch."""
    if os.environ.get(REEXEC_MARK) == "1":
        return
    candidates = [os.environ.get("GALEN_FIXTURES_PYTHON"), "/tmp/torchvenv/bin/python", str(VENV / "bin/python")]
    python = None
    for c in candidates:
        if not c or not Path(c).exists():
            continue
        probe = subprocess.run([c, "-c", "import torch, numpy, safetensors; print(torch.__version__)"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == TORCH_VERSION:
            python = c
            break
    if python is None:
        print(f"creating {VENV} with torch=={TORCH_VERSION}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
        python = str(VENV / "bin/python")
        subprocess.check_call([python, "-m", "pip", "install", f"torch=={TORCH_VERSION}", "numpy", "safetensors"])
    env = dict(os.environ, **{REEXEC_MARK: "1"})
    os.execve(python, [python, str(Path(__file__).resolve()), *sys.argv[1:]], env)


def encode(t):
    """{"shape", "data"} with float32 values in their shortest round-trip decimal form."""
    import numpy as np
    a = t.detach().cpu().numpy().astype(np.float32)
    return {"shape": list(a.shape), "data": [float(str(v)) for v in a.ravel()]}


def make_case(name, cell, inputs, hidden, layers, bidirectional, batch, steps, lengths=None,
              initial_state=False, bias=True):
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    torch.manual_seed(zlib.crc32(name.encode()))
    g = torch.Generator().manual_seed(zlib.crc32(name.encode()) + 1)
    kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    net = kind(inputs, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True, bias=bias)
    D = 2 if bidirectional else 1
    x = torch.randn(batch, steps, inputs, generator=g).requires_grad_(True)
    h0 = c0 = None
    if initial_state:
        h0 = (0.5 * torch.randn(layers * D, batch, hidden, generator=g)).requires_grad_(True)
        if cell == "lstm":
            c0 = (0.5 * torch.randn(layers * D, batch, hidden, generator=g)).requires_grad_(True)
    state = None if h0 is None else ((h0, c0) if cell == "lstm" else h0)
    if lengths is None:
        out, final = net(x, state)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        out_packed, final = net(packed, state)
        out, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=steps)
    hn, cn = (final if cell == "lstm" else (final, None))
    w_out = torch.rand(out.shape, generator=g) * 2 - 1
    w_h = torch.rand(hn.shape, generator=g) * 2 - 1
    loss = (out * w_out).sum() + (hn * w_h).sum()
    w_c = None
    if cn is not None:
        w_c = torch.rand(cn.shape, generator=g) * 2 - 1
        loss = loss + (cn * w_c).sum()
    loss.backward()
    return {
        "name": name, "cell": cell, "inputSize": inputs, "hiddenSize": hidden, "layers": layers,
        "bidirectional": bidirectional, "bias": bias, "lengths": lengths,
        "state": {k: encode(v) for k, v in net.state_dict().items()},
        "input": encode(x), "h0": None if h0 is None else encode(h0), "c0": None if c0 is None else encode(c0),
        "output": encode(out), "hn": encode(hn), "cn": None if cn is None else encode(cn),
        "weights": {"output": encode(w_out), "hn": encode(w_h), "cn": None if w_c is None else encode(w_c)},
        "grads": {
            "input": encode(x.grad),
            "h0": None if h0 is None else encode(h0.grad),
            "c0": None if c0 is None else encode(c0.grad),
            "params": {k: encode(p.grad) for k, p in net.named_parameters()},
        },
    }, net


def main() -> None:
    ensure_environment()
    import torch
    from safetensors.torch import save_file

    torch.use_deterministic_algorithms(True)
    cases = []
    state_net = None
    for cell in ("lstm", "gru"):
        cases.append(make_case(f"{cell}_1layer", cell, 4, 3, 1, False, 3, 5)[0])
        cases.append(make_case(f"{cell}_1layer_lengths", cell, 4, 3, 1, False, 4, 6, lengths=[6, 2, 4, 1])[0])
        cases.append(make_case(f"{cell}_2layer_h0", cell, 3, 4, 2, False, 2, 4, initial_state=True)[0])
        cases.append(make_case(f"{cell}_1layer_bi", cell, 4, 3, 1, True, 3, 5)[0])
        cases.append(make_case(f"{cell}_2layer_bi_h0", cell, 3, 3, 2, True, 2, 4, initial_state=True)[0])
        case, net = make_case(f"{cell}_2layer_bi_lengths", cell, 4, 3, 2, True, 4, 5, lengths=[3, 5, 1, 4],
                              initial_state=True)
        cases.append(case)
        cases.append(make_case(f"{cell}_1layer_nobias_lengths", cell, 3, 4, 1, True, 3, 4, lengths=[2, 4, 3],
                               bias=False)[0])
        if cell == "lstm":
            state_net = net
    OUT.mkdir(parents=True, exist_ok=True)
    doc = {"generator": "scripts/make_rnn_fixtures.py", "torch": torch.__version__, "cases": cases}
    tmp = OUT / "rnn.json.tmp"
    tmp.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    tmp.replace(OUT / "rnn.json")
    tmp = OUT / "lstm_state.safetensors.tmp"
    save_file({k: v.contiguous() for k, v in state_net.state_dict().items()}, str(tmp))
    os.chmod(tmp, 0o644)
    tmp.replace(OUT / "lstm_state.safetensors")
    print(f"wrote {len(cases)} cases to {OUT / 'rnn.json'} and {OUT / 'lstm_state.safetensors'}")


if __name__ == "__main__":
    main()
