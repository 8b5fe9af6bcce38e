#!/usr/bin/env python3
"""PyTorch parity fixtures for Galen's tests.

Run by hand from anywhere (paths are relative to this file):

    python3 scripts/make_fixtures.py               # every group
    python3 scripts/make_fixtures.py --group ops   # one group

The first run creates a virtual environment at scripts/.venv (gitignored), installs
torch==2.13.0+cpu and numpy into it (pip takes the CPU wheel from its configured
find-links folder), and re-runs itself there. To use an interpreter that already has
that torch, set GALEN_FIXTURES_PYTHON=/path/to/python.

Each group is a function returning {path relative to the repository: JSON document},
registered in GROUPS. A document holds "cases"; each case has seeded small float32
inputs, the PyTorch forward output, a seeded weighting `weight` of the output's shape,
and the gradients of (output * weight).sum() with respect to every input that
requires them (null for the others). Swift tests load the files from their bundle.

To add a group (NN layers, optimizers, losses), write `def group_nn() -> dict` in the
same style, writing e.g. Tests/GalenNNTests/Fixtures/torch/layers.json, and add it to GROUPS.
"""

import argparse
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
REEXEC_MARK = "_GALEN_FIXTURES_CHILD"


# MARK: environment

def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> None:
    """Re-executes this script under an interpreter with the pinned torch, creating the venv if needed."""
    if os.environ.get(REEXEC_MARK) == "1":
        return  # already re-executed
    override = os.environ.get("GALEN_FIXTURES_PYTHON")
    if override:
        python = Path(override)
    else:
        python = venv_python()
        if Path(sys.prefix).resolve() == VENV.resolve():
            return  # running inside the venv already
        if not python.exists():
            print(f"creating {VENV}", file=sys.stderr)
            subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
        probe = subprocess.run([str(python), "-c", "import torch, numpy; print(torch.__version__)"],
                               capture_output=True, text=True)
        if probe.returncode != 0 or probe.stdout.strip() != TORCH_VERSION:
            print(f"installing torch=={TORCH_VERSION} and numpy into {VENV}", file=sys.stderr)
            subprocess.check_call([str(python), "-m", "pip", "install", f"torch=={TORCH_VERSION}", "numpy"])
    env = dict(os.environ, **{REEXEC_MARK: "1"})
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


# MARK: case building (imports torch lazily, after the environment is chosen)

def encode(t):
    """{"shape", "data"} with float32 values in their shortest round-trip decimal form."""
    import numpy as np
    a = t.detach().cpu().numpy().astype(np.float32)
    return {"shape": list(a.shape), "data": [float(str(v)) for v in a.ravel()]}


class Cases:
    """Collects cases; every case draws its inputs from a generator seeded by its name."""

    def __init__(self):
        import torch
        self.torch = torch
        self.cases = []
        self.names = set()

    def gen(self, name):
        g = self.torch.Generator().manual_seed(zlib.crc32(name.encode()))
        return g

    # Input makers: each takes the case's generator.
    def normal(self, g, *shape, scale=1.0):
        return self.torch.randn(shape, generator=g) * scale

    def positive(self, g, *shape, low=0.5, high=2.0):
        return low + (high - low) * self.torch.rand(shape, generator=g)

    def nonzero(self, g, *shape, low=0.2, high=2.0):
        mag = low + (high - low) * self.torch.rand(shape, generator=g)
        sign = self.torch.where(self.torch.rand(shape, generator=g) < 0.5, -1.0, 1.0)
        return mag * sign

    def add(self, name, op, make, fn, params=None, grad=None):
        """make(g) -> list of input tensors; fn(*inputs) -> output; grad: which inputs require gradients."""
        torch = self.torch
        assert name not in self.names, name
        self.names.add(name)
        g = self.gen(name)
        inputs = [t.to(torch.float32) for t in make(g)]
        grad = grad if grad is not None else [True] * len(inputs)
        leaves = [t.clone().requires_grad_(r) for t, r in zip(inputs, grad)]
        out = fn(*leaves)
        w = (torch.rand(out.shape, generator=g) * 2 - 1).to(torch.float32)
        (out * w).sum().backward()
        self.cases.append({
            "name": name,
            "op": op,
            "params": params or {},
            "inputs": [encode(t) for t in inputs],
            "requiresGrad": grad,
            "weight": encode(w),
            "output": encode(out),
            "grads": [encode(t.grad) if r else None for t, r in zip(leaves, grad)],
        })


