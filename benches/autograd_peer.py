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
import sys

import autograd.numpy as anp
import numpy
from autograd import value_and_grad

from micrograd_style import ARITHMETIC, function_of_inputs, write

OPS = {**ARITHMETIC, "tanh": anp.tanh, "exp": anp.exp, "sigmoid": lambda a: 1 / (1 + anp.exp(-a))}


def main():
    evaluate, inputs = function_of_inputs(sys.argv[1], OPS)
    value, grads = value_and_grad(evaluate)(numpy.array([x for _, x in inputs]))
    write(float(value), ((name, x, float(g)) for (name, x), g in zip(inputs, grads)))


if __name__ == "__main__":
    main()
