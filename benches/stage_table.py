"""The README's stage-by-stage tables, from what `cargo bench --bench scale`
left in target/criterion: time per node of each stage of each shape and size,
forward plus backward beside the minimal arena's, and what the REPL does in a
session of 100,000 formulas.

    cargo bench --bench scale && python3 benches/stage_table.py

Figures are criterion's mean estimates; a stage missing from the run shows -.
"""
import json
import pathlib
import sys

STAGES = ["parse", "define", "build", "forward", "backward", "text", "json"]
SHAPES = ["sum", "chain", "neurons"]


def runs(root):
    """{(group, function): (mean ns, elements or None)} for every benchmark."""
    found = {}
    for bench in root.glob("*/*/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        elements = (meta.get("throughput") or {}).get("Elements")
        found[(meta["group_id"], meta["function_id"])] = (estimates["mean"]["point_estimate"], elements)
    return found


def per_node(ns):
    """Nanoseconds as the tables show them: three significant digits."""
    return f"{ns:.3g} ns" if ns < 1000 else f"{ns / 1000:.3g} µs"


def duration(ns):
    for unit, size in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns:.3g} ns"


def stage_table(found):
    groups = sorted({g for g, _ in found if g.split("/")[0] in SHAPES},
                    key=lambda g: (SHAPES.index(g.split("/")[0]), int(g.split("/")[1])))
    head = STAGES + ["fwd+bwd", "arena fwd+bwd", "ratio"]
    print("| shape | nodes | " + " | ".join(head) + " |")
    print("|---|---:|" + "---:|" * len(head))
    for group in groups:
        nodes = next(e for (g, _), (_, e) in found.items() if g == group and e)
        cell = lambda name: found.get((group, name), (None, None))[0]
        cells = [per_node(cell(s) / nodes) if cell(s) else "-" for s in STAGES]
        ours, arena = cell("forward+backward"), cell("arena forward+backward")
        cells += [per_node(ours / nodes) if ours else "-", per_node(arena / nodes) if arena else "-",
                  f"{ours / arena:.2f}x" if ours and arena else "-"]
        print(f"| {group.split('/')[0]} | {nodes} | " + " | ".join(cells) + " |")


def session_table(found):
    rows = [(f, ns) for (g, f), (ns, _) in found.items() if g.startswith("session/")]
    if not rows:
        return
    print()
    print("| in a session of 100,000 formulas | time |")
    print("|---|---:|")
    order = ["define one more", ":vars", "complete a few", "complete all", "hint"]
    for name, ns in sorted(rows, key=lambda r: order.index(r[0]) if r[0] in order else 99):
        print(f"| {name} | {duration(ns)} |")


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    found = runs(root)
    if not found:
        sys.exit(f"no criterion results under {root}: run `cargo bench --bench scale` first")
    stage_table(found)
    session_table(found)


if __name__ == "__main__":
    main()
