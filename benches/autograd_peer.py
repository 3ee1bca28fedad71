"""HIPS autograd as a peer for cgraph's benchmarks: the script, read with
micrograd_style.py's reader, becomes a function of one numpy array of its
inputs (the `name = number` statements), built from autograd.numpy; autograd's
value_and_grad evaluates it and writes the value, then each input's name, value
and gradient, on the scripts that examples/gen writes.

    python benches/autograd_peer.py FILE     # a Python with autograd and numpy

Constants in formulas are plain floats, so only the inputs get gradients.
Nothing here recurses on the graph's depth: statements and expressions are read
iteratively and autograd's backward pass sorts with a stack (a 100,000-node
chain runs at the default recursion limit). benches/check_peers.py compares
the gradients with micrograd_style.py's.
"""
import operator
import sys

import autograd.numpy as anp
import numpy
from autograd import value_and_grad

from micrograd_style import parse, statements

OPS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "neg": operator.neg, "tanh": anp.tanh, "exp": anp.exp,
    "sigmoid": lambda a: 1 / (1 + anp.exp(-a)),
    "const": float,
}


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main():
    script = [(name, expr, number(expr) if name else None) for name, expr in statements(sys.argv[1])]
    inputs = [(name, x) for name, _, x in script if x is not None]

    def evaluate(xs):
        names, output, k = {}, None, 0
        for name, expr, x in script:
            if x is not None:
                names[name], k = xs[k], k + 1
            elif name:
                names[name] = parse(expr, names, OPS)
            else:
                output = parse(expr, names, OPS)
        return output

    value, grads = value_and_grad(evaluate)(numpy.array([x for _, x in inputs]))
    out = [repr(float(value))]
    out.extend(f"{name} {x!r} {float(g)!r}" for (name, x), g in zip(inputs, grads))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
