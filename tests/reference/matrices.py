"""The book's layer formulas and the two_layer_net sample computed with
numpy, sharing no code with cgraph, for tests/matrices.rs. Prints each
result as a Rust constant; the test writes them into cgraph scripts as
asserts. Run from the repository's root (numpy 2.4):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy
    /tmp/venv/bin/python tests/reference/matrices.py
"""
import math

import numpy as np


def show(name, m):
    m = np.atleast_2d(np.asarray(m, dtype=np.float64))
    rows = ", ".join("&[" + ", ".join(repr(float(v)) for v in row) + "]" for row in m)
    print(f"const {name}: &[&[f64]] = &[{rows}];")


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# A small case: X 2×3, W 3×4, b 1×4, a one-hot T 2×4, weights C 2×4 for a
# softmax whose dY is not all ones.
X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
W = np.array([[0.1, -0.2, 0.3, 0.0], [0.4, 0.5, -0.6, 0.2], [-0.7, 0.8, 0.9, -0.1]])
b = np.array([[0.01, -0.02, 0.03, 0.5]])
T = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
C = np.array([[1.0, -2.0, 0.5, 3.0], [0.25, 1.0, -1.0, 2.0]])
N = X.shape[0]

A = X @ W + b
Y = softmax(A)
show("AFFINE", A)
show("SOFTMAX", Y)
# d sum(Y ⊙ C) / dA, the book's softmax backward with dY = C.
show("SOFTMAX_DA", Y * (C - (C * Y).sum(axis=1, keepdims=True)))
loss = -(T * np.log(Y)).sum() / N
show("LOSS", loss)
# SoftmaxWithLoss's backward, then Affine's.
dA = (Y - T) / N
show("LOSS_DA", dA)
show("LOSS_DX", dA @ W.T)
show("LOSS_DW", X.T @ dA)
show("LOSS_DB", dA.sum(axis=0, keepdims=True))
# Cross entropy alone: dY = -T / Y / N.
show("CROSS_ENTROPY_DY", -T / Y / N)


# The two_layer_net sample at seed 0: randn is SplitMix64 under Box–Muller,
# written again here from the description in src/matrix/random.rs.
M = 2**64 - 1


def normals(n, seed=0):
    s, out = seed, []

    def bits():
        nonlocal s
        s = (s + 0x9E3779B97F4A7C15) & M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)

    while len(out) < n:
        u1, u2 = ((bits() >> 11) + 1) * 2.0**-53, ((bits() >> 11) + 1) * 2.0**-53
        r, t = math.sqrt(-2 * math.log(u1)), math.tau * u2
        out += [r * math.cos(t), r * math.sin(t)]
    return out


data = np.loadtxt("samples/data/iris.csv", delimiter=",", skiprows=1)
rows = data[[0, 1, 50, 51, 100, 101]]
X = rows[:, :4]
T = np.eye(3)[rows[:, 4].astype(int)]
z = normals(40 + 30)
W1 = np.array(z[:40]).reshape(4, 10) * 0.01
W2 = np.array(z[40:]).reshape(10, 3) * 0.01
b1, b2 = np.zeros((1, 10)), np.zeros((1, 3))
H = X @ W1 + b1
R = np.maximum(H, 0)
S = R @ W2 + b2
Y = softmax(S)
N = X.shape[0]
show("NET_LOSS", -(T * np.log(Y)).sum() / N)
dS = (Y - T) / N
dR = dS @ W2.T
dH = dR * (H > 0)
show("NET_DW2", R.T @ dS)
show("NET_DB2", dS.sum(axis=0, keepdims=True))
show("NET_DW1", X.T @ dH)
show("NET_DB1", dH.sum(axis=0, keepdims=True))
