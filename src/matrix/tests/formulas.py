"""The book's layer formulas computed with numpy, for formulas.rs. Prints
each result as a Rust array literal; the test holds the kernels to these
numbers. Run (numpy 2.4):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy
    /tmp/venv/bin/python src/matrix/tests/formulas.py
"""
import numpy as np


def show(name, m):
    m = np.atleast_2d(np.asarray(m, dtype=np.float64))
    rows = ", ".join("&[" + ", ".join(repr(float(v)) for v in row) + "]" for row in m)
    print(f"const {name}: &[&[f64]] = &[{rows}];")


X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
W = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
b = np.array([[0.01, -0.02]])
dY = np.array([[1.0, -2.0], [0.5, 3.0]])

# Affine: the book's forward and backward.
show("AFFINE_Y", X @ W + b)
show("AFFINE_DX", dY @ W.T)
show("AFFINE_DW", X.T @ dY)
show("AFFINE_DB", dY.sum(axis=0, keepdims=True))

# Softmax with a large row (the max is subtracted) and its backward.
S = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1.0, 0.0, -5.0]])
dS = np.array([[0.3, -0.1, 0.2], [1.0, 0.0, -1.0], [0.5, 0.5, 2.0]])
e = np.exp(S - S.max(axis=1, keepdims=True))
y = e / e.sum(axis=1, keepdims=True)
show("SOFTMAX_Y", y)
show("SOFTMAX_DX", y * (dS - (dS * y).sum(axis=1, keepdims=True)))

# Softmax with loss, one-hot and labels: loss, dX, and a one-hot T's dT.
T = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
labels = np.array([[2.0], [1.0], [0.0]])
n = S.shape[0]
log_y = S - S.max(axis=1, keepdims=True) - np.log(e.sum(axis=1, keepdims=True))
show("SWL_LOSS", -(T * log_y).sum() / n)
show("SWL_DX", (y - T) / n)
show("SWL_DT", -log_y / n)

# Cross entropy on probabilities P, one-hot T: loss, dP, dT.
P = np.array([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1]])
show("CE_LOSS", -(T * np.log(P)).sum() / n)
show("CE_DP", -T / P / n)
show("CE_DT", -np.log(P) / n)

# Accuracy: rows 0 and 2 right, row 1 wrong.
Q = np.array([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1], [0.9, 0.05, 0.05]])
show("ACCURACY", (Q.argmax(axis=1) == labels[:, 0]).mean())

# Broadcasting: a 2×1 column times a 1×3 row, and the gradients summed back.
col = np.array([[2.0], [-3.0]])
row = np.array([[0.5, 1.5, -1.0]])
dZ = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]])
show("BCAST_Z", col * row)
show("BCAST_DCOL", (dZ * row).sum(axis=1, keepdims=True))
show("BCAST_DROW", (dZ * col).sum(axis=0, keepdims=True))
# Unbroadcasting alone: dZ summed onto a column, a row and a 1×1.
show("UNB_COL", dZ.sum(axis=1, keepdims=True))
show("UNB_ROW", dZ.sum(axis=0, keepdims=True))
show("UNB_ONE", dZ.sum())

# Reductions.
show("SUM_ALL", X.sum())
show("SUM_0", X.sum(axis=0, keepdims=True))
show("MEAN_1", X.mean(axis=1, keepdims=True))
