#!/usr/bin/env python3
"""PyTorch parity fixtures for Galen's tests.

Run by hand from anywhere (paths are relative to this file):

    python3 scripts/make_fixtures.py               # every group
    python3 scripts/make_fixtures.py --group ops   # one group

Groups:
    ops             GalenTensor operations        Tests/GalenTensorTests/Fixtures/torch/ops.json
    nn              GalenNN MLP, losses, optimizers, clipping, LR schedules
                                                  Tests/GalenNNTests/Fixtures/torch/nn.json
    mlp_state_dict  a PyTorch nn.Sequential MLP saved with safetensors, and its predictions
                                                  Tests/GalenNNTests/Fixtures/torch/mlp.safetensors, mlp.json
    resnet          reduced-width ResNet-18s (standard and MedMNIST 28x28 stems) with torchvision's
                    module and parameter names, their state dicts and eval-mode logits
                                                  Tests/GalenModelsTests/Fixtures/torch/resnet_*.safetensors,
                                                  resnet.json

The first run creates a virtual environment at scripts/.venv (gitignored), installs
torch==2.13.0+cpu, numpy and safetensors into it (pip takes the CPU wheel from its
configured find-links folder), and re-runs itself there. To use an interpreter that
already has that torch, set GALEN_FIXTURES_PYTHON=/path/to/python.

Each group is a function returning {path relative to the repository: JSON document},
registered in GROUPS. A document holds "cases"; each case has seeded small float32
inputs, the PyTorch forward output, a seeded weighting `weight` of the output's shape,
and the gradients of (output * weight).sum() with respect to every input that
requires them (null for the others). Swift tests load the files from their bundle.

Groups other than ops hold cases of several kinds (a "kind" key says which, the other keys
are documented in the group's function). A group may also return raw bytes for a path
(a safetensors file), written as they are.

To add a group (NN layers, say), write `def group_layers() -> dict` in the same style,
writing e.g. Tests/GalenNNTests/Fixtures/torch/layers.json, and add it to GROUPS.
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
        probe = subprocess.run([str(python), "-c", "import torch, numpy, safetensors; print(torch.__version__)"],
                               capture_output=True, text=True)
        if probe.returncode != 0 or probe.stdout.strip() != TORCH_VERSION:
            print(f"installing torch=={TORCH_VERSION}, numpy and safetensors into {VENV}", file=sys.stderr)
            subprocess.check_call([str(python), "-m", "pip", "install", f"torch=={TORCH_VERSION}", "numpy", "safetensors"])
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

    # Convolution and pooling (NCHW).
    for tag, shape, wshape, stride, padding, dilation in [
            ("basic", (2, 3, 6, 5), (4, 3, 3, 3), (1, 1), (0, 0), (1, 1)),
            ("stride_pad", (2, 2, 7, 6), (3, 2, 3, 2), (2, 1), (1, 2), (1, 1)),
            ("dilated", (1, 2, 8, 8), (2, 2, 3, 3), (1, 2), (2, 1), (2, 2)),
            ("pointwise", (2, 4, 3, 3), (5, 4, 1, 1), (1, 1), (0, 0), (1, 1))]:
        params = {"stride": list(stride), "padding": list(padding), "dilation": list(dilation)}
        c.add(f"conv2d_{tag}", "conv2d", lambda g, shape=shape, wshape=wshape: [N(g, *shape), N(g, *wshape), N(g, wshape[0])],
              lambda x, w, b, stride=stride, padding=padding, dilation=dilation: F.conv2d(x, w, b, stride, padding, dilation), params)
    c.add("conv2d_nobias", "conv2d", lambda g: [N(g, 1, 2, 5, 5), N(g, 3, 2, 2, 2)],
          lambda x, w: F.conv2d(x, w, None, 1, 0, 1), {"stride": [1, 1], "padding": [0, 0], "dilation": [1, 1]})
    for tag, shape, kernel, stride, padding in [("2x2", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0)),
                                                ("3x3_s2_p1", (1, 2, 7, 5), (3, 3), (2, 2), (1, 1)),
                                                ("overlap", (1, 1, 5, 5), (3, 2), (1, 1), (0, 0))]:
        params = {"kernel": list(kernel), "stride": list(stride), "padding": list(padding)}
        c.add(f"max_pool2d_{tag}", "max_pool2d", lambda g, shape=shape: [N(g, *shape)],
              lambda x, kernel=kernel, stride=stride, padding=padding: F.max_pool2d(x, kernel, stride, padding), params)
        c.add(f"avg_pool2d_{tag}", "avg_pool2d", lambda g, shape=shape: [N(g, *shape)],
              lambda x, kernel=kernel, stride=stride, padding=padding: F.avg_pool2d(x, kernel, stride, padding), params)

    doc = {
        "generator": "scripts/make_fixtures.py --group ops",
        "torch": torch.__version__,
        "loss": "(output * weight).sum()",
        "cases": c.cases,
    }
    return {"Tests/GalenTensorTests/Fixtures/torch/ops.json": doc}


def group_nn() -> dict:
    """GalenNN against torch.nn: Tests/GalenNNTests/Fixtures/torch/nn.json.

    Cases by "kind" (tensors are {"shape", "data"}; dicts of tensors are keyed by PyTorch name):
      mlp        a Linear/ReLU/Tanh MLP ("layers"): "state" (its state dict), "input", "output",
                 a seeded "weight" of the output's shape, and "grads" of (output * weight).sum()
                 w.r.t. "input" and every parameter.
      loss       "loss" (mse, l1, bce, cross_entropy) with "params", "prediction", "target"
                 (class indices as floats for cross_entropy), the mean-reduced "value" and its
                 "grad" w.r.t. the prediction.
      optimizer  "optimizer" (sgd, adam, adamw, rmsprop) with its torch keyword "params", the
                 "initial" parameters, the fixed "grads" given at each step (a list, one dict
                 per step; null: no gradient that step) and the parameters "after" each step.
      clip       clip_grad_norm_ with "maxNorm" on "grads" (null for a parameter without one):
                 the returned "norm" and the "clipped" gradients.
      schedule   "schedule" (step, cosine, plateau) with "params", the initial learning rate
                 "lr0", the "metrics" given to each step (plateau only) and the learning rate
                 after each scheduler step, "lrs".
    """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.use_deterministic_algorithms(True)
    cases = []

    def gen(name):
        return torch.Generator().manual_seed(zlib.crc32(name.encode()))

    def named(tensors):
        return {k: encode(v) for k, v in tensors.items()}

    # A Dense MLP, forward and backward.
    g = gen("mlp")
    torch.manual_seed(zlib.crc32(b"mlp"))
    mlp = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 3))
    x = torch.randn(4, 5, generator=g).requires_grad_()
    pre = mlp[0](x)
    assert pre.abs().min() > 1e-3, "a ReLU input sits on the kink; change the seed"
    out = mlp(x)
    w = torch.rand(out.shape, generator=g) * 2 - 1
    (out * w).sum().backward()
    grads = {"input": encode(x.grad)}
    grads.update({k: encode(p.grad) for k, p in mlp.named_parameters()})
    cases.append({
        "name": "mlp", "kind": "mlp", "layers": "Linear(5, 8), ReLU, Linear(8, 6), Tanh, Linear(6, 3)",
        "state": named(mlp.state_dict()), "input": encode(x), "output": encode(out), "weight": encode(w),
        "grads": grads,
    })

    # Losses: value and gradient w.r.t. the prediction.
    def loss_case(name, loss, params, make, fn):
        g = gen(name)
        pred, target = make(g)
        pred = pred.clone().requires_grad_()
        value = fn(pred, target)
        value.backward()
        cases.append({"name": name, "kind": "loss", "loss": loss, "params": params,
                      "prediction": encode(pred), "target": encode(target.float()),
                      "value": float(str(value.detach().numpy().astype("float32"))), "grad": encode(pred.grad)})

    def regression(g):
        return torch.randn(4, 3, generator=g), torch.randn(4, 3, generator=g)

    def binary(g):
        return torch.randn(6, 2, generator=g) * 2, (torch.rand(6, 2, generator=g) < 0.4).float()

    def soft(g):
        return torch.randn(6, 2, generator=g) * 2, torch.rand(6, 2, generator=g)

    def classes(g):
        return torch.randn(7, 4, generator=g) * 1.5, torch.randint(0, 4, (7,), generator=g)

    def ties(g):  # some predictions equal their targets: the subgradient of |x| at 0 is 0
        p, t = regression(g)
        t[::2] = p[::2]
        return p, t

    class_weight = [0.5, 1.0, 2.0, 1.5]
    loss_case("mse", "mse", {}, regression, F.mse_loss)
    loss_case("l1", "l1", {}, regression, F.l1_loss)
    loss_case("l1_ties", "l1", {}, ties, F.l1_loss)
    loss_case("bce", "bce", {"posWeight": 1.0}, binary, F.binary_cross_entropy_with_logits)
    for pw in [2.5, 0.4]:
        loss_case(f"bce_pos_weight_{pw}", "bce", {"posWeight": pw}, binary,
                  lambda p, t, pw=pw: F.binary_cross_entropy_with_logits(p, t, pos_weight=torch.full((2,), pw)))
    loss_case("bce_soft_pos_weight", "bce", {"posWeight": 3.0}, soft,
              lambda p, t: F.binary_cross_entropy_with_logits(p, t, pos_weight=torch.full((2,), 3.0)))
    loss_case("bce_large_logits", "bce", {"posWeight": 2.0},
              lambda g: (torch.randn(6, 2, generator=g) * 40, (torch.rand(6, 2, generator=g) < 0.5).float()),
              lambda p, t: F.binary_cross_entropy_with_logits(p, t, pos_weight=torch.full((2,), 2.0)))
    loss_case("cross_entropy_large_logits", "cross_entropy", {"weight": class_weight, "labelSmoothing": 0.1},
              lambda g: (torch.randn(5, 4, generator=g) * 60, torch.randint(0, 4, (5,), generator=g)),
              lambda p, t: F.cross_entropy(p, t, weight=torch.tensor(class_weight), label_smoothing=0.1))
    for tag, weight, smoothing in [("plain", None, 0.0), ("weight", class_weight, 0.0),
                                   ("smoothing", None, 0.1), ("weight_smoothing", class_weight, 0.2)]:
        loss_case(f"cross_entropy_{tag}", "cross_entropy", {"weight": weight, "labelSmoothing": smoothing}, classes,
                  lambda p, t, weight=weight, smoothing=smoothing: F.cross_entropy(
                      p, t, weight=None if weight is None else torch.tensor(weight), label_smoothing=smoothing))

    # Optimizers: the same initial parameters and the same fixed gradients at each of three steps.
    g = gen("optimizer")
    initial = {"w": torch.randn(2, 3, generator=g), "b": torch.randn(3, generator=g)}
    step_grads = [{k: torch.randn(v.shape, generator=g) for k, v in initial.items()} for _ in range(3)]

    def optimizer_case(name, optimizer, make, params, skip=None):
        """skip: (step, parameter) left without a gradient at that step, so the optimizer passes it over."""
        grads_given = [{k: None if (i, k) == skip else v for k, v in s.items()} for i, s in enumerate(step_grads)]
        tensors = {k: v.clone().requires_grad_() for k, v in initial.items()}
        opt = make(list(tensors.values()), **params)
        after = []
        for grads in grads_given:
            for k, t in tensors.items():
                t.grad = None if grads[k] is None else grads[k].clone()
            opt.step()
            after.append(named(tensors))
        cases.append({"name": name, "kind": "optimizer", "optimizer": optimizer, "params": params,
                      "initial": named(initial),
                      "grads": [{k: None if v is None else encode(v) for k, v in s.items()} for s in grads_given],
                      "after": after})

    SGD, Adam, AdamW, RMSprop = torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.RMSprop
    optimizer_case("sgd", "sgd", SGD, {"lr": 0.1})
    optimizer_case("sgd_momentum", "sgd", SGD, {"lr": 0.1, "momentum": 0.9})
    optimizer_case("sgd_momentum_dampening", "sgd", SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.3})
    optimizer_case("sgd_nesterov", "sgd", SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True})
    optimizer_case("sgd_weight_decay", "sgd", SGD, {"lr": 0.1, "weight_decay": 0.05})
    optimizer_case("sgd_momentum_weight_decay", "sgd", SGD, {"lr": 0.1, "momentum": 0.8, "weight_decay": 0.05})
    optimizer_case("adam_default", "adam", Adam, {})
    optimizer_case("adam", "adam", Adam, {"lr": 0.05, "betas": [0.8, 0.95], "eps": 1e-6})
    optimizer_case("adam_weight_decay", "adam", Adam, {"lr": 0.05, "weight_decay": 0.1})
    optimizer_case("adamw_default", "adamw", AdamW, {})
    optimizer_case("adamw", "adamw", AdamW, {"lr": 0.05, "weight_decay": 0.1})
    optimizer_case("rmsprop", "rmsprop", RMSprop, {})
    optimizer_case("rmsprop_momentum", "rmsprop", RMSprop, {"lr": 0.01, "momentum": 0.9})
    optimizer_case("rmsprop_centered", "rmsprop", RMSprop, {"lr": 0.01, "alpha": 0.9, "centered": True})
    optimizer_case("rmsprop_centered_momentum", "rmsprop", RMSprop, {"lr": 0.01, "momentum": 0.5, "centered": True})
    optimizer_case("rmsprop_weight_decay", "rmsprop", RMSprop, {"lr": 0.01, "weight_decay": 0.1})
    # A parameter without a gradient at step 2 keeps its value and its state (its own step count).
    optimizer_case("sgd_momentum_skip", "sgd", SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}, skip=(1, "b"))
    optimizer_case("adam_skip", "adam", Adam, {"lr": 0.05}, skip=(1, "b"))
    optimizer_case("rmsprop_skip", "rmsprop", RMSprop, {"lr": 0.01, "momentum": 0.5, "centered": True}, skip=(1, "w"))

    # Gradient clipping by global norm, clipping and not; "c" has no gradient.
    for name, max_norm in [("clip", 1.0), ("clip_noop", 100.0)]:
        g = gen(name)
        tensors = {"a": torch.randn(2, 3, generator=g), "b": torch.randn(4, generator=g), "c": torch.randn(2, generator=g)}
        grads = {"a": torch.randn(2, 3, generator=g) * 2, "b": torch.randn(4, generator=g) * 2, "c": None}
        params = {k: v.clone().requires_grad_() for k, v in tensors.items()}
        for k, p in params.items():
            p.grad = None if grads[k] is None else grads[k].clone()
        norm = torch.nn.utils.clip_grad_norm_(list(params.values()), max_norm)
        cases.append({"name": name, "kind": "clip", "maxNorm": max_norm,
                      "grads": {k: None if v is None else encode(v) for k, v in grads.items()},
                      "norm": float(str(norm.numpy().astype("float32"))),
                      "clipped": {k: None if p.grad is None else encode(p.grad) for k, p in params.items()}})

    # Learning-rate schedules: the rate after each scheduler step.
    def schedule_case(name, schedule, params, lr0, make, epochs, metrics=None):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr0)
        sched = make(opt)
        lrs = []
        for e in range(epochs):
            opt.step()  # no gradient: a no-op that keeps the scheduler from warning
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[e])
            lrs.append(opt.param_groups[0]["lr"])
        cases.append({"name": name, "kind": "schedule", "schedule": schedule, "params": params, "lr0": lr0,
                      "metrics": metrics, "lrs": lrs})

    sched = torch.optim.lr_scheduler
    schedule_case("step_lr", "step", {"stepSize": 3, "gamma": 0.5}, 0.1,
                  lambda o: sched.StepLR(o, step_size=3, gamma=0.5), 10)
    schedule_case("step_lr_1", "step", {"stepSize": 1, "gamma": 0.9}, 0.01,
                  lambda o: sched.StepLR(o, step_size=1, gamma=0.9), 6)
    # Past T_max PyTorch's rate climbs back along the cosine; the Swift test shows where Galen differs.
    schedule_case("cosine", "cosine", {"period": 6, "minimum": 0.001}, 0.1,
                  lambda o: sched.CosineAnnealingLR(o, T_max=6, eta_min=0.001), 9)
    schedule_case("cosine_zero", "cosine", {"period": 4, "minimum": 0.0}, 1.0,
                  lambda o: sched.CosineAnnealingLR(o, T_max=4), 4)
    metrics = [1.0, 0.9, 0.85, 0.86, 0.85, 0.8499, 0.87, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77, 0.78, 0.79, 0.8]
    schedule_case("plateau", "plateau", {"factor": 0.5, "patience": 2, "threshold": 1e-4, "cooldown": 0, "minimum": 0.0},
                  0.1, lambda o: sched.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=1e-4), len(metrics), metrics)
    # Below eps = 1e-8 of change PyTorch leaves the rate alone, so it stops shrinking near 1e-8.
    schedule_case("plateau_tiny", "plateau", {"factor": 0.1, "patience": 0, "threshold": 1e-4, "cooldown": 0, "minimum": 0.0},
                  1e-6, lambda o: sched.ReduceLROnPlateau(o, factor=0.1, patience=0), 5, [1.0] * 5)
    schedule_case("plateau_cooldown_min", "plateau",
                  {"factor": 0.3, "patience": 1, "threshold": 0.01, "cooldown": 2, "minimum": 0.004},
                  0.1, lambda o: sched.ReduceLROnPlateau(o, factor=0.3, patience=1, threshold=0.01, cooldown=2, min_lr=0.004),
                  len(metrics), metrics)

    doc = {
        "generator": "scripts/make_fixtures.py --group nn",
        "torch": torch.__version__,
        "cases": cases,
    }
    return {"Tests/GalenNNTests/Fixtures/torch/nn.json": doc}


def group_mlp_state_dict() -> dict:
    """A PyTorch MLP saved with safetensors, for loading into a Galen `Sequential`:
    Tests/GalenNNTests/Fixtures/torch/mlp.safetensors (the state dict, as `save_file` writes it)
    and mlp.json (one case: a seeded "input" batch and the model's "output")."""
    import tempfile
    import torch
    import torch.nn as nn
    from safetensors.torch import save_file

    torch.manual_seed(zlib.crc32(b"mlp_state_dict"))
    model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1)).eval()
    g = torch.Generator().manual_seed(zlib.crc32(b"mlp_state_dict input"))
    x = torch.randn(8, 30, generator=g)
    with torch.no_grad():
        out = model(x)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mlp.safetensors"
        save_file(model.state_dict(), str(path))
        weights = path.read_bytes()
    doc = {
        "generator": "scripts/make_fixtures.py --group mlp_state_dict",
        "torch": torch.__version__,
        "cases": [{"name": "mlp_state_dict", "kind": "predictions",
                   "layers": "Linear(30, 16), ReLU, Linear(16, 8), ReLU, Linear(8, 1)",
                   "weights": "mlp.safetensors", "input": encode(x), "output": encode(out)}],
    }
    return {"Tests/GalenNNTests/Fixtures/torch/mlp.safetensors": weights,
            "Tests/GalenNNTests/Fixtures/torch/mlp.json": doc}


