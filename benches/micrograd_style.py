"""A micrograd-style peer for cgraph's benchmarks: a Value object per node with
a backward closure, a topological sort, and the gradients of the named nodes
written out, on the scripts that examples/gen writes.

    python3 benches/micrograd_style.py FILE

Pure Python (micrograd itself has no tanh, sigmoid or division by a Value,
and sorts recursively, which a 100,000-deep chain overflows).
"""
import math
import re
import sys


class Value:
    __slots__ = ("data", "grad", "prev", "backward_step")

    def __init__(self, data, prev=()):
        self.data, self.grad, self.prev, self.backward_step = data, 0.0, prev, None

    def op(self, other, data, da, db):
        out = Value(data, (self, other))
        def step():
            self.grad += da * out.grad
            other.grad += db * out.grad
        out.backward_step = step
        return out

    def unary(self, data, da):
        out = Value(data, (self,))
        def step():
            self.grad += da * out.grad
        out.backward_step = step
        return out

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # micrograd's topological sort, without recursion
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node.prev)
        self.grad = 1.0
        for node in reversed(order):
            if node.backward_step:
                node.backward_step()


BINARY = {
    "+": (1, lambda a, b: a.op(b, a.data + b.data, 1.0, 1.0)),
    "-": (1, lambda a, b: a.op(b, a.data - b.data, 1.0, -1.0)),
    "*": (2, lambda a, b: a.op(b, a.data * b.data, b.data, a.data)),
    "/": (2, lambda a, b: a.op(b, a.data / b.data, 1 / b.data, -a.data / b.data**2)),
}
def sigmoid(a):
    y = 1 / (1 + math.exp(-a.data))
    return a.unary(y, y * (1 - y))
FUNCTIONS = {
    "tanh": lambda a: a.unary(math.tanh(a.data), 1 - math.tanh(a.data) ** 2),
    "sigmoid": sigmoid,
    "exp": lambda a: a.unary(math.exp(a.data), math.exp(a.data)),
}
TOKEN = re.compile(r"\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|\w+|[-+*/(),])")


def parse(text, names):
    """Shunting-yard over the tokens of one expression: values and operators."""
    values, ops, expect_operand = [], [], True
    def apply():
        op = ops.pop()
        if op == "neg":
            a = values.pop()
            values.append(a.unary(-a.data, -1.0))
        elif op in FUNCTIONS:
            values.append(FUNCTIONS[op](values.pop()))
        else:
            b, a = values.pop(), values.pop()
            values.append(BINARY[op][1](a, b))
    for token in TOKEN.findall(text):
        if expect_operand and token == "-":
            ops.append("neg")
        elif token in FUNCTIONS:
            ops.append(token)
        elif token == "(":
            ops.append("(")
        elif token == ")":
            while ops[-1] != "(":
                apply()
            ops.pop()
            if ops and ops[-1] in FUNCTIONS:
                apply()
            expect_operand = False
            continue
        elif token in BINARY:
            while ops and ops[-1] != "(" and (ops[-1] == "neg" or BINARY[ops[-1]][0] >= BINARY[token][0]):
                apply()
            ops.append(token)
        else:
            values.append(names[token] if token[0].isalpha() or token[0] == "_" else Value(float(token)))
            expect_operand = False
            continue
        expect_operand = True
    while ops:
        apply()
    return values[0]


def main():
    names, output = {}, None
    with open(sys.argv[1]) as script:
        for line in script:
            line = line.split("#")[0].strip()
            if not line:
                continue
            name, _, expr = line.rpartition("=")
            value = parse(expr, names)
            if name:
                names[name.strip()] = value
            else:
                output = value
    output.backward()
    out = [repr(output.data)]
    out.extend(f"{name} {v.data!r} {v.grad!r}" for name, v in names.items())
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
