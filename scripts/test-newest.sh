#!/usr/bin/env bash
# The suite against the newest releases of every dependency (not the lock), in a throwaway venv,
# so a release that breaks something is noticed before the lock is refreshed. Reports only: CI
# does not fail on it. Prints what it installed beside the lock's pins, then pytest's summary.
#   bash scripts/test-newest.sh [pytest args]
set -uo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv" && "$venv/bin/pip" install -q --upgrade '.[test]' || { echo "newest releases: install FAILED"; exit 1; }
echo "newest releases that differ from requirements/test.lock:"
"$venv/bin/pip" freeze --exclude auditor | tr 'A-Z_' 'a-z-' | while IFS='=' read -r name _ version; do
  pinned=$(grep -oE "^${name}==[^ ;]+" requirements/test.lock | cut -d= -f3)
  [ "$pinned" != "$version" ] && echo "  $name $version (lock: ${pinned:-not in the lock})"
done
"$venv/bin/pytest" -q -p no:cacheprovider "$@"
rc=$?
echo "newest releases: pytest exit $rc"
exit $rc
