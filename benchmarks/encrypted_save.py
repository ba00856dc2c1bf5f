"""Time one save of an encrypted audit: the old way (a scrypt derivation per save) against the
keyed way (scrypt once per session for the key file, then an X25519 encryption per save).

    python benchmarks/encrypted_save.py --saves 10

Prints JSON: median and max per save, for the first save of a session and the ones after it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _ms(seconds: list[float]) -> dict:
    return {"median_ms": round(statistics.median(seconds) * 1000, 1), "max_ms": round(max(seconds) * 1000, 1), "n": len(seconds)}


def main(argv=None) -> int:
    from auditor.audits import storage
    from auditor.audits.model import dump_audit, load_audit, save_audit
    from auditor.content.loader import examples_dir, load_content

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--saves", type=int, default=10)
    p.add_argument("--example", default="mutual-aid.yaml")
    args = p.parse_args(argv)
    content = load_content()
    audit = load_audit(examples_dir() / args.example, content)
    text = dump_audit(audit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        before = []
        for i in range(args.saves):  # what every autosave did: write_encrypted, scrypt each time
            start = time.perf_counter()
            storage.write_encrypted(folder / "old.yaml.age", text, "bench passphrase")
            before.append(time.perf_counter() - start)
        storage._UNLOCKED.clear()
        first, after = [], []
        for i in range(args.saves + 1):  # a session: save_audit to the audit's own key
            audit.title = f"bench {i}"
            start = time.perf_counter()
            save_audit(audit, folder / "new.yaml.age", passphrase="bench passphrase")
            (first if i == 0 else after).append(time.perf_counter() - start)
        storage._UNLOCKED.clear()
        start = time.perf_counter()
        load_audit(folder / "new.yaml.age", content, "bench passphrase")
        reopen = time.perf_counter() - start
    print(json.dumps({
        "audit": args.example,
        "audit_bytes": len(text.encode()),
        "before_every_save": _ms(before),
        "after_first_save_of_a_session": _ms(first),
        "after_each_later_save": _ms(after),
        "open_keyed_audit": _ms([reopen]),
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
