"""Write a valid dyscalc dataset of N causes and conditions, for benchmarks and tests.

    python benchmarks/make_dataset.py 5000 > big.yaml

The entries are synthetic placeholders, not medical facts; they only give the loader and
the queries something of a realistic shape and size to work on.
"""

from __future__ import annotations

import sys


def dataset_text(entries: int) -> str:
    """A dataset with `entries` entries (about 4 in 5 causes), 4 topics and 50 citations."""
    lines = [
        "schema_version: 1",
        "title: Synthetic benchmark dataset",
        'version: "0.0.0"',
        "provenance:",
        "  document: benchmarks/make_dataset.py",
        "  note: Synthetic placeholder entries for benchmarks; not medical facts.",
        "categories:",
        "  - id: synthetic",
        "    name: Synthetic",
        "topics:",
    ]
    for topic in ("definition", "mechanism", "treatment", "recent-findings"):
        lines += [
            f"  - id: {topic}",
            f"    title: {topic.replace('-', ' ').capitalize()}",
            "    statements:",
            f"      - id: {topic}-guideline",
            "        source: guideline",
            f"        text: Placeholder statement about {topic}.",
            "        citations: [1]",
        ]
    causes = entries - entries // 5
    for kind, first, last in (("causes", 0, causes), ("conditions", causes, entries)):
        lines.append(f"{kind}:" if last > first else f"{kind}: []")
        for number in range(first, last):
            research = number % 2 == 1
            cited = [2 + number % 49, 2 + (number * 7) % 49] if research else [1]
            lines += [
                f"  - id: entry-{number}",
                f"    name: Synthetic {'inflammation' if number % 10 == 0 else 'entry'} {number}",
                f"    source: {'research' if research else 'guideline'}",
                f"    description: Placeholder description number {number}.",
                f"    examples: [example {number}a, example {number}b]",
                f"    citations: [{', '.join(str(n) for n in sorted(set(cited)))}]",
            ]
            if kind == "causes":
                lines.append("    category: synthetic")
    lines.append("citations:")
    lines += ["  - id: 1", "    source: guideline"]
    for number in range(2, 51):
        lines += [f"  - id: {number}", "    source: research"]
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: python benchmarks/make_dataset.py N")
    sys.stdout.write(dataset_text(int(sys.argv[1])))


if __name__ == "__main__":
    main()
