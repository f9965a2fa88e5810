"""Measure from which file size hashlib's sha256 beats CPython's builtin one, start-up included.

    python benchmarks/hash_threshold.py            # prints a table and the crossover

The parse cache keys a dataset by the sha256 of its bytes (dyscalc/cache.py). CPython's
builtin sha256 needs no import but hashes slowly; hashlib's (OpenSSL's) hashes several
times faster but loading libcrypto costs a few milliseconds. Each size is timed in fresh
processes that differ only in the module used, alternately; the threshold in cache.py
should sit near the smallest size from which hashlib is faster. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Command, alternate

HASH = (
    "import sys\n"
    "from {module} import sha256\n"
    "with open(sys.argv[1], 'rb') as file:\n"
    "    sha256(file.read()).hexdigest()\n"
)
BUILTIN = "_sha2" if sys.version_info >= (3, 12) else "_sha256"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--sizes-kib", default="64,256,512,1024,2048,4096,8192")
    options = parser.parse_args()
    env = dict(os.environ)
    print(f"load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print("| size | builtin sha256 | hashlib sha256 | hashlib - builtin |")
    print("|---|---|---|---|")
    crossover = None
    with tempfile.TemporaryDirectory() as folder:
        for kib in (int(size) for size in options.sizes_kib.split(",")):
            path = Path(folder) / f"{kib}.bin"
            path.write_bytes(os.urandom(kib * 1024))
            commands = [
                Command(
                    module,
                    [sys.executable, "-I", "-S", "-c", HASH.format(module=module), str(path)],
                    env,
                )
                for module in (BUILTIN, "hashlib")
            ]
            builtin, openssl = alternate(commands, options.runs)
            differences = [b - a for a, b in zip(builtin.seconds, openssl.seconds, strict=True)]
            difference = statistics.median(differences)
            print(
                f"| {kib:,} KiB | {builtin.median * 1000:.1f} ms | {openssl.median * 1000:.1f} ms "
                f"| {difference * 1000:+.2f} ms |"
            )
            if crossover is None and difference < 0:
                crossover = kib
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    if crossover is None:
        print("hashlib was not faster at any size measured")
    else:
        print(f"hashlib is faster from about {crossover:,} KiB (the first size where it won)")


if __name__ == "__main__":
    main()
