#!/usr/bin/env python3
"""Safetensors interop fixtures for GalenTensorTests (SafeTensorsTests.swift).

Writes, with PyTorch and the reference `safetensors` package:
  Tests/GalenTensorTests/Fixtures/safetensors/interop.safetensors  small tensors of several dtypes + metadata
  Tests/GalenTensorTests/Fixtures/safetensors/interop.json         the expected values, converted to float32
                                                                   as `tensor.float()` does, as float lists

Then checks the other direction: that Python's `safetensors` reads `galen_written.safetensors`, the file
Galen writes in the test `writeMatchesGoldenFile` (regenerate it with
`GALEN_UPDATE_FIXTURES=1 swift test --filter SafeTensors`), with the tensors listed in GALEN_WRITTEN below.
This check is run here only; the Swift tests never need Python.

Usage:  python3 scripts/make_safetensors_fixture.py           (write the fixtures, then check galen_written)
        python3 scripts/make_safetensors_fixture.py --check   (only check galen_written)

The script runs in its own virtual environment, scripts/.venv (gitignored). If it is missing it is created
and `torch==2.13.0+cpu safetensors numpy` are installed into it (pip finds the CPU wheel of torch in its
configured find-links folder). Set GALEN_FIXTURE_PYTHON=current to use the running interpreter instead.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "scripts" / ".venv"
FIXTURES = ROOT / "Tests" / "GalenTensorTests" / "Fixtures" / "safetensors"
REQUIREMENTS = ["torch==2.13.0+cpu", "safetensors", "numpy"]


def ensure_venv():
    """Re-executes this script inside scripts/.venv, creating it first if needed."""
    if os.environ.get("GALEN_FIXTURE_PYTHON") == "current":
        return
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        print(f"creating {VENV}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    probe = subprocess.run([str(python), "-c", "import torch, safetensors, numpy"], capture_output=True)
    if probe.returncode != 0:
        subprocess.check_call([str(python), "-m", "pip", "install", *REQUIREMENTS])
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


# What the Swift test `writeMatchesGoldenFile` writes: name -> (shape, values), all F32, plus metadata.
GALEN_WRITTEN = {
    "layer.bias": ([3], [0.5, -0.25, 0.0]),
    "layer.weight": ([2, 3], [1.0, 2.0, 3.0, -4.0, 5.5, -6.75]),
    "scalar": ([], [3.5]),
    "empty": ([0, 2], []),
}
GALEN_WRITTEN_METADATA = {"format": "pt", "note": "quote \" backslash \\ tab \t ✓"}


def write_fixtures():
    import torch
    from safetensors.torch import save_file

    tensors = {
        "f32.matrix": torch.tensor([[0.0, -1.5, 3.25], [1e-30, 65504.0, -2.5e7]], dtype=torch.float32),
        "f32.scalar": torch.tensor(42.5, dtype=torch.float32),
        "f32.empty": torch.zeros((0, 3), dtype=torch.float32),
        "f16.vector": torch.tensor([1.0, -2.0, 0.1, 65504.0, 6e-8, -0.0], dtype=torch.float16),
        "bf16.matrix": torch.tensor([[1.0, -3.140625], [1e10, 1e-10]], dtype=torch.bfloat16),
        "f64.vector": torch.tensor([0.1, -123456789.123, 1e-40], dtype=torch.float64),
        "i64.vector": torch.tensor([0, -7, 16777217, 2**40 + 1], dtype=torch.int64),
        "i32.matrix": torch.tensor([[-2147483648, 2147483647], [0, 5]], dtype=torch.int32),
        "i16.vector": torch.tensor([-32768, 32767, 1], dtype=torch.int16),
        "i8.vector": torch.tensor([-128, 127, 0], dtype=torch.int8),
        "u8.vector": torch.tensor([0, 200, 255], dtype=torch.uint8),
        "bool.vector": torch.tensor([True, False, True], dtype=torch.bool),
    }
    metadata = {"format": "pt", "source": "galen interop fixture", "unicode": "ünïcødé ✓"}
    dtype_names = {
        torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
        torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
        torch.uint8: "U8", torch.bool: "BOOL",
    }
    FIXTURES.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(FIXTURES / "interop.safetensors"), metadata=metadata)
    expected = {
        "metadata": metadata,
        "tensors": {
            name: {
                "dtype": dtype_names[t.dtype],
                "shape": list(t.shape),
                "values": t.to(torch.float32).flatten().tolist(),
            }
            for name, t in sorted(tensors.items())
        },
    }
    with open(FIXTURES / "interop.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print(f"wrote {FIXTURES / 'interop.safetensors'} and interop.json")


def check_galen_written():
    """Python's safetensors must read the file Galen wrote, with the expected names, shapes, values, metadata."""
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file

    path = FIXTURES / "galen_written.safetensors"
    if not path.exists():
        print(f"skip: {path} missing (GALEN_UPDATE_FIXTURES=1 swift test --filter SafeTensors writes it)")
        return
    loaded = load_file(str(path))
    assert sorted(loaded) == sorted(GALEN_WRITTEN), f"names {sorted(loaded)}"
    for name, (shape, values) in GALEN_WRITTEN.items():
        t = loaded[name]
        assert t.dtype == torch.float32, f"{name}: dtype {t.dtype}"
        assert list(t.shape) == shape, f"{name}: shape {list(t.shape)} != {shape}"
        assert t.flatten().tolist() == values, f"{name}: values {t.flatten().tolist()} != {values}"
    with safe_open(str(path), framework="pt") as f:
        assert f.metadata() == GALEN_WRITTEN_METADATA, f"metadata {f.metadata()}"
    header_length = int.from_bytes(path.read_bytes()[:8], "little")
    assert (8 + header_length) % 8 == 0, "data buffer not 8-byte aligned"
    print(f"ok: python safetensors reads {path.name} as Galen meant it")


if __name__ == "__main__":
    ensure_venv()
    if "--check" not in sys.argv[1:]:
        write_fixtures()
    check_galen_written()
