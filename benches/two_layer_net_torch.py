"""PyTorch as a peer for benches/network.rs: the book's TwoLayerNet shape
(batch 100, 784-50-10, float64, as cgraph and numpy compute) with torch's
autograd: h = relu(x @ W1 + b1), scores = h @ W2 + b2, cross entropy against
one-hot targets, loss.backward(). The data needs no gradient, so autograd
skips dX, which the book's numpy Affine computes. Times, like
two_layer_net_numpy.py: forward + backward per step (median), 100 training
steps (params -= 0.1 * grad under no_grad, median of several runs), and
X @ W1 alone.

    /tmp/venv/bin/pip install torch     # PyPI's wheel; the CPU is enough
    /tmp/venv/bin/python benches/two_layer_net_torch.py [THREADS]

THREADS (default 1) goes to torch.set_num_threads.
"""
import sys

import torch

from step_timing import median_seconds

BATCH, INPUT, HIDDEN, OUTPUT = 100, 784, 50, 10
LR = 0.1


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    f64 = torch.float64
    x = torch.randn(BATCH, INPUT, generator=gen, dtype=f64)
    t = torch.nn.functional.one_hot(torch.randint(0, OUTPUT, (BATCH,), generator=gen), OUTPUT).to(f64)
    params = [
        (0.01 * torch.randn(INPUT, HIDDEN, generator=gen, dtype=f64)).requires_grad_(),
        torch.zeros(HIDDEN, dtype=f64, requires_grad=True),
        (0.01 * torch.randn(HIDDEN, OUTPUT, generator=gen, dtype=f64)).requires_grad_(),
        torch.zeros(OUTPUT, dtype=f64, requires_grad=True),
    ]
    w1, b1, w2, b2 = params

    def step():
        for p in params:
            p.grad = None
        scores = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = torch.nn.functional.cross_entropy(scores, t)
        loss.backward()
        return loss

    def train():
        for _ in range(100):
            step()
            with torch.no_grad():
                for p in params:
                    p -= LR * p.grad

    for _ in range(50):  # warm up
        step()
    per_step = median_seconds(step, 1000)
    with torch.no_grad():
        matmul = median_seconds(lambda: x @ w1, 1000)
    first = step().item()
    hundred = median_seconds(train, 10)
    print(f"torch {torch.__version__}; threads {torch.get_num_threads()}")
    print(f"forward+backward  median {per_step * 1e3:.3f} ms/step  {1 / per_step:.0f} steps/s")
    print(f"train 100 steps   median {hundred * 1e3:.1f} ms  {100 / hundred:.0f} steps/s")
    print(f"X @ W1            median {matmul * 1e6:.1f} us")
    print(f"loss {first:.4f} at the first step, {step().item():.4f} after training")


if __name__ == "__main__":
    main()
