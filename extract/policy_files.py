"""Which files a policy load reads: files as given, directories expanded to their document files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# file suffixes read as policy documents in a directory (a file without suffix is tried too)
POLICY_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf"})



def policy_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and directories (top level, sorted, hidden files left out) into files to read.

    A directory file with a suffix that is not a document type is returned as skipped (with the
    reason), not read.
    """
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                if child.suffix and child.suffix.lower() not in POLICY_SUFFIXES:
                    skipped.append((child, f"not a policy document type ({child.suffix})"))
                    continue
                if child.resolve() not in seen:
                    seen.add(child.resolve())
                    files.append(child)
        elif path.resolve() not in seen:
            seen.add(path.resolve())
            files.append(path)
    return files, skipped
