"""The single-file build's entry point (scripts/build-single-file.sh): the `auditor` command."""

import sys

from auditor.cli import main

if __name__ == "__main__":
    sys.exit(main())
