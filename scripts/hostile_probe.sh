#!/bin/sh
# Every generated hostile file (about 2,000) through every command that reads it, in one
# process limited to 2 GB (setrlimit) with a 10 s alarm per run. Prints the figures as JSON
# (exit codes, slowest run, peak memory, and any exit 70, timeout, accepted NaN/duplicate,
# or message that does not name the file); exit 1 if there is any.
# Kill -9 loops: python scripts/kill_loops.py --kills 210 (plain) and --kills 20 --age.
cd "$(dirname "$0")/.." && exec "${PYTHON:-python}" tests/hostile_corpus.py --all "$@"
