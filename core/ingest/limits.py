"""Time and memory limits for the work on one file, so that no file can hold up a run.

Time: in the main thread (the command line, worker processes) a SIGALRM timer interrupts
even a regular expression deep in C; in other threads (the dashboard runs its script in
one) a watchdog raises the exception in the working thread, which Python checks between
bytecodes.

Memory: a watchdog thread looks at the process's resident memory every few hundredths
of a second and raises FileMemoryExceeded in the working thread once the file has added more
than its limit (Linux, from /proc; elsewhere no memory limit). It catches growth in
Python code; one huge allocation in C is stopped by the caps on what is read instead.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MEMORY_POLL_SECONDS = 0.02


class FileTimeout(BaseException):
    """The work on one file took longer than its limit. A BaseException, as KeyboardInterrupt
    is: the `except Exception` of a library (htmldate, trafilatura) must not swallow it."""


class FileMemoryExceeded(BaseException):
    """The work on one file took more memory than its limit (a BaseException: see FileTimeout)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise FileTimeout()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in the block once it has run `seconds` (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    yield from _watchdog(seconds)


def _watchdog(seconds: float) -> Iterator[None]:
    with _raise_in_this_thread(FileTimeout) as fire:
        timer = threading.Timer(seconds, fire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()


@contextmanager
def _raise_in_this_thread(error: type[BaseException]) -> Iterator[Callable[[], None]]:
    """A function that raises `error` in the thread running the block, from any thread;
    once the block is left it does nothing."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(error))

    try:
        yield fire
    finally:
        with lock:
            state["done"] = True
            fired = state["fired"]
        if fired:
            # the exception may not have been raised yet: withdraw it and raise it here, where
            # the caller expects it, rather than somewhere after the block
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
            raise error()


def resident_bytes() -> int | None:
    """This process's resident memory (Linux); None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def memory_limit(megabytes: float | None) -> Iterator[None]:
    """Raise FileMemoryExceeded in the block once it has grown the process by `megabytes`
    (None or 0, or no way to measure: no limit)."""
    start = resident_bytes() if megabytes and megabytes > 0 else None
    if start is None or not megabytes:
        yield
        return
    ceiling = start + int(megabytes * 1024 * 1024)
    stop = threading.Event()
    with _raise_in_this_thread(FileMemoryExceeded) as fire:

        def watch() -> None:
            while not stop.wait(MEMORY_POLL_SECONDS):
                if (resident_bytes() or 0) > ceiling:
                    fire()  # again at every look while over: once could be caught and ignored

        watcher = threading.Thread(target=watch, daemon=True, name="file-memory-limit")
        watcher.start()
        try:
            yield
        finally:
            stop.set()
