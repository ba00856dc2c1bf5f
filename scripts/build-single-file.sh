#!/usr/bin/env bash
# Build dist/auditor (dist/auditor.exe on Windows): one file with Python, the app, its content,
# locales and docs inside, for people who do not use Python. PyInstaller builds for the system it
# runs on, so build on each: Linux and macOS run this script; on Windows (Git Bash) too, or run its
# steps in PowerShell with .venv\Scripts\ in place of .venv/bin/.
#   bash scripts/build-single-file.sh && bash scripts/smoke-single-file.sh dist/auditor
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
venv=build/single-file-venv
bin=$venv/bin
python3 -m venv "$venv" 2>/dev/null || python -m venv "$venv"
[ -d "$bin" ] || bin=$venv/Scripts
# Everything pinned with hashes (requirements/single-file.lock, from scripts/lock.sh), and the project
# itself installed as a wheel, so its content, locales and docs are inside the package.
"$bin/python" -m pip install -q --require-hashes -r requirements/single-file.lock
"$bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall .
# --collect-submodules: the commands are imported by name (auditor.commands.MODULES); --collect-data:
# auditor/_content (checklists, rules, catalog, examples, scenarios, docs) and auditor/locale.
# Run from build/, not the checkout: there `import auditor` would find the checkout's package, which
# has no content inside.
root=$(pwd)
(cd build && "$root/$bin/python" -m PyInstaller --noconfirm --clean --onefile --name auditor \
  --collect-submodules auditor --collect-data auditor --collect-data textual \
  --distpath "$root/dist" --workpath pyinstaller --specpath . \
  "$root/scripts/single_file_entry.py")
ls -l dist/auditor* | sed 's/^/built: /'
