"""The local Neo4j's prerequisites: a Java runtime >= 17 and Neo4j's jars, resolved by Maven from
`neo4j/pom.xml` into `neo4j/target` (git-ignored) together with the compiled launcher.

`python -m graph.neo4j_install` is the set-up step (`scripts/bootstrap.sh` runs it when Maven is
there): quiet and quick when the installation matches the pom, otherwise `mvn package`. It records
every jar's size and SHA-256 in `neo4j/target/installed.json`; a start checks the sizes (cheap), the
set-up checks the hashes too, so a damaged jar is found and reinstalled.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POM = REPO / "neo4j" / "pom.xml"
DEFAULT_TARGET = REPO / "neo4j" / "target"
LAUNCHER_JAR = "innograph-neo4j.jar"
LAUNCHER_CLASS = "org.innograph.neo4j.Launcher"
MANIFEST = "installed.json"
MIN_JAVA = 17


class Neo4jNotInstalled(RuntimeError):
    """The local Neo4j cannot run here; the message names the cause and the fix."""


@dataclass(frozen=True)
class JavaRuntime:
    path: str
    version: str

    @property
    def major(self) -> int:
        return java_major(self.version)


@dataclass(frozen=True)
class Installation:
    """Installed jars that match the pom, and the Java that runs them."""

    java: JavaRuntime
    target: Path
    neo4j_version: str

    @property
    def classpath(self) -> str:
        return f"{self.target / LAUNCHER_JAR}{os.pathsep}{self.target / 'lib' / '*'}"


def pinned_version(pom: Path = POM) -> str:
    """The Neo4j version `neo4j/pom.xml` pins (also the docker-compose image's)."""
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom.read_text(encoding="utf-8"))
    if not match:
        raise Neo4jNotInstalled(f"{pom} pins no <neo4j.version>")
    return match.group(1).strip()


def java_major(version: str) -> int:
    head = version.split(".")
    try:
        major = int(re.match(r"\d+", head[0]).group())  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        return 0
    return int(head[1]) if major == 1 and len(head) > 1 else major  # "1.8.0" is Java 8


def _java_version(java: str) -> str | None:
    home = Path(os.path.realpath(java)).parent.parent
    try:  # a JDK's `release` file: no JVM start (a CLI command must stay fast)
        match = re.search(r'^JAVA_VERSION="([^"]+)"', (home / "release").read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1)
    except OSError:
        pass
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "([^"]+)"', done.stderr + done.stdout)
    return match.group(1) if match else None


def find_java(env: dict[str, str] | None = None) -> JavaRuntime:
    """JAVA_HOME's java, else the one on PATH, if it is Java >= 17; Neo4jNotInstalled otherwise."""
    environment: Mapping[str, str] = os.environ if env is None else env
    java_home = environment.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java", path=environment.get("PATH"))
    if not java or not os.access(java, os.X_OK):
        where = f"JAVA_HOME={java_home} has no bin/java" if java_home else "no `java` on PATH"
        raise Neo4jNotInstalled(
            f"Java is missing ({where}): install Java {MIN_JAVA}+ (Debian: apt-get install openjdk-17-jre-headless) "
            "or set JAVA_HOME"
        )
    version = _java_version(java)
    if version is None:
        raise Neo4jNotInstalled(f"{java} does not say its version: point JAVA_HOME at a Java {MIN_JAVA}+ runtime")
    if java_major(version) < MIN_JAVA:
        raise Neo4jNotInstalled(
            f"Java {version} at {java} is too old: Neo4j 5.26 needs Java {MIN_JAVA}+; install openjdk-17 "
            "and set JAVA_HOME to it"
        )
    return JavaRuntime(java, version)


def _bootstrap_hint() -> str:
    return "run `bash scripts/bootstrap.sh` (it resolves them with Maven from neo4j/pom.xml)"


def read_manifest(target: Path) -> dict[str, object] | None:
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None  # valid JSON but not an object: no manifest


