"""Enter AWS access keys; they go to the OS keyring and nowhere else (with no usable keyring,
and only when the user chooses it, to memory until the app closes)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.credentials import (
    AWS_ACCESS_KEY_ID,
    AccessKeys,
    CredentialStore,
    SessionStore,
    forget_access_keys,
    load_access_keys,
    save_access_keys,
)
from core.credentials.key_format import access_key_problems
from core.errors import MigrationAssistantError
from gui.widgets.field_form import FieldForm
from gui.widgets.keyring_question import ask_where_to_keep_secrets

__all__ = ["CredentialsDialog"]


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class CredentialsDialog(QDialog):
    """Access key id, secret and (for temporary keys) session token. Save checks their
    format next to each field, then keeps them in the keyring; "Forget these keys" deletes
    them from it. A keyring problem is shown in the dialog, which stays open.

    Attributes:
        key_id, secret, token: the fields.
        fields: their form, with a message line under each.
        problem: a line for what is not about one field (the keyring refused).
        stored: what is stored now ("No access keys are stored.").
        forget: the "Forget these keys" button.
    """

    def __init__(self, store: CredentialStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("AWS access keys")
        self.setObjectName("credentialsDialog")
        self.store = store
        self.key_id = QLineEdit()
        self.key_id.setObjectName("access-key-id")
        self.key_id.setPlaceholderText("AKIA… or ASIA…")
        self.secret = _secret_field("secret-access-key")
        self.token = _secret_field("session-token")
        self.token.setPlaceholderText("Only for temporary keys (ASIA…)")
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.stored = QLabel()
        self.stored.setObjectName("storedKeys")
        self.stored.setWordWrap(True)
        intro = QLabel(
            "Keys are kept in your operating system's keyring, never in a file. "
            "Prefer an AWS profile with single sign-on when your organisation has one."
        )
        intro.setWordWrap(True)
        self.fields = FieldForm()
        self.fields.add_field("Access key ID", "access_key_id", self.key_id)
        self.fields.add_field("Secret access key", "secret_access_key", self.secret)
        self.fields.add_field(
            "Session token",
            "session_token",
            self.token,
            "Keys from your organisation's AWS access portal or from aws sts come with one.",
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.forget = QPushButton("Forget these keys")
        self.forget.setObjectName("forget-keys")
        self.forget.setAccessibleName("Forget the stored access keys")
        buttons.addButton(self.forget, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.forget.clicked.connect(self.forget_keys)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stored)
        layout.addLayout(self.fields)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._show_stored()

    def _show_stored(self) -> None:
        try:
            keys = load_access_keys(self.store)
        except MigrationAssistantError as error:
            keys = None
            self._show_problem(error.plain())
        if keys is None:
            self.stored.setText("No access keys are stored.")
        else:
            token = " with a session token" if keys.session_token else ""
            self.stored.setText(f"Stored now: key {keys.access_key_id}{token}.")
            self.key_id.setText(keys.access_key_id)
        self.forget.setEnabled(keys is not None)

    def save(self) -> None:
        keys = AccessKeys(
            self.key_id.text().strip(), self.secret.text().strip(), self.token.text().strip()
        )
        problems = access_key_problems(keys)
        self.fields.show_problems(problems)
        self.problem.hide()
        if problems:
            return
        store = self.store
        if isinstance(store, SessionStore) and store.needs_choice(AWS_ACCESS_KEY_ID):
            problem = store.problem()
            assert problem is not None, "needs_choice() means the keyring has a problem"
            box, memory = ask_where_to_keep_secrets(self, problem, "Cancel")
            box.finished.connect(lambda _: self._keys_answered(box.clickedButton() is memory, keys))
            return
        self._store(keys)

    def _keys_answered(self, in_memory: bool, keys: AccessKeys) -> None:
        if not in_memory:
            self._show_problem("Not saved: there is no keyring to keep the keys in.")
            return
        assert isinstance(self.store, SessionStore)
        self.store.keep_in_memory()
        self._store(keys)

    def _store(self, keys: AccessKeys) -> None:
        try:
            save_access_keys(self.store, keys)
        except MigrationAssistantError as error:
            self._show_problem(error.plain())
            return
        self.secret.clear()
        self.token.clear()
        self.accept()

    def forget_keys(self) -> None:
        try:
            forget_access_keys(self.store)
        except MigrationAssistantError as error:
            self._show_problem(error.plain())
            return
        self.key_id.clear()
        self.secret.clear()
        self.token.clear()
        self.fields.show_problems({})
        self.problem.hide()
        self._show_stored()
        self.stored.setText(
            "The access keys were deleted from the keyring. Enter new ones, or connect "
            "with a profile."
        )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
