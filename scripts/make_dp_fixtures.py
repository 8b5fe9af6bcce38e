#!/usr/bin/env python3
"""Reference values for Galen's differential-privacy accountant, from Opacus.

Run by hand from anywhere (paths are relative to this file):

    python3 scripts/make_dp_fixtures.py

writes Tests/GalenPrivacyTests/Fixtures/opacus_rdp.json.

The first run creates a virtual environment at scripts/.venv-dp (gitignored by `.venv*/`), installs
torch==2.13.0+cpu into it (pip takes the CPU wheel from its configured find-links folder; never a plain
`pip install torch`), then opacus, and re-runs itself there. To use an interpreter that already has opacus,
set GALEN_DP_FIXTURES_PYTHON=/path/to/python.

The fixture holds:
  rdp_cases    Opacus's RDPAccountant: history [(σ, q, steps)], δ → ε and the best order
                 (accountant.get_privacy_spent), with the composed RDP at every default order
  sigma_cases  opacus.accountants.utils.get_noise_multiplier(target_epsilon, target_delta, sample_rate,
                 steps, accountant="rdp") → σ, and the ε that σ spends
and the default orders (RDPAccountant.DEFAULT_ALPHAS) and Opacus's version.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv-dp")
OUT = os.path.join(ROOT, "Tests", "GalenPrivacyTests", "Fixtures", "opacus_rdp.json")


def ensure_opacus():
    try:
        import opacus  # noqa: F401
        return
    except ImportError:
        pass
    python = os.environ.get("GALEN_DP_FIXTURES_PYTHON")
    if python is None:
        python = os.path.join(VENV, "bin", "python")
        if not os.path.exists(python):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
        pip = [python, "-m", "pip", "install", "-q"]
        subprocess.check_call(pip + ["torch==2.13.0+cpu"])
        try:
            subprocess.check_call(pip + ["opacus"])
        except subprocess.CalledProcessError:
            # opacus's pins may refuse this torch: install it without dependencies and its small ones by hand.
            subprocess.check_call(pip + ["--no-deps", "opacus"])
            subprocess.check_call(pip + ["numpy", "scipy", "opt_einsum"])
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def main():
    ensure_opacus()
    import opacus
    from opacus.accountants import RDPAccountant
    from opacus.accountants.utils import get_noise_multiplier

    orders = list(RDPAccountant.DEFAULT_ALPHAS)

    rdp_cases = []
    histories = [
        [(1.0, 0.01, 1000)],
        [(1.1, 0.004, 10000)],
        [(0.8, 0.1, 100)],
        [(2.0, 0.2, 500)],
        [(0.5, 0.001, 5000)],
        [(4.0, 0.05, 20000)],
        [(1.3, 32 / 398, 2600)],
        [(1.3, 32 / 398, 600), (1.3, 32 / 398, 900)],
        [(10.0, 1.0, 10)],
        [(0.7, 0.03, 1)],
    ]
    for history in histories:
        for delta in (1e-5, 1e-3):
            acc = RDPAccountant()
            acc.history = [tuple(h) for h in history]
            eps, best = acc.get_privacy_spent(delta=delta)
            from opacus.accountants.analysis.rdp import compute_rdp
            rdp = sum(compute_rdp(q=q, noise_multiplier=s, steps=n, orders=orders) for (s, q, n) in history)
            rdp_cases.append({
                "history": [{"noise_multiplier": s, "sample_rate": q, "steps": n} for (s, q, n) in history],
                "delta": delta,
                "epsilon": float(eps),
                "order": float(best),
                "rdp": [float(r) for r in rdp],
            })

    sigma_cases = []
    for (eps, delta, q, steps) in [
        (1.0, 1e-5, 32 / 398, 2 * 200 * 13),
        (3.0, 1e-5, 32 / 398, 2 * 200 * 13),
        (8.0, 1e-5, 32 / 398, 2 * 200 * 13),
        (3.0, 1e-5, 0.01, 1000),
        (0.5, 1e-6, 0.004, 10000),
        (10.0, 1e-3, 0.1, 100),
    ]:
        sigma = get_noise_multiplier(target_epsilon=eps, target_delta=delta, sample_rate=q, steps=steps, accountant="rdp")
        acc = RDPAccountant()
        acc.history = [(sigma, q, steps)]
        sigma_cases.append({"target_epsilon": eps, "delta": delta, "sample_rate": q, "steps": steps,
                            "noise_multiplier": float(sigma), "epsilon": float(acc.get_epsilon(delta=delta))})

    doc = {"opacus_version": opacus.__version__, "orders": orders, "rdp_cases": rdp_cases, "sigma_cases": sigma_cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)} (opacus {opacus.__version__}): "
          f"{len(rdp_cases)} accountant cases, {len(sigma_cases)} noise-multiplier cases")


if __name__ == "__main__":
    main()
