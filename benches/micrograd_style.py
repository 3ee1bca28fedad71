"""A micrograd-style peer for cgraph's benchmarks: a Value object per node with
a backward closure, a topological sort, and the gradients of the named nodes
written out, on the scripts that examples/gen writes.

    python3 benches/micrograd_style.py FILE

Pure Python (micrograd itself, benches/micrograd_peer.py, has no tanh,
sigmoid or exp, and sorts recursively, which a 100,000-deep chain overflows at
Python's default recursion limit).

The reader (`statements`, `parse`) is shared with the other Python peers,
which pass `parse` their own operations instead of VALUE_OPS.
"""
import math
import operator
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


def sigmoid(a):
    y = 1 / (1 + math.exp(-a.data))
    return a.unary(y, y * (1 - y))
VALUE_OPS = {
    "+": lambda a, b: a.op(b, a.data + b.data, 1.0, 1.0),
    "-": lambda a, b: a.op(b, a.data - b.data, 1.0, -1.0),
    "*": lambda a, b: a.op(b, a.data * b.data, b.data, a.data),
    "/": lambda a, b: a.op(b, a.data / b.data, 1 / b.data, -a.data / b.data**2),
    "neg": lambda a: a.unary(-a.data, -1.0),
    "tanh": lambda a: a.unary(math.tanh(a.data), 1 - math.tanh(a.data) ** 2),
    "sigmoid": sigmoid,
    "exp": lambda a: a.unary(math.exp(a.data), math.exp(a.data)),
    "const": lambda text: Value(float(text)),
}
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
FUNCTIONS = ("tanh", "sigmoid", "exp")
TOKEN = re.compile(r"\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|\w+|[-+*/(),])")


def statements(path):
    """(name, expression) for each statement of the script; name "" for the
    evaluated expression."""
    with open(path) as script:
        for line in script:
            line = line.split("#")[0].strip()
            if line:
                name, _, expr = line.rpartition("=")
                yield name.strip(), expr


def parse(text, names, operations=VALUE_OPS):
    """Shunting-yard over the tokens of one expression: values and operators,
    the values made and combined by `operations` (keyed as VALUE_OPS)."""
    values, ops, expect_operand = [], [], True
    def apply():
        op = ops.pop()
        if op in PRECEDENCE:
            b, a = values.pop(), values.pop()
            values.append(operations[op](a, b))
        else:
            values.append(operations[op](values.pop()))
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
        elif token in PRECEDENCE:
            while ops and ops[-1] != "(" and (ops[-1] == "neg" or PRECEDENCE[ops[-1]] >= PRECEDENCE[token]):
                apply()
            ops.append(token)
        else:
            values.append(names[token] if token[0].isalpha() or token[0] == "_" else operations["const"](token))
            expect_operand = False
            continue
        expect_operand = True
    while ops:
        apply()
    return values[0]


# What the library peers share: their operations on numbers they wrap, the
# script as a function of its inputs, and how every peer writes its answer.

# + - * / and negation through Python's operators, literals as floats: the
# library peers add their own tanh, sigmoid and exp.
ARITHMETIC = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "neg": operator.neg, "const": float,
}


def number(text):
    """The value of a statement that is only a number, else None."""
    try:
        return float(text)
    except ValueError:
        return None


def function_of_inputs(path, operations):
    """The script as a function of a sequence of its inputs' values (the
    `name = number` statements, in order), built with `operations`; and the
    inputs, as (name, value)."""
    script = [(name, expr, number(expr) if name else None) for name, expr in statements(path)]
    inputs = [(name, x) for name, _, x in script if x is not None]

    def evaluate(xs):
        names, output, k = {}, None, 0
        for name, expr, x in script:
            if x is not None:
                names[name], k = xs[k], k + 1
            elif name:
                names[name] = parse(expr, names, operations)
            else:
                output = parse(expr, names, operations)
        return output

    return evaluate, inputs


def write(value, rows):
    """The output's value, then a line `name value grad` for each row."""
    out = [repr(value)]
    out.extend(f"{name} {x!r} {g!r}" for name, x, g in rows)
    sys.stdout.write("\n".join(out) + "\n")


def backpropagate(script, operations=VALUE_OPS, named=lambda value: value):
    """Builds `script`'s (name, expression) statements with `operations` into
    objects with `data`, `grad` and `backward()` (`named` makes one of a name's
    value), runs backward from the output and writes every name's gradient."""
    names, output = {}, None
    for name, expr in script:
        value = parse(expr, names, operations)
        if name:
            names[name] = named(value)
        else:
            output = value
    output.backward()
    write(output.data, ((name, v.data, v.grad) for name, v in names.items()))


def main():
    backpropagate(statements(sys.argv[1]))


if __name__ == "__main__":
    main()
