#!/usr/bin/env python3
"""Waits until no other JMH run holds /tmp/jmh.lock: benchmarks sharing two cores skew each other."""
import fcntl
import sys
import time

waited = 0
while True:
    with open("/tmp/jmh.lock", "a") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(lock, fcntl.LOCK_UN)
            break
        except OSError:
            if waited == 0:
                print("another JMH run holds /tmp/jmh.lock: waiting", file=sys.stderr)
            time.sleep(5)
            waited += 5
