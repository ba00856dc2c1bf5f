#!/usr/bin/env bash
# Smoke test of the single-file build, run from an empty folder with the built file alone (and a
# throwaway HOME): --version, score and report on a shipped example, a doc, a private copy of one, and the
# app's start screen drawn in a pseudo-terminal and quit with ctrl+q. Exit 1 on the first failure.
#   bash scripts/smoke-single-file.sh dist/auditor
set -euo pipefail
built=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(mktemp -d)
trap 'rm -rf "$here"' EXIT
cp "$built" "$here/auditor"
cd "$here"
export HOME=$here/home XDG_DATA_HOME= XDG_CACHE_HOME= LANG=C.UTF-8 LANGUAGE=
mkdir -m 700 "$HOME"
fail() { echo "single-file smoke test FAILED: $*" >&2; exit 1; }

./auditor --version | grep -qx 'auditor [0-9][0-9.a-z]*' || fail "--version"
./auditor score example:mutual-aid > score.txt || fail "score exited $?"
grep -q '^Audit: Example - neighbourhood mutual aid group' score.txt || fail "score printed no audit"
./auditor report example:mutual-aid --out-dir out > /dev/null || fail "report exited $?"
[ "$(ls out | wc -l)" -eq 1 ] || fail "report wrote $(ls out | wc -l) files"
./auditor docs formats.md > doc.txt && grep -q '^#' doc.txt || fail "docs formats.md"
[ "$(./auditor example peer-network)" = peer-network.yaml ] || fail "example copy"
[ "$(stat -c %a peer-network.yaml 2>/dev/null || stat -f %Lp peer-network.yaml)" = 600 ] || fail "the copy is not 0600"
# The app's start screen, headless: a pseudo-terminal (script), ctrl+q after it has drawn.
if [ "$(uname)" = Linux ] && command -v script >/dev/null; then  # util-linux script(1)
  # ctrl+q once the start screen is on screen (a loaded machine takes seconds to unpack and draw). The screen
  # is read from a file, never with `sed | grep -q`: grep's early exit kills sed, which pipefail counts as failure.
  drawn() { sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' screen.raw > screen.txt 2>/dev/null; grep -q 'Open an audit file' screen.txt; }
  ( for _ in $(seq 240); do drawn && break; sleep 0.5; done; printf '\021' ) \
    | TERM=xterm-256color timeout 150 script -qfec ./auditor /dev/null > screen.raw 2>&1 \
    || fail "the app exited $? (or did not quit within 150 s)"
  drawn || fail "no start screen drawn"
fi
echo "single-file smoke test passed: $(ls -l "$built" | awk '{print $5}') bytes, $built"
