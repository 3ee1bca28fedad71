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
# PY_MAX nodes (default 100000; 0 to skip), for its ratio to cgraph.
#
# Small sizes run several times in one timing, so process start-up is shared
# out. bytes/node is peak RSS minus that of cgraph on an empty script, minus
# the script's own size, divided by the nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin cgraph --example gen --example arena
bin=target/release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sizes=${SIZES:-"1000 10000 100000 1000000"}
shapes=${SHAPES:-"sum chain neurons"}
py_max=${PY_MAX:-100000}

# "seconds peak-KB" for running "$@" `repeat` times.
measure() {
    local repeat=$1
    shift
    /usr/bin/time -f '%e %M' sh -c 'i=0; while [ "$i" -lt "$0" ]; do "$@" >/dev/null || exit 1; i=$((i+1)); done' \
        "$repeat" "$@" 2>&1 | tail -1
}

: >"$dir/empty.cg"
read -r _ base_kb < <(measure 1 "$bin/cgraph" "$dir/empty.cg")

printf '%-8s %9s %8s %10s %9s %9s %10s %13s %13s\n' \
    shape nodes "text MB" "cgraph s" "us/node" "B/node" "arena s" "cgraph/arena" "python/cgraph"
for shape in $shapes; do
    for n in $sizes; do
        file="$dir/$shape-$n.cg"
        "$bin/examples/gen" "$shape" "$n" >"$file"
        nodes=$(head -1 "$file" | sed 's/^# [a-z]*: \([0-9]*\) nodes.*/\1/')
        size=$(stat -c %s "$file")
        repeat=$(( n >= 100000 ? 1 : 100000 / n ))
        read -r secs kb < <(measure "$repeat" "$bin/cgraph" --nodes named "$file")
        read -r arena_secs _ < <(measure "$repeat" "$bin/examples/arena" "$file")
        py_secs=0
        if [ "$n" -le "$py_max" ] && command -v python3 >/dev/null; then
            read -r py_secs _ < <(measure "$repeat" python3 benches/micrograd_style.py "$file")
        fi
        awk -v shape="$shape" -v nodes="$nodes" -v size="$size" -v s="$secs" -v kb="$kb" \
            -v base="$base_kb" -v a="$arena_secs" -v p="$py_secs" -v r="$repeat" 'BEGIN {
            per = s / r; aper = a / r
            bytes = ((kb - base) * 1024 - size) / nodes
            ratio = aper > 0 ? sprintf("%.1fx", per / aper) : "-"
            python = p > 0 && per > 0 ? sprintf("%.0fx", p / r / per) : "-"
            printf "%-8s %9d %8.1f %10.3f %9.3f %9.0f %10.3f %13s %13s\n", shape, nodes, size / 1e6, per, per * 1e6 / nodes, bytes, aper, ratio, python
        }'
    done
done
