"""Checks the Python peers that wrap libraries (autograd_peer.py,
micrograd_peer.py, jax_peer.py, torch_peer.py) against micrograd_style.py: on generated scripts of each
shape, the value and every gradient they write must match to 1e-9 relative.
Run by hand with the Python the peers need (nothing else runs it):

    cargo build --release --example gen
    PYTHON benches/check_peers.py [SIZE ...]      # default sizes 100 1000 10000

A peer whose library is missing, or that refuses a shape (micrograd has no
tanh, sigmoid or exp), is skipped with a note.
"""
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "target", "release", "examples", "gen")


def run(peer, path):
    done = subprocess.run([sys.executable, os.path.join(HERE, peer), path], capture_output=True, text=True)
    if done.returncode:
        return None, done.stderr.strip().splitlines()[-1]
    lines = done.stdout.split("\n")[:-1]
    return [float(lines[0])], {name: (float(v), float(g)) for name, v, g in (l.split() for l in lines[1:])}


def main():
    worst, failed = 0.0, False
    with tempfile.TemporaryDirectory() as tmp:
        for shape in ("sum", "chain", "neurons"):
            for n in sys.argv[1:] or ["100", "1000", "10000"]:
                path = os.path.join(tmp, f"{shape}-{n}.cg")
                with open(path, "w") as out:
                    subprocess.run([GEN, shape, n], stdout=out, check=True)
                value, expected = run("micrograd_style.py", path)
                for peer in ("autograd_peer.py", "micrograd_peer.py", "jax_peer.py", "torch_peer.py"):
                    got_value, got = run(peer, path)
                    if got_value is None:
                        print(f"{peer} {shape} {n}: skipped: {got}")
                        continue
                    pairs = list(zip(value, got_value))
                    pairs += [(a, b) for name in got for a, b in zip(expected[name], got[name])]
                    rel = max(abs(a - b) / max(abs(a), abs(b), 1e-300) for a, b in pairs)
                    ok = all(math.isclose(a, b, rel_tol=1e-9, abs_tol=0) for a, b in pairs)
                    worst, failed = max(worst, rel), failed or not ok
                    print(f"{peer} {shape} {n}: {len(got)} gradients, max relative difference {rel:.1e}"
                          + ("" if ok else "  MISMATCH"))
    print(f"worst {worst:.1e}: {'FAILED' if failed else 'ok'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
