#!/usr/bin/env bash
# The book's TwoLayerNet shape (batch 100, 784-50-10, float64, random data)
# in one run: cgraph's language training it (benches/two_layer_net_cgraph.py:
# a script, `train`, the time of a step), cgraph's matrix kernels
# (benches/network.rs, criterion), the
# book's numpy code (benches/two_layer_net_numpy.py) with one BLAS thread
# (its own kernels, then Haswell's) and with OpenBLAS's defaults, and PyTorch (benches/two_layer_net_torch.py, one
# thread) if the Python can import torch. Each prints the median of single
# steps (1000 of them), the median of 10 runs of 100 training steps and the
# median of X @ W1; then criterion's own medians for cgraph, whose samples
# of many steps also count the time the process was preempted on a busy
# machine.
#
#   python3 -m venv VENV && VENV/bin/pip install numpy [torch]
#   PEER_PYTHON=VENV/bin/python benches/two_layer_net.sh
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PEER_PYTHON:-python3}
cargo build --release --quiet
echo "--- cgraph, the language (train)"
"$py" benches/two_layer_net_cgraph.py
echo "--- cgraph, the kernels"
cargo bench --quiet --bench network -- --noplot 2>&1 | grep -E "^(two_layer|matmul|cgraph|forward|  without|train|X @|loss)|time:"
# OpenBLAS picks its kernels for the CPU (SkylakeX, AVX-512, on an AVX-512
# machine) unless OPENBLAS_CORETYPE names some (Haswell: AVX2, as
# matrixmultiply uses), and one thread per core unless told.
for setting in "OPENBLAS_NUM_THREADS=1" "OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Haswell" ""; do
  echo "--- numpy, ${setting:-the OpenBLAS defaults}"
  # shellcheck disable=SC2086
  env $setting "$py" benches/two_layer_net_numpy.py
done
if "$py" -c "import torch" 2>/dev/null; then
  echo "--- torch, 1 thread"
  "$py" benches/two_layer_net_torch.py 1
fi
echo "--- cgraph medians (criterion)"
"$py" - <<'PY'
import json, pathlib
root = pathlib.Path("target/criterion")
for name in ["two_layer_net/forward_backward", "two_layer_net/forward_backward_no_dx",
             "two_layer_net/train_100_steps", "matmul_100x784_784x50"]:
    est = json.loads((root / name / "new" / "estimates.json").read_text())
    median = est["median"]["point_estimate"] * 1e-9
    per_step = median / 100 if "train" in name else median
    print(f"{name:40} median {median * 1e3:8.3f} ms  {1 / per_step:6.0f} steps/s")
PY
