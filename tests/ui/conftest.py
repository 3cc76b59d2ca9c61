"""End-to-end UI fixtures: synthetic data in the module's database, the API on a loopback port, Chromium.

The API runs in a uvicorn thread against the test session's embedded database, loaded with the
synthetic generator's patents and the shipped chains (Chinese names, Jiangsu cities). The browser is
Debian's Chromium (`/usr/bin/chromium`, or INNOGRAPH_CHROMIUM) driven by Playwright. Without
Chromium, Playwright or a built UI the tests skip, saying why; under CI (CI=true) they fail instead,
because CI's set-up (scripts/bootstrap.sh) installs all three.

Screenshots of each view go to bench/screenshots/ when INNOGRAPH_SCREENSHOTS=1.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth import ApiKeyStore, Role
from api.routers.ui import ui_dist
from core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "bench" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must have it: scripts/bootstrap.sh sets it up)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    configured = os.environ.get("INNOGRAPH_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ui_data(graph, tmp_path_factory: pytest.TempPathFactory):
    """The module's database with synthetic patents classified into the shipped chains."""
    from extract.chains import load_chains
    from demo_data.patents import generate_cnipa_csv
    from graph.ingest.chains import load_chains_into_graph
    from graph.ingest.patents import PatentLoader
    from graph.writer import GraphWriter

    tmp = tmp_path_factory.mktemp("ui-data")
    csv = tmp / "synthetic.csv"
    generate_cnipa_csv(csv, 600, seed=11)
    chains = load_chains()
    writer = GraphWriter(graph.driver, graph.database)
    load_chains_into_graph(writer, chains)
    PatentLoader(writer, batch_size=300, chains=chains).load([csv])
    return graph


class Server:
    def __init__(self, url: str, key: str, graph) -> None:
        self.url = url
        self.key = key
        self.graph = graph

    def gql(self, query: str, variables: dict | None = None) -> dict:
        r = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables or {}},
                       headers={"Authorization": f"Bearer {self.key}"}, timeout=60)
        r.raise_for_status()
        body = r.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]


@contextlib.contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The API for `settings` on a free loopback port in a uvicorn thread; yields its base URL."""
    import uvicorn

    from api.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name=f"ui-test-api-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 90
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=30)


def _settings(ui_data, data_dir: Path, **overrides) -> Settings:
    return ui_data.settings(data_dir=data_dir, query_timeout_s=30.0, **overrides)


@pytest.fixture(scope="module")
def server(ui_data, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API (auth on, one reader key) on a free loopback port, in a uvicorn thread."""
    data_dir = tmp_path_factory.mktemp("ui-api")
    key = ApiKeyStore(data_dir / "api-keys.json").create("ui-test", Role.READER)
    with serve(_settings(ui_data, data_dir)) as url:
        yield Server(url, key, ui_data)


@pytest.fixture(scope="module")
def local_server(ui_data, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API as `innograph demo run` serves it: auth off, loopback only, no key needed."""
    with serve(_settings(ui_data, tmp_path_factory.mktemp("ui-local"), auth=False)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (never a Playwright-downloaded browser)."""
    executable = chromium_path()
    if executable is None:
        _missing("Chromium is not installed (apt-get install -y chromium, or set INNOGRAPH_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright Python package is not installed (pip install playwright)")
    if not (ui_dist() / "index.html").is_file():
        _missing(f"the web UI is not built in {ui_dist()} (bash scripts/build_ui.sh)")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="innograph-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1440, "height": 900}, locale="en-US",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser, server: Server):
    """A fresh tab with the reader key in localStorage, as the header form leaves it."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(f"{server.url}/ui/")
    tab.evaluate("([k]) => { localStorage.setItem('innograph.apiKey', k); localStorage.setItem('innograph.lang', 'en'); }", [server.key])
    tab.reload()  # the page starts in English whatever language an earlier test left in the shared profile
    tab.errors = errors  # type: ignore[attr-defined]
    yield tab
    tab.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page, name: str) -> None:
    """Save a screenshot under bench/screenshots/ when INNOGRAPH_SCREENSHOTS=1."""
    if os.environ.get("INNOGRAPH_SCREENSHOTS", "") not in ("", "0", "false"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
