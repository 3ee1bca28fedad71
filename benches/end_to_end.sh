#!/usr/bin/env bash
# End to end in release mode: generates each shape at 10^3 .. 10^6 nodes,
# runs cgraph on it (reading the script, building, forward, backward, and
# writing the gradients of the named nodes: --nodes named) and the minimal
# hand-written arena (examples/arena.rs) on the same file, and prints time and
# peak memory (from the OS, via /usr/bin/time) per node.
#
#   benches/end_to_end.sh                  # the whole table
#   SIZES="100000 1000000" benches/end_to_end.sh
#
# The micrograd-style Python peer (benches/micrograd_style.py) runs too, up to
# PY_MAX nodes (default 100000; 0 to skip), for its ratio to cgraph, with the
# Python in PEER_PYTHON (default python3). If that Python can import autograd
# (with numpy), HIPS autograd (benches/autograd_peer.py) runs as well, and if
# it can import micrograd, micrograd itself (benches/micrograd_peer.py) on the
# sum shape only (micrograd has no tanh, sigmoid or exp): each adds a column
# of its time over cgraph's, up to PY_MAX nodes. Likewise PyTorch on 0-d
# tensors (benches/torch_peer.py) if it can import torch, up to PY_MAX nodes,
# and eager JAX (benches/jax_peer.py, no jit) if it can import jax, up to
# JAX_MAX nodes (default 10000; a 100,000-node chain takes about 40 s).
#
#   python3 -m venv VENV && VENV/bin/pip install autograd numpy micrograd
#   VENV/bin/pip install jax torch     # optional; PyPI's torch brings CUDA's libraries
#   PEER_PYTHON=VENV/bin/python benches/end_to_end.sh
#
# Each timing runs a program back to back until about 10^6 nodes have gone
# through it (10^4 for the Python peers; JAX and PyTorch, whose imports alone
# take seconds, run once), so that process start-up is shared
# out and /usr/bin/time's 10 ms resolution is small beside it; cgraph and the
# arena are timed BEST times each (default 3) and the fastest kept, which
# evens out a busy machine. bytes/node is peak RSS minus that of cgraph on an
# empty script, minus the script's own size, divided by the nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin cgraph --example gen --example arena
bin=target/release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sizes=${SIZES:-"1000 10000 100000 1000000"}
shapes=${SHAPES:-"sum chain neurons"}
py_max=${PY_MAX:-100000}
jax_max=${JAX_MAX:-10000}
best=${BEST:-3}
py=${PEER_PYTHON:-python3}
command -v "$py" >/dev/null || py_max=0
# The interpreter itself, not a launcher in front of it (pyenv's shims add
# 0.2 s to every start).
[ "$py_max" -gt 0 ] && py=$("$py" -c 'import sys; print(sys.executable)')
can_import() { [ "$py_max" -gt 0 ] && "$py" -c "import $1" 2>/dev/null; }
autograd=0 micrograd=0 jax=0 torch=0
can_import autograd.numpy && autograd=1
can_import micrograd.engine && micrograd=1
can_import jax.numpy && jax=1
can_import torch && torch=1

# "seconds peak-KB" for running "$@" `repeat` times.
measure() {
    local repeat=$1
    shift
    /usr/bin/time -f '%e %M' sh -c 'i=0; while [ "$i" -lt "$0" ]; do "$@" >/dev/null || exit 1; i=$((i+1)); done' \
        "$repeat" "$@" 2>&1 | tail -1
}

# The fastest of `best` runs of `measure`.
fastest() {
    for _ in $(seq "$best"); do measure "$@"; done | sort -n | head -1
}

: >"$dir/empty.cg"
read -r _ base_kb < <(measure 1 "$bin/cgraph" "$dir/empty.cg")

printf '%-8s %9s %8s %10s %9s %9s %10s %13s %13s' \
    shape nodes "text MB" "cgraph s" "us/node" "B/node" "arena s" "cgraph/arena" "python/cgraph"
[ "$autograd" = 1 ] && printf ' %15s' autograd/cgraph
[ "$micrograd" = 1 ] && printf ' %16s' micrograd/cgraph
[ "$jax" = 1 ] && printf ' %10s' jax/cgraph
[ "$torch" = 1 ] && printf ' %12s' torch/cgraph
echo
for shape in $shapes; do
    for n in $sizes; do
        file="$dir/$shape-$n.cg"
        "$bin/examples/gen" "$shape" "$n" >"$file"
        nodes=$(head -1 "$file" | sed 's/^# [a-z]*: \([0-9]*\) nodes.*/\1/')
        size=$(stat -c %s "$file")
        repeat=$(( n >= 1000000 ? 1 : 1000000 / n ))
        py_repeat=$(( n >= 10000 ? 1 : 10000 / n ))
        read -r secs kb < <(fastest "$repeat" "$bin/cgraph" --nodes named "$file")
        read -r arena_secs _ < <(fastest "$repeat" "$bin/examples/arena" "$file")
        py_secs=0 ag_secs=0 mg_secs=0 jax_secs=0 torch_secs=0
        if [ "$n" -le "$py_max" ]; then
            read -r py_secs _ < <(measure "$py_repeat" "$py" benches/micrograd_style.py "$file")
            if [ "$autograd" = 1 ]; then
                read -r ag_secs _ < <(measure "$py_repeat" "$py" benches/autograd_peer.py "$file")
            fi
            if [ "$micrograd" = 1 ] && [ "$shape" = sum ]; then
                read -r mg_secs _ < <(measure "$py_repeat" "$py" benches/micrograd_peer.py "$file")
            fi
            if [ "$torch" = 1 ]; then
                read -r torch_secs _ < <(measure 1 "$py" benches/torch_peer.py "$file")
            fi
        fi
        if [ "$jax" = 1 ] && [ "$n" -le "$jax_max" ] && [ "$py_max" -gt 0 ]; then
            read -r jax_secs _ < <(measure 1 "$py" benches/jax_peer.py "$file")
        fi
        awk -v shape="$shape" -v nodes="$nodes" -v size="$size" -v s="$secs" -v kb="$kb" \
            -v base="$base_kb" -v a="$arena_secs" -v p="$py_secs" -v r="$repeat" -v pr="$py_repeat" \
            -v ag="$ag_secs" -v mg="$mg_secs" -v has_ag="$autograd" -v has_mg="$micrograd" \
            -v jx="$jax_secs" -v tc="$torch_secs" -v has_jx="$jax" -v has_tc="$torch" '
        function over(t, runs) { return t > 0 && per > 0 ? sprintf("%.0fx", t / runs / per) : "-" }
        BEGIN {
            per = s / r; aper = a / r
            bytes = ((kb - base) * 1024 - size) / nodes
            ratio = aper > 0 ? sprintf("%.1fx", per / aper) : "-"
            printf "%-8s %9d %8.1f %10.3f %9.3f %9.0f %10.3f %13s %13s", shape, nodes, size / 1e6, per, per * 1e6 / nodes, bytes, aper, ratio, over(p, pr)
            if (has_ag) printf " %15s", over(ag, pr)
            if (has_mg) printf " %16s", over(mg, pr)
            if (has_jx) printf " %10s", over(jx, 1)
            if (has_tc) printf " %12s", over(tc, 1)
            printf "\n"
        }'
    done
done
