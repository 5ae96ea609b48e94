"""Start the GUI: pick the store, show the window; --selftest and --screenshot for smoke tests and docs."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kkrdesk.errors import UserError
from kkrdesk.paths import resource_path, ui_path


def make_app() -> QApplication:
    # Qt's raster engine hands every fill of 96+ spans to a thread pool and waits; for tables and forms the
    # hand-off costs more than the fill (bench/bigstore.py: a search keystroke's repaint 4.4 → 2.0 ms on two
    # cores). Read once, so before the first paint; a user's own setting wins.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("KKR Desk")
    app.setOrganizationName("KL")
    app.setWindowIcon(QIcon(str(resource_path("icons", "kkrdesk.png"))))
    # Qt's own buttons and dialogs (OK/Annuller, file dialogs) in Danish too.
    from kkrdesk.gui.translations import install_danish

    if not getattr(app, "_kkrdesk_translators", None):
        install_danish(app)
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    style = ui_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_for_gui(db: str | None, demo: bool):
    """--db or KKRDESK_DB if given; else the store used last; else the default store if it exists; on the very
    first start the demo store, so a new user sees the program with data (Filer › Ny database starts for real)."""
    if db is None and not demo and not os.environ.get("KKRDESK_DB"):
        from kkrdesk.gui.settings import settings
        from kkrdesk.store import default_store_path, is_url

        last = settings().value("store/last")
        if last and is_url(last):  # the shared store: its password from the system keyring, if kept there
            from kkrdesk import credentials

            db = credentials.with_password(last, credentials.recall(last))
        elif last and Path(last).exists():
            db = last
        elif default_store_path().exists():
            db = str(default_store_path())
        else:
            demo = True
    if demo:
        from kkrdesk.services.demo import open_demo_store

        return open_demo_store(Path(db) if db else None)
    from kkrdesk.store import open_store

    return open_store(db)


def check_window(window) -> list[str]:
    """What a support call needs: four tabs with tables, a sound store. Returns the problems found."""
    from kkrdesk.gui.main_window import TAB_TITLES

    problems = []
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    if titles != list(TAB_TITLES):
        problems.append(f"Fanerne er {titles}, ventede {list(TAB_TITLES)}")
    for tab in window.tab_widgets():
        if tab.table.model() is None:
            problems.append(f"{type(tab).__name__} har ingen tabel")
    result = window.store.check()
    if not result.ok:
        problems.append("Databasen fejler integritetstjek: " + "; ".join(result.integrity + result.foreign_keys))
    return problems


def install_error_dialogs(window) -> None:
    """An exception no slot caught (Qt would print its traceback and go on) becomes a Danish message box: a
    UserError as it is, anything else as a short sentence with the details in the log file."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from kkrdesk import crashlog

        if isinstance(exc, UserError):
            QMessageBox.warning(window, "KKR Desk", str(exc))
        else:
            QMessageBox.critical(window, "KKR Desk", crashlog.message(exc.with_traceback(tb)))

    sys.excepthook = hook


def run_gui(db: str | None = None, demo: bool = False, selftest: bool = False,
            screenshot: str | None = None) -> int:
    app = make_app()
    from kkrdesk.gui.main_window import MainWindow

    window = MainWindow()
    install_error_dialogs(window)
    bench = os.environ.get("KKRDESK_BENCH_SHOWN")  # bench/startup.py: report when the window is on screen
    if not (selftest or screenshot):
        window.show()
        app.processEvents()
        if bench:
            print(f"shown {time.time():.6f}", flush=True)
    try:
        store = open_for_gui(db, demo)
    except UserError as exc:
        if selftest or screenshot:
            print(f"Fejl: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(window, "KKR Desk", str(exc))
        return 1
    window.set_store(store)
    window.show()
    app.processEvents()  # the first paint: the rows come from sqlite3, before SQLAlchemy is imported
    if bench:
        print(f"loaded {time.time():.6f}", flush=True)
    warm = window.warm_up_in_background()
    if bench:
        warm.join()
        print(f"ready {time.time():.6f}", flush=True)
        window.close()
        return 0
    if selftest:
        app.processEvents()
        problems = check_window(window)
        for p in problems:
            print(f"Selvtest: {p}", file=sys.stderr)
        if not problems:
            counts = ", ".join(f"{window.tabs.tabText(i)}: {t.table.model().rowCount()}"
                               for i, t in enumerate(window.tab_widgets()))
            print(f"Selvtest i orden ({store}; {counts})")
        window.close()
        return 1 if problems else 0
    if screenshot:
        window.resize(1280, 760)

        def grab():
            window.grab().save(screenshot)
            window.close()

        QTimer.singleShot(300, grab)
    return app.exec()
