"""How a process that serves index searches keeps the memory its requests free.

Set in every gunicorn worker (gunicorn.conf.py's post_fork) and in the benchmarks
that time searches in process, so both run the same allocator.

By default glibc hands freed memory back to the kernel early: a block of
128 KiB or more goes back as soon as it is freed, and the heap's free top is
trimmed past a threshold of the same order (both thresholds rise as larger
blocks are freed, but only so far). A TM lookup's numpy temporaries are such
blocks, so every lookup asked the kernel for fresh zeroed pages again, one
page fault per 4 KiB: about 250 per lookup at a million units under gunicorn,
and a few with the settings below (scripts/bench_serving.py counts them).

Fixed settings keep freed memory in the worker for its next request instead,
in one heap shared by the worker's threads. What a worker keeps is bounded by
the thresholds and by its own largest requests; a large import through the API
still gives most of its memory back (its large blocks are above the mmap
threshold).

Only glibc has these settings; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes

# mallopt's parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

SETTINGS = (
    # One heap for every thread: threads that take turns under the GIL gain little
    # from an arena each, and each arena would keep its own freed memory (a worker's
    # 64 threads kept 230 MB after a load with them, 105 MB with one).
    (M_ARENA_MAX, 1),
    # Blocks below 16 MiB come from the heap and go back to it when freed,
    (M_MMAP_THRESHOLD, 16 << 20),
    # the heap's free top is given back only past 64 MiB,
    (M_TRIM_THRESHOLD, 64 << 20),
    # and the heap grows by 16 MiB more than asked, so it grows seldom.
    (M_TOP_PAD, 16 << 20),
)


def keep_freed_memory() -> bool:
    """Apply SETTINGS to this process; False where the C library has no mallopt."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return all(mallopt(parameter, value) == 1 for parameter, value in SETTINGS)