def check_jars(target: Path, *, hashes: bool = False) -> str:
    """The installed Neo4j version when `target` holds a complete installation; Neo4jNotInstalled otherwise."""
    manifest = read_manifest(target)
    if manifest is None:
        raise Neo4jNotInstalled(f"the local Neo4j's jars are not installed in {target}: {_bootstrap_hint()}")
    version = str(manifest.get("neo4j_version"))
    if POM.exists() and version != pinned_version():
        raise Neo4jNotInstalled(
            f"the jars in {target} are Neo4j {version} but neo4j/pom.xml pins {pinned_version()}: {_bootstrap_hint()}"
        )
    jars: dict[str, list[object]] = manifest.get("jars", {})  # type: ignore[assignment]
    for name, (size, digest) in sorted(jars.items()):
        path = target / name
        try:
            damaged = path.stat().st_size != size or (hashes and _sha256(path) != digest)
        except OSError:
            raise Neo4jNotInstalled(f"a Neo4j jar is missing ({path}): {_bootstrap_hint()}") from None
        if damaged:
            raise Neo4jNotInstalled(f"a Neo4j jar is damaged ({path}): {_bootstrap_hint()}")
    return version


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def installation(target: Path | None = None, env: dict[str, str] | None = None) -> Installation:
    """Java and the jars, checked (sizes only: quick enough for every start)."""
    target = Path(target or DEFAULT_TARGET).resolve()
    version = check_jars(target)
    return Installation(find_java(env), target, version)


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def _sources_digest() -> str:
    digest = hashlib.sha256(POM.read_bytes())
    for source in sorted((POM.parent / "src").rglob("*.java")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def install(target: Path | None = None, *, maven_args: list[str] | None = None, quiet: bool = True) -> str:
    """Resolve the jars and compile the launcher with Maven unless the installation is complete and
    current; the Neo4j version installed. Neo4jNotInstalled (one line) when Maven fails."""
    target = Path(target or DEFAULT_TARGET).resolve()
    manifest = read_manifest(target)
    intact = False
    if manifest is not None:
        try:
            check_jars(target, hashes=True)
            intact = manifest.get("pom") == _pom_digest()
        except Neo4jNotInstalled:
            pass  # damaged or missing: install again below
        if intact and manifest.get("sources") == _sources_digest():
            return str(manifest["neo4j_version"])
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jNotInstalled("Maven (`mvn`) is not installed: install it (Debian: apt-get install maven)")
    if not intact:
        # Maven keeps a newer file even when it is damaged, and a jar of another version would stay
        # on the classpath: start the folder afresh. (Only the launcher changed: keep the jars, which
        # servers running now still read.)
        shutil.rmtree(target / "lib", ignore_errors=True)
        (target / MANIFEST).unlink(missing_ok=True)
    command = [mvn, "-B", "-f", str(POM), f"-DbuildDirectory={target}", *(["-q"] if quiet else []),
               *(maven_args or []), "package"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise Neo4jNotInstalled(_maven_failure(done.stdout + done.stderr))
    jars = {str(p.relative_to(target)): [p.stat().st_size, _sha256(p)]
            for p in [target / LAUNCHER_JAR, *sorted((target / "lib").glob("*.jar"))]}
    version = pinned_version()
    record = {"neo4j_version": version, "pom": _pom_digest(), "sources": _sources_digest(), "jars": jars}
    (target / MANIFEST).write_text(json.dumps(record, indent=1), encoding="utf-8")
    return version


def _maven_failure(output: str) -> str:
    lines = [line.removeprefix("[ERROR] ").strip() for line in output.splitlines() if "ERROR" in line]
    first = next((line for line in lines if line), output.strip().splitlines()[-1] if output.strip() else "")
    if re.search(r"Could not (transfer|resolve)|Unknown host|Connection refused|Network is unreachable|timed out",
                 output):
        return (f"Maven could not download the Neo4j jars (Maven Central unreachable?): {first[:300]}; "
                "check the network or Maven's proxy settings (~/.m2/settings.xml) and run the set-up again")
    return f"Maven failed to build the local Neo4j: {first[:300]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.neo4j_install", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check Java and the installed jars")
    parser.add_argument("--target", type=Path, default=None)
    args, maven_args = parser.parse_known_args(argv)
    try:
        if args.check:
            found = installation(args.target)
            check_jars(found.target, hashes=True)
            print(f"local Neo4j {found.neo4j_version} ready (Java {found.java.version} at {found.java.path})")
        else:
            find_java()
            print(f"local Neo4j {install(args.target, maven_args=maven_args)} installed in "
                  f"{Path(args.target or DEFAULT_TARGET).resolve()}")
    except Neo4jNotInstalled as exc:
        print(f"local Neo4j: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