# MARK: groups

def group_ops() -> dict:
    """Tensor operations of GalenTensor: Tests/GalenTensorTests/Fixtures/torch/ops.json."""
    import torch
    import torch.nn.functional as F

    torch.use_deterministic_algorithms(True)
    c = Cases()
    N, P, NZ = c.normal, c.positive, c.nonzero

    # Arithmetic with broadcasting, in both directions and with scalar operands.
    for op, f in [("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div)]:
        for tag, sa, sb in [("same", (2, 3), (2, 3)), ("bcast_right", (2, 3, 2), (3, 1)),
                            ("bcast_left", (1, 3), (2, 3)), ("bcast_both", (2, 1, 3), (2, 1)),
                            ("scalar_tensor", (), (2, 3))]:
            c.add(f"{op}_{tag}", op, lambda g, sa=sa, sb=sb: [N(g, *sa), NZ(g, *sb)], f)
    c.add("add_scalar", "add_scalar", lambda g: [N(g, 2, 3)], lambda a: a + 1.5, {"s": 1.5})
    c.add("sub_scalar", "sub_scalar", lambda g: [N(g, 2, 3)], lambda a: a - 0.7, {"s": 0.7})
    c.add("rsub_scalar", "rsub_scalar", lambda g: [N(g, 2, 3)], lambda a: 0.7 - a, {"s": 0.7})
    c.add("mul_scalar", "mul_scalar", lambda g: [N(g, 2, 3)], lambda a: a * -2.5, {"s": -2.5})
    c.add("div_scalar", "div_scalar", lambda g: [N(g, 2, 3)], lambda a: a / 3.0, {"s": 3.0})
    c.add("rdiv_scalar", "rdiv_scalar", lambda g: [NZ(g, 2, 3, low=0.5)], lambda a: 3.0 / a, {"s": 3.0})
    c.add("neg", "neg", lambda g: [N(g, 2, 3)], torch.neg)
    c.add("pow", "pow", lambda g: [P(g, 2, 3), N(g, 2, 3)], torch.pow)
    c.add("pow_bcast", "pow", lambda g: [P(g, 2, 1), N(g, 3)], torch.pow)
    for p in [2.0, 3.0, 0.5, -1.5]:
        c.add(f"pow_scalar_{p}", "pow_scalar", lambda g: [P(g, 2, 3)], lambda a, p=p: a ** p, {"p": p})

    # Unary functions and activations (kinks avoided by the input makers).
    c.add("exp", "exp", lambda g: [N(g, 3, 4)], torch.exp)
    c.add("log", "log", lambda g: [P(g, 3, 4, low=0.2, high=3)], torch.log)
    c.add("sqrt", "sqrt", lambda g: [P(g, 3, 4, low=0.2, high=3)], torch.sqrt)
    c.add("abs", "abs", lambda g: [NZ(g, 3, 4)], torch.abs)
    c.add("tanh", "tanh", lambda g: [N(g, 3, 4)], torch.tanh)
    c.add("sigmoid", "sigmoid", lambda g: [N(g, 3, 4, scale=3)], torch.sigmoid)
    c.add("relu", "relu", lambda g: [NZ(g, 3, 4)], torch.relu)
    c.add("leaky_relu", "leakyRelu", lambda g: [NZ(g, 3, 4)], F.leaky_relu, {"slope": 0.01})
    c.add("leaky_relu_0.2", "leakyRelu", lambda g: [NZ(g, 3, 4)], lambda a: F.leaky_relu(a, 0.2), {"slope": 0.2})
    c.add("gelu", "gelu", lambda g: [N(g, 3, 4, scale=2)], F.gelu)  # exact (erf) form, PyTorch's default
    c.add("softplus", "softplus", lambda g: [N(g, 3, 4, scale=3)], F.softplus)
    c.add("clamp", "clamp", lambda g: [torch.tensor([-1.3, -0.8, -0.35, -0.1, 0.2, 0.39, 0.7, 1.9])],
          lambda a: torch.clamp(a, -0.5, 0.5), {"min": -0.5, "max": 0.5})

    # Reductions.
    for axes, keep in [(None, False), ([1], True), ([0, 2], False), ([-1], False)]:
        tag = f"{'all' if axes is None else '_'.join(map(str, axes))}_{'keep' if keep else 'drop'}"
        params = {"axes": axes, "keepDims": keep}
        c.add(f"sum_{tag}", "sum", lambda g: [N(g, 2, 3, 2)], lambda a, axes=axes, keep=keep: a.sum(dim=axes, keepdim=keep), params)
        c.add(f"mean_{tag}", "mean", lambda g: [N(g, 2, 3, 2)], lambda a, axes=axes, keep=keep: a.mean(dim=axes, keepdim=keep), params)
        c.add(f"var_{tag}", "variance", lambda g: [N(g, 2, 3, 2)],
              lambda a, axes=axes, keep=keep: a.var(dim=axes, correction=1, keepdim=keep), dict(params, unbiased=True))
    c.add("var_biased", "variance", lambda g: [N(g, 3, 4)], lambda a: a.var(dim=1, correction=0),
          {"axes": [1], "keepDims": False, "unbiased": False})
    for axis, keep in [(0, False), (1, True), (-1, False)]:
        c.add(f"max_{axis}_{keep}", "max", lambda g: [N(g, 3, 4)],
              lambda a, axis=axis, keep=keep: a.max(dim=axis, keepdim=keep).values, {"axis": axis, "keepDims": keep})
        c.add(f"min_{axis}_{keep}", "min", lambda g: [N(g, 3, 4)],
              lambda a, axis=axis, keep=keep: a.min(dim=axis, keepdim=keep).values, {"axis": axis, "keepDims": keep})
    c.add("max_all", "max", lambda g: [N(g, 3, 4)], torch.max, {"axis": None, "keepDims": False})
    c.add("logsumexp_1", "logSumExp", lambda g: [N(g, 3, 4, scale=2)], lambda a: torch.logsumexp(a, 1), {"axis": 1, "keepDims": False})
    c.add("logsumexp_0_keep", "logSumExp", lambda g: [N(g, 3, 4, scale=2)], lambda a: torch.logsumexp(a, 0, keepdim=True),
          {"axis": 0, "keepDims": True})
    c.add("logsumexp_large", "logSumExp", lambda g: [N(g, 2, 3) + 1000], lambda a: torch.logsumexp(a, -1), {"axis": -1, "keepDims": False})

    # Matrix products.
    for tag, sa, sb in [("2d", (3, 4), (4, 2)), ("batched", (2, 3, 4), (2, 4, 2)), ("bcast_right", (2, 3, 4), (4, 2)),
                        ("bcast_left", (3, 4), (2, 4, 2)), ("bcast_both", (2, 1, 2, 3), (3, 3, 2)),
                        ("vec_vec", (4,), (4,)), ("vec_mat", (4,), (4, 3)), ("mat_vec", (3, 4), (4,)),
                        ("vec_batch", (4,), (2, 4, 3))]:
        c.add(f"matmul_{tag}", "matmul", lambda g, sa=sa, sb=sb: [N(g, *sa), N(g, *sb)], torch.matmul)
    c.add("linear_bias", "linear", lambda g: [N(g, 3, 4), N(g, 5, 4), N(g, 5)], F.linear)
    c.add("linear_nobias", "linear", lambda g: [N(g, 3, 4), N(g, 5, 4)], F.linear)
    c.add("linear_3d", "linear", lambda g: [N(g, 2, 2, 4), N(g, 3, 4), N(g, 3)], F.linear)

    # Softmax.
    for axis in [-1, 0, 1]:
        c.add(f"softmax_{axis}", "softmax", lambda g: [N(g, 2, 3, 2, scale=2)], lambda a, axis=axis: torch.softmax(a, axis), {"axis": axis})
        c.add(f"log_softmax_{axis}", "logSoftmax", lambda g: [N(g, 2, 3, 2, scale=2)],
              lambda a, axis=axis: torch.log_softmax(a, axis), {"axis": axis})
    c.add("softmax_large", "softmax", lambda g: [N(g, 2, 4, scale=3) + 1000], lambda a: torch.softmax(a, -1), {"axis": -1})
    c.add("log_softmax_large", "logSoftmax", lambda g: [N(g, 2, 4, scale=3) * 1000], lambda a: torch.log_softmax(a, -1), {"axis": -1})

    # Shape operations.
    c.add("reshape", "reshape", lambda g: [N(g, 2, 3, 2)], lambda a: a.reshape(4, -1), {"shape": [4, -1]})
    c.add("flatten_1", "flatten", lambda g: [N(g, 2, 3, 2)], lambda a: torch.flatten(a, 1), {"from": 1})
    c.add("permute", "permute", lambda g: [N(g, 2, 3, 2)], lambda a: a.permute(2, 0, 1), {"order": [2, 0, 1]})
    c.add("transpose", "transpose", lambda g: [N(g, 2, 3, 2)], lambda a: a.transpose(0, 2), {"axis0": 0, "axis1": 2})
    c.add("transpose_2d", "transpose", lambda g: [N(g, 3, 5)], lambda a: a.transpose(-2, -1), {"axis0": -2, "axis1": -1})
    c.add("broadcast_to", "broadcast", lambda g: [N(g, 3, 1)], lambda a: a.broadcast_to(2, 3, 2), {"shape": [2, 3, 2]})
    c.add("unsqueeze", "unsqueeze", lambda g: [N(g, 2, 3)], lambda a: a.unsqueeze(1), {"axis": 1})
    c.add("squeeze", "squeeze", lambda g: [N(g, 2, 1, 3)], lambda a: a.squeeze(1), {"axis": 1})
    c.add("slice", "slice", lambda g: [N(g, 3, 5, 2)], lambda a: a[:, 1:4], {"axis": 1, "start": 1, "end": 4})
    c.add("concat_1", "concat", lambda g: [N(g, 2, 3), N(g, 2, 1), N(g, 2, 2)], lambda *t: torch.cat(t, 1), {"axis": 1})
    c.add("concat_0", "concat", lambda g: [N(g, 2, 3), N(g, 1, 3)], lambda *t: torch.cat(t, 0), {"axis": 0})
    c.add("stack_0", "stack", lambda g: [N(g, 2, 3), N(g, 2, 3)], lambda *t: torch.stack(t, 0), {"axis": 0})
    c.add("stack_-1", "stack", lambda g: [N(g, 2, 3), N(g, 2, 3)], lambda *t: torch.stack(t, -1), {"axis": -1})
    c.add("index_select_0", "gather", lambda g: [N(g, 4, 3)],
          lambda a: a.index_select(0, torch.tensor([2, 0, 2, 3, 2])), {"axis": 0, "indices": [2, 0, 2, 3, 2]})
    c.add("index_select_1", "gather", lambda g: [N(g, 2, 4, 3)],
          lambda a: a.index_select(1, torch.tensor([3, 0, 3])), {"axis": 1, "indices": [3, 0, 3]})
    c.add("where", "where",
          lambda g: [(torch.rand(2, 3, generator=g) < 0.5).float(), N(g, 2, 3), N(g, 2, 3)],
          lambda cond, a, b: torch.where(cond != 0, a, b), grad=[False, True, True])
    c.add("where_bcast", "where",
          lambda g: [torch.tensor([0.0, 1.0, 1.0]), N(g, 2, 1), N(g, 3)],
          lambda cond, a, b: torch.where(cond != 0, a, b), grad=[False, True, True])

    doc = {
        "generator": "scripts/make_fixtures.py --group ops",
        "torch": torch.__version__,
        "loss": "(output * weight).sum()",
        "cases": c.cases,
    }
    return {"Tests/GalenTensorTests/Fixtures/torch/ops.json": doc}


GROUPS = {
    "ops": group_ops,
}


# MARK: output

def write_json(path: Path, doc: dict) -> None:
    """Compact JSON with one case per line, so that diffs stay readable."""
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f"  {json.dumps(k)}: {json.dumps(v)},")
    lines.append('  "cases": [')
    cases = doc.get("cases", [])
    for i, case in enumerate(cases):
        lines.append("    " + json.dumps(case, separators=(",", ":"), allow_nan=False) + ("," if i < len(cases) - 1 else ""))
    lines.append("  ]")
    lines.append("}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({len(cases)} cases, {path.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group", action="append", choices=sorted(GROUPS), help="group to generate (repeatable; default all)")
    args = parser.parse_args()
    ensure_environment()
    import torch
    if torch.__version__ != TORCH_VERSION:
        sys.exit(f"need torch {TORCH_VERSION}, found {torch.__version__} in {sys.executable}")
    torch.set_num_threads(1)
    for name in args.group or sorted(GROUPS):
        for rel, doc in GROUPS[name]().items():
            write_json(ROOT / rel, doc)


if __name__ == "__main__":
    main()
