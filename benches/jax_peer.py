"""JAX, eager, as a peer for cgraph's benchmarks: the script, read with
micrograd_style.py's reader, becomes a function of a list of its inputs (the
`name = number` statements, each a 0-d float64 array) built op by op from
jax.numpy; jax.value_and_grad, without jit, evaluates it and writes the value,
then each input's name, value and gradient, on the scripts that examples/gen
writes.

    python benches/jax_peer.py FILE     # a Python with jax (CPU jaxlib)

Float64 is switched on (JAX computes in float32 by default), constants in
formulas are plain floats, so only the inputs get gradients. Nothing is
compiled as a whole: each operation is traced and dispatched on its own, which
is what makes eager JAX slow per scalar node. Nothing recurses on the graph's
depth either: a 100,000-deep chain runs at the default recursion limit (in
about 40 s, which is why benches/end_to_end.sh caps it at JAX_MAX nodes).
benches/check_peers.py compares the gradients with micrograd_style.py's.
"""
import sys

import jax
import jax.numpy as jnp

from micrograd_style import ARITHMETIC, function_of_inputs, write

jax.config.update("jax_enable_x64", True)

OPS = {**ARITHMETIC, "tanh": jnp.tanh, "exp": jnp.exp, "sigmoid": jax.nn.sigmoid}


def main():
    evaluate, inputs = function_of_inputs(sys.argv[1], OPS)
    xs = [jnp.asarray(x, dtype=jnp.float64) for _, x in inputs]
    value, grads = jax.value_and_grad(evaluate)(xs)
    write(float(value), ((name, x, float(g)) for (name, x), g in zip(inputs, grads)))


if __name__ == "__main__":
    main()
