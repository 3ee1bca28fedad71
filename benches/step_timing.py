"""How the TwoLayerNet peers time a step: the median of single runs, so a
busy machine's stalls do not move the figure."""

import statistics
import time


def median_seconds(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
