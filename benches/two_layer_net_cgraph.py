"""The book's TwoLayerNet written in cgraph's language and trained by
`train`, beside benches/two_layer_net_numpy.py and _torch.py: the same shape
(batch 100, 784-50-10, float64, random data, one-hot T), the same learning
rate. A run of cgraph parses the script, makes the data with randn, builds
the loss's graph once and trains; the time of one step is the difference
between runs of STEPS_LONG and STEPS_SHORT steps (each the median of RUNS),
divided by the steps between them, so that start-up and data making cancel.
The peak memory of both runs is printed too: it must not grow with the steps.

    cargo build --release && python3 benches/two_layer_net_cgraph.py
"""
import pathlib
import random
import resource
import subprocess
import sys
import tempfile

from step_timing import median_seconds

BATCH, INPUT, HIDDEN, OUTPUT = 100, 784, 50, 10
STEPS_SHORT, STEPS_LONG, RUNS = 10, 1010, 5
ROOT = pathlib.Path(__file__).resolve().parent.parent
CGRAPH = ROOT / "target" / "release" / "cgraph"


def script(steps, labels):
    column = "; ".join(str(label) for label in labels)
    return f"""# The book's TwoLayerNet on random data (written by benches/two_layer_net_cgraph.py)
X = randn({BATCH}, {INPUT})
T = onehot([{column}], {OUTPUT})
W1 = randn({INPUT}, {HIDDEN}) * 0.01
b1 = zeros(1, {HIDDEN})
W2 = randn({HIDDEN}, {OUTPUT}) * 0.01
b2 = zeros(1, {OUTPUT})
loss = softmax_with_loss(affine(relu(affine(X, W1, b1)), W2, b2), T)
train loss over W1, b1, W2, b2 lr 0.1 steps {steps}
"""


def run(path):
    # Captured, not DEVNULL: cgraph reports an output it cannot write to.
    subprocess.run([CGRAPH, str(path)], check=True, capture_output=True)


def main():
    if not CGRAPH.exists():
        sys.exit(f"{CGRAPH} is missing: run `cargo build --release` first")
    labels = [random.Random(0).randrange(OUTPUT) for _ in range(BATCH)]
    with tempfile.TemporaryDirectory() as folder:
        short = pathlib.Path(folder, "short.cg")
        long = pathlib.Path(folder, "long.cg")
        short.write_text(script(STEPS_SHORT, labels))
        long.write_text(script(STEPS_LONG, labels))
        t_short = median_seconds(lambda: run(short), RUNS)
        peak_short = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t_long = median_seconds(lambda: run(long), RUNS)
        peak_long = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    step = (t_long - t_short) / (STEPS_LONG - STEPS_SHORT)
    print(f"train step        median {step * 1e3:.3f} ms/step  {1 / step:.0f} steps/s "
          f"(runs of {STEPS_SHORT} and {STEPS_LONG} steps: {t_short:.3f} s, {t_long:.3f} s)")
    print(f"train 100 steps   {100 * step * 1e3:.1f} ms")
    print(f"peak memory       {peak_short / 1024:.1f} MB after {STEPS_SHORT} steps, "
          f"{peak_long / 1024:.1f} MB after {STEPS_LONG}")


if __name__ == "__main__":
    main()