def make_resnet(num_classes, in_channels=3, widths=(64, 128, 256, 512), small=False):
    """ResNet-18 exactly as torchvision.models.resnet18 builds it (same modules, names, order and
    init), with two extensions torchvision lacks: stage `widths` (to keep fixtures small) and the
    MedMNIST v2 28x28 stem (`small`: 3x3 stride-1 conv1, no max-pool, `maxpool` = Identity)."""
    import torch.nn as nn

    class BasicBlock(nn.Module):
        expansion = 1

        def __init__(self, inplanes, planes, stride=1, downsample=None):
            super().__init__()
            self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(planes)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(planes)
            self.downsample = downsample
            self.stride = stride

        def forward(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            if self.downsample is not None:
                identity = self.downsample(x)
            return self.relu(out + identity)

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.inplanes = widths[0]
            if small:
                self.conv1 = nn.Conv2d(in_channels, widths[0], 3, 1, 1, bias=False)
            else:
                self.conv1 = nn.Conv2d(in_channels, widths[0], 7, 2, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(widths[0])
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.Identity() if small else nn.MaxPool2d(3, 2, 1)
            self.layer1 = self._make_layer(widths[0], 2)
            self.layer2 = self._make_layer(widths[1], 2, stride=2)
            self.layer3 = self._make_layer(widths[2], 2, stride=2)
            self.layer4 = self._make_layer(widths[3], 2, stride=2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(widths[3], num_classes)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                elif isinstance(m, nn.BatchNorm2d):
                    nn.init.constant_(m.weight, 1)
                    nn.init.constant_(m.bias, 0)

        def _make_layer(self, planes, blocks, stride=1):
            downsample = None
            if stride != 1 or self.inplanes != planes:
                downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))
            layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
            self.inplanes = planes
            for _ in range(1, blocks):
                layers.append(BasicBlock(self.inplanes, planes))
            return nn.Sequential(*layers)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(self.avgpool(x).flatten(1))

    return ResNet()


def group_resnet() -> dict:
    """ResNet-18 parity: two reduced-width ResNet-18s built by `make_resnet` (torchvision's names and
    structure; when torchvision is installed, the full-width one is checked against
    torchvision.models.resnet18 key by key and shape by shape), seeded, with randomised
    batch-norm affine parameters and running statistics (so eval mode is not the identity), in eval mode.
    Tests/GalenModelsTests/Fixtures/torch/resnet_standard.safetensors and resnet_small.safetensors hold
    the state dicts (float32, num_batches_tracked int64 as PyTorch saves it); resnet.json holds one
    "resnet" case per variant: "weights", "small", "widths", "in_channels", "classes", "input", "output"."""
    import tempfile
    import torch
    import torch.nn as nn
    from safetensors.torch import save_file

    try:
        import torchvision
        reference = torchvision.models.resnet18(num_classes=1000).state_dict()
        ours = make_resnet(1000).state_dict()
        assert list(reference) == list(ours), "key order differs from torchvision"
        assert all(reference[k].shape == ours[k].shape for k in ours), "shapes differ from torchvision"
        checked = f"torchvision {torchvision.__version__}"
    except Exception as e:  # not installed, or a build that does not match this torch
        print(f"resnet: torchvision unavailable ({type(e).__name__}); names follow torchvision's source", file=sys.stderr)
        checked = None

    cases, files = [], {}
    variants = [("resnet_standard", False, [8, 16, 32, 64], 3, 3, (2, 3, 32, 32)),
                ("resnet_small", True, [4, 8, 16, 32], 1, 3, (2, 1, 28, 28))]
    for name, small, widths, in_ch, classes, shape in variants:
        torch.manual_seed(zlib.crc32(name.encode()))
        model = make_resnet(classes, in_ch, widths, small)
        g = torch.Generator().manual_seed(zlib.crc32((name + " bn").encode()))
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, nn.BatchNorm2d):
                    n = m.num_features
                    m.weight.copy_(0.5 + torch.rand(n, generator=g))
                    m.bias.copy_(0.2 * torch.randn(n, generator=g))
                    m.running_mean.copy_(0.2 * torch.randn(n, generator=g))
                    m.running_var.copy_(0.5 + torch.rand(n, generator=g))
                    m.num_batches_tracked.fill_(7)
        model.eval()
        x = torch.randn(*shape, generator=torch.Generator().manual_seed(zlib.crc32((name + " input").encode())))
        with torch.no_grad():
            out = model(x)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.safetensors"
            save_file(model.state_dict(), str(path))
            files[f"Tests/GalenModelsTests/Fixtures/torch/{name}.safetensors"] = path.read_bytes()
        cases.append({"name": name, "kind": "resnet", "weights": f"{name}.safetensors", "small": small,
                      "widths": widths, "in_channels": in_ch, "classes": classes,
                      "input": encode(x), "output": encode(out)})
    doc = {
        "generator": "scripts/make_fixtures.py --group resnet",
        "torch": torch.__version__,
        "torchvision_names_checked": checked,
        "cases": cases,
    }
    files["Tests/GalenModelsTests/Fixtures/torch/resnet.json"] = doc
    return files


GROUPS = {
    "ops": group_ops,
    "nn": group_nn,
    "mlp_state_dict": group_mlp_state_dict,
    "resnet": group_resnet,
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


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")


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
            if isinstance(doc, bytes):
                write_bytes(ROOT / rel, doc)
            else:
                write_json(ROOT / rel, doc)


if __name__ == "__main__":
    main()
