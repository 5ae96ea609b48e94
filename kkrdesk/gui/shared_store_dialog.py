"""Filer → Åbn fælles database …: server, port, database, user and password. The address without password is
remembered in the settings; the password goes to the system keyring, or is asked for again next time."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from kkrdesk import credentials


class SharedStoreDialog(QDialog):
    def __init__(self, parent=None, url: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Åbn fælles database")
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("fx db.kkr-hovedstaden.dk")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("kkr", self)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Husk adgangskoden i computerens nøglering", self)
        self.remember.setChecked(credentials.available())
        self.remember.setEnabled(credentials.available())
        form = QFormLayout()
        form.addRow("Server:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("Bruger:", self.user)
        form.addRow("Adgangskode:", self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        if not credentials.available():
            note = QLabel("Der er ingen nøglering på denne computer: adgangskoden gemmes ikke og spørges om "
                          "næste gang (eller læses fra ~/.pgpass).", self)
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Open).setText("Åbn")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if url:
            self.fill(url)

    def fill(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        self.host.setText(parsed.host or "")
        self.port.setValue(parsed.port or 5432)
        self.database.setText(parsed.database or "")
        self.user.setText(parsed.username or "")
        self.password.setText(credentials.recall(url) or "")

    def url(self) -> str:
        """The address without password: what is shown and remembered."""
        from sqlalchemy.engine import URL

        return URL.create("postgresql", username=self.user.text().strip() or None,
                          host=self.host.text().strip() or "localhost", port=self.port.value(),
                          database=self.database.text().strip() or None).render_as_string(hide_password=False)

    def connect_url(self) -> str:
        """The address to connect with, password included (in memory only); keeps the password if asked."""
        url = self.url()
        password = self.password.text()
        if password and self.remember.isChecked():
            credentials.remember(url, password)
        return credentials.with_password(url, password or credentials.recall(url))
