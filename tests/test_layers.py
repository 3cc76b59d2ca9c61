"""Layers: the library packages (graph/, extract/, api/, cypher/, report/) never import the CLI.

`innograph.cli` sits on top of them; an import the other way would pull typer, rich and every command
into the API and the loaders, and make a cycle. The check reads each source file's imports with `ast`
(every `import` and `from ... import`, at module level or inside a function, TYPE_CHECKING included),
so nothing is imported or run.

The same packages, the CLI and the demo data generators also keep to the module size cap of issue 17
(400 lines; `test_no_module_over_the_line_cap`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY_PACKAGES = ("graph", "extract", "api", "cypher", "report")
FORBIDDEN = "innograph.cli"


def imported_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """Every module an `ast` tree imports, with its line; relative imports resolved against `package`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: max(len(package.split(".")) - node.level + 1, 0)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from innograph import cli` names the CLI as an imported attribute
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def is_cli(module: str) -> bool:
    return module == FORBIDDEN or module.startswith(FORBIDDEN + ".")


def cli_imports(source: str, package: str) -> list[str]:
    tree = ast.parse(source)
    return [f"line {line}: {module}" for line, module in imported_modules(tree, package) if is_cli(module)]


def library_files() -> list[Path]:
    files = [p for name in LIBRARY_PACKAGES if (ROOT / name).is_dir() for p in sorted((ROOT / name).rglob("*.py"))]
    return files


def test_library_packages_exist() -> None:
    # a renamed or moved package would make the check below pass vacuously
    assert len(library_files()) > 50
    for name in ("graph", "extract", "api", "cypher"):
        assert (ROOT / name / "__init__.py").is_file(), name


@pytest.mark.parametrize(
    ("source", "package"),
    [
        ("import innograph.cli", "graph"),
        ("from innograph.cli.common import console", "api.graphql"),
        ("from innograph import cli", "extract"),
        ("def f():\n    from innograph.cli import db\n", "cypher"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import innograph.cli.query as q\n", "graph"),
    ],
)
def test_the_check_finds_a_cli_import(source: str, package: str) -> None:
    assert cli_imports(source, package)


def test_the_check_allows_the_settings() -> None:
    assert not cli_imports("from core.settings import Settings\nimport innograph.runtime", "graph")


def test_library_packages_never_import_the_cli() -> None:
    offenders = []
    for path in library_files():
        relative = path.relative_to(ROOT)
        package = ".".join(relative.with_suffix("").parts[:-1])
        for hit in cli_imports(path.read_text(encoding="utf-8"), package):
            offenders.append(f"{relative} {hit}")
    assert not offenders, "library code imports the CLI:\n" + "\n".join(offenders)


# What each package may import of ours, bottom up (docs/architecture.md): a package imports only from the
# layers below it. `innograph` (the CLI and its runtime) sits on top and may import anything.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "extract": {"core"},
    "demo_data": {"core", "extract"},
    "cypher": {"core"},
    "graph": {"core", "cypher", "extract"},
    "report": {"core", "cypher", "extract", "graph"},
    "api": {"core", "cypher", "extract", "graph", "report"},
}
OURS = {*ALLOWED, "innograph", "tests", "bench"}
# Known exceptions, each with why; remove one when its import goes.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # the saved-query runner asks the connection which backend it talks to (for the guards ArcadeDB lacks)
    ("cypher", "graph"): "cypher's saved-query runner reads graph.connection / graph.backend",
}


def layer_violations() -> list[str]:
    found = []
    for name, allowed in ALLOWED.items():
        for path in sorted((ROOT / name).rglob("*.py")):
            relative = path.relative_to(ROOT)
            package = ".".join(relative.with_suffix("").parts[:-1])
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for line, module in imported_modules(tree, package):
                top = module.split(".")[0]
                if top in OURS and top != name and top not in allowed and (name, top) not in EXCEPTIONS:
                    found.append(f"{relative} line {line}: {module}")
    return sorted(set(found))


def test_each_layer_imports_only_the_layers_below_it() -> None:
    assert (ROOT / "core" / "settings.py").is_file() and (ROOT / "core" / "model.py").is_file()
    violations = layer_violations()
    assert not violations, "imports against the layers of docs/architecture.md:\n" + "\n".join(violations)


def test_the_exceptions_are_still_needed() -> None:
    for (name, top), why in EXCEPTIONS.items():
        users = [p for p in (ROOT / name).rglob("*.py")
                 if any(m.split(".")[0] == top for _, m in imported_modules(ast.parse(p.read_text(encoding="utf-8")), name))]
        assert users, f"{name} no longer imports {top}: remove the exception ({why})"


# Issue 17: no hand-written module over 400 lines (counted as `wc -l` does), in the library packages,
# the CLI and the demo data generators. A file over the cap is split along its seams, not trimmed.
MAX_MODULE_LINES = 400
SIZED_PACKAGES = (*LIBRARY_PACKAGES, "innograph", "demo_data")
OVERSIZE_ALLOWED: frozenset[str] = frozenset()  # none left; a generated module would be listed here, with why


def module_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def test_no_module_over_the_line_cap() -> None:
    files = [p for name in SIZED_PACKAGES for p in sorted((ROOT / name).rglob("*.py"))]
    assert len(files) > 100  # the packages are where this test looks for them
    oversize = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := module_lines(path)) > MAX_MODULE_LINES
    }
    offenders = [f"{name}: {lines} lines" for name, lines in sorted(oversize.items()) if name not in OVERSIZE_ALLOWED]
    assert not offenders, f"modules over {MAX_MODULE_LINES} lines (split them):\n" + "\n".join(offenders)


def test_the_line_cap_counts_lines_as_wc_does(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("a = 1\n" * MAX_MODULE_LINES + "b = 2", encoding="utf-8")  # no final newline: wc -l says 400
    assert module_lines(sample) == MAX_MODULE_LINES
