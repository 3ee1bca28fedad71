"""The book's TwoLayerNet in numpy, as a peer for benches/network.rs: layers
as classes with forward and backward (Affine, Relu, SoftmaxWithLoss), a net
that chains them in an ordered dict, and gradient() by backpropagation.
Times, on random data of the book's shape (batch 100, 784-50-10, float64):

- forward + backward per step (net.gradient), the median of many runs;
- 100 training steps (gradient, then params -= 0.1 * grad), the median of
  several runs;
- the first layer's product alone, X @ W1 (100×784 @ 784×50).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy
    /tmp/venv/bin/python benches/two_layer_net_numpy.py
    OPENBLAS_NUM_THREADS=1 /tmp/venv/bin/python benches/two_layer_net_numpy.py

numpy's matrix products run in its BLAS (OpenBLAS in the PyPI wheel), which
picks its kernels for the CPU unless OPENBLAS_CORETYPE names one, and uses
every core unless OPENBLAS_NUM_THREADS says otherwise; the script prints both.
"""
import os
from collections import OrderedDict

import numpy as np

from step_timing import median_seconds

BATCH, INPUT, HIDDEN, OUTPUT = 100, 784, 50, 10
LR = 0.1


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


def softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


class SoftmaxWithLoss:
    def __init__(self):
        self.y = self.t = None

    def forward(self, x, t):
        self.t, self.y = t, softmax(x)
        # The book's cross entropy, with its 1e-7 inside the log.
        return -np.sum(t * np.log(self.y + 1e-7)) / x.shape[0]

    def backward(self, dout=1):
        return (self.y - self.t) / self.t.shape[0] * dout


class TwoLayerNet:
    def __init__(self, rng, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * rng.standard_normal((INPUT, HIDDEN)),
            "b1": np.zeros(HIDDEN),
            "W2": weight_init_std * rng.standard_normal((HIDDEN, OUTPUT)),
            "b2": np.zeros(OUTPUT),
        }
        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.last_layer = SoftmaxWithLoss()

    def loss(self, x, t):
        for layer in self.layers.values():
            x = layer.forward(x)
        return self.last_layer.forward(x, t)

    def gradient(self, x, t):
        loss = self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)
        a1, a2 = self.layers["Affine1"], self.layers["Affine2"]
        return loss, {"W1": a1.dW, "b1": a1.db, "W2": a2.dW, "b2": a2.db}

    def train_step(self, x, t):
        loss, grads = self.gradient(x, t)
        # In place, so that the layers keep seeing the same arrays.
        for key, grad in grads.items():
            self.params[key] -= LR * grad
        return loss


def main():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, INPUT))
    t = np.eye(OUTPUT)[rng.integers(0, OUTPUT, BATCH)]
    net = TwoLayerNet(rng)
    w1 = net.params["W1"]
    for _ in range(50):  # warm up
        net.gradient(x, t)
    step = median_seconds(lambda: net.gradient(x, t), 1000)
    matmul = median_seconds(lambda: x @ w1, 1000)
    first = net.loss(x, t)
    train = median_seconds(lambda: [net.train_step(x, t) for _ in range(100)], 10)
    print(f"numpy {np.__version__}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")
    print(f"forward+backward  median {step * 1e3:.3f} ms/step  {1 / step:.0f} steps/s")
    print(f"train 100 steps   median {train * 1e3:.1f} ms  {100 / train:.0f} steps/s")
    print(f"X @ W1            median {matmul * 1e6:.1f} us")
    print(f"loss {first:.4f} at the first step, {net.loss(x, t):.4f} after training")


if __name__ == "__main__":
    main()
