"""micrograd itself (PyPI micrograd 0.1.0) as a peer for cgraph's benchmarks:
the script, read with micrograd_style.py's reader, built of micrograd Values;
micrograd's backward, then the value and each named node's name, value and
gradient written out, as micrograd_style.py writes them.

    python benches/micrograd_peer.py FILE     # a Python with micrograd

micrograd has + - * / and ** but no tanh, sigmoid or exp, so of examples/gen's
shapes only `sum` runs; a script using them is refused (exit status 2). Its
topological sort recurses once per level of the graph, so the recursion limit
is raised above the graph's node count (at most two per character of the file).
"""
import os
import re
import sys

from micrograd.engine import Value

from micrograd_style import ARITHMETIC, FUNCTIONS, backpropagate, statements


def main():
    script = list(statements(sys.argv[1]))
    used = {f for _, expr in script for f in re.findall(r"\w+", expr) if f in FUNCTIONS}
    if used:
        print(f"micrograd_peer: micrograd has no {', '.join(sorted(used))} ({sys.argv[1]})", file=sys.stderr)
        sys.exit(2)
    sys.setrecursionlimit(1000 + 2 * os.path.getsize(sys.argv[1]))
    # An input's value is a float: micrograd wraps it to give it a gradient.
    backpropagate(script, ARITHMETIC, lambda value: value if isinstance(value, Value) else Value(value))


if __name__ == "__main__":
    main()
