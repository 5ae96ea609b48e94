"""Every test gets a fresh temporary store and the offscreen Qt platform; nothing touches the user's files.

`pytest --backend=postgresql` runs the tests that use a store (the `store` and `demo_store` fixtures, and
tests/pg) on a real PostgreSQL server named by KKRDESK_TEST_PG (a URL to a database the tests may use to create
and drop others, e.g. postgresql://postgres@127.0.0.1:5432/postgres; .ci/run starts a throw-away server). Each
test gets a database of its own, copied from a template made once per run. Tests that are SQLite-only by nature
(PRAGMAs, file copies, FTS5 internals) carry the `sqlite_only` marker and are skipped there with the reason.
"""

from __future__ import annotations

import itertools
import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "KKRDESK_TEST_PG"
STORE_FIXTURES = {"store", "demo_store", "pg_server", "pg_only"}


def pytest_addoption(parser):
    parser.addoption("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                     help="the engine of the store fixtures (postgresql needs KKRDESK_TEST_PG)")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): a test of SQLite itself; skipped on PostgreSQL")


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL only the tests that use a store run: the rest does not depend on the engine and has run in
    the SQLite pass already."""
    if config.getoption("--backend") != "postgresql":
        return
    keep, drop = [], []
    for item in items:
        (keep if STORE_FIXTURES & set(getattr(item, "fixturenames", ())) else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


def pytest_runtest_setup(item):
    if item.config.getoption("--backend") == "postgresql":
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            pytest.skip(f"SQLite-only: {marker.args[0] if marker.args else marker.kwargs.get('reason', '')}")


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("KKRDESK_DB", str(tmp_path / "default.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("KKRDESK_LOG_DIR", str(tmp_path / "log"))
    # A path that was None (store.path on PostgreSQL) once made a SQLite store called "None" in the working
    # folder, unnoticed for weeks: name the test that does it.
    stray = os.path.join(os.getcwd(), "None")
    existed = os.path.exists(stray)
    yield
    if not existed and os.path.exists(stray):
        pytest.fail(f"the test made a file called None in {os.getcwd()}: a path given as None")


@pytest.fixture(scope="session")
def backend(request) -> str:
    return request.config.getoption("--backend")


# -- PostgreSQL: one server, a database per test -----------------------------------------------------------------


class PgServer:
    """Creates and drops databases on the test server (through its maintenance database)."""

    def __init__(self, url: str):
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self._names = itertools.count()

    def url_for(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def _admin(self):
        import psycopg

        return psycopg.connect(self.url.set(drivername="postgresql").render_as_string(hide_password=False),
                               autocommit=True)

    def create(self, template: str | None = None) -> str:
        name = f"kkrdesk_test_{os.getpid()}_{next(self._names)}"
        with self._admin() as con:
            con.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        with self._admin() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_later(self, name: str) -> None:
        """Drop a test's database a few tests later: a worker thread a GUI test left running may still be
        finishing with it (on SQLite its file simply stays in tmp_path)."""
        self.spent.append(name)
        while len(self.spent) > 3:
            self.drop(self.spent.pop(0))


@pytest.fixture(scope="session")
def pg_server(request):
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} to a postgresql:// URL (.ci/run starts one)")
    server = PgServer(url)
    server.made, server.spent = [], []
    yield server
    for name in server.spent + server.made:
        server.drop(name)


@pytest.fixture(scope="session")
def _pg_templates(pg_server):
    """An empty store at head and the demo store, each made once; tests copy them (CREATE DATABASE … TEMPLATE)."""
    from kkrdesk.services.demo import load_demo
    from kkrdesk.store import open_store

    templates = {}
    for kind in ("empty", "demo"):
        name = pg_server.create()
        pg_server.made.append(name)
        s = open_store(pg_server.url_for(name))
        if kind == "demo":
            load_demo(s)
        s.close()
        templates[kind] = name
    return templates


@pytest.fixture
def pg_url(pg_server, _pg_templates):
    """A fresh database holding an empty store at head."""
    name = pg_server.create(_pg_templates["empty"])
    yield pg_server.url_for(name)
    pg_server.drop_later(name)


@pytest.fixture
def pg_demo_url(pg_server, _pg_templates):
    """A fresh database holding the demo store."""
    name = pg_server.create(_pg_templates["demo"])
    yield pg_server.url_for(name)
    pg_server.drop_later(name)


@pytest.fixture
def pg_only(backend):
    if backend != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (pytest --backend=postgresql)")


# -- the stores every test uses ----------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path, backend, request):
    from kkrdesk.store import open_store

    location = request.getfixturevalue("pg_url") if backend == "postgresql" else tmp_path / "test.sqlite"
    s = open_store(location)
    s.enable_undo()  # exactly as the window opens a store: every service runs with the undo bookkeeping on
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    """The demo store is built once per run; each test gets its own copy."""
    from kkrdesk.services.demo import load_demo
    from kkrdesk.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    s = open_store(path)
    load_demo(s)
    with s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return path


@pytest.fixture
def demo_store(tmp_path, backend, request):
    from kkrdesk.store import open_store

    if backend == "postgresql":
        location = request.getfixturevalue("pg_demo_url")
    else:
        location = tmp_path / "demo.sqlite"
        shutil.copyfile(request.getfixturevalue("_demo_template"), location)
    s = open_store(location)
    s.enable_undo()  # as the window opens it
    yield s
    s.close()
