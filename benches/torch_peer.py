"""PyTorch as a peer for cgraph's benchmarks: the script, read with
micrograd_style.py's reader, built of 0-d float64 tensors, the inputs (the
`name = number` statements) with requires_grad=True, operations with torch's
operators, torch.tanh, torch.sigmoid and torch.exp; then out.backward(), and
the value and each input's name, value and gradient written out, on the
scripts that examples/gen writes.

    python benches/torch_peer.py FILE     # a Python with torch (CPU is enough)

Constants in formulas are plain floats, so only the inputs get gradients. One
thread (torch.set_num_threads(1)): scalars gain nothing from more. Autograd's
engine walks the graph iteratively, and a 100,000-deep chain runs (and is
freed) at the default recursion limit. benches/check_peers.py compares the
gradients with micrograd_style.py's.
"""
import sys

import torch

from micrograd_style import ARITHMETIC, number, parse, statements, write

OPS = {**ARITHMETIC, "tanh": torch.tanh, "exp": torch.exp, "sigmoid": torch.sigmoid}


def main():
    torch.set_num_threads(1)
    names, inputs, output = {}, [], None
    for name, expr in statements(sys.argv[1]):
        x = number(expr) if name else None
        if x is not None:
            names[name] = torch.tensor(x, dtype=torch.float64, requires_grad=True)
            inputs.append((name, x))
        elif name:
            names[name] = parse(expr, names, OPS)
        else:
            output = parse(expr, names, OPS)
    output.backward()
    write(output.item(), ((name, x, names[name].grad.item()) for name, x in inputs))


if __name__ == "__main__":
    main()
