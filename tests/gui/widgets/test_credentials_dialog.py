from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from core.credentials import (
    AWS_ACCESS_KEY_ID,
    AccessKeys,
    KeyringStore,
    SessionStore,
    load_access_keys,
    save_access_keys,
)
from gui.widgets.credentials_dialog import CredentialsDialog
from tests.fixtures.keyring import DictKeyring, NoKeyring

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def _dialog(qtbot: QtBot) -> CredentialsDialog:
    dialog = CredentialsDialog(KeyringStore())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_temporary_keys_need_their_token_and_keep_it_in_the_keyring(
    qtbot: QtBot, dict_keyring: DictKeyring
) -> None:
    dialog = _dialog(qtbot)
    dialog.key_id.setText("ASIAIOSFODNN7EXAMPLE")
    dialog.secret.setText(SECRET)
    dialog.save()
    assert dialog.fields.shown() == {
        "session_token": "Temporary keys (ASIA…) need their session token. Paste the session "
        "token given with the keys (AWS_SESSION_TOKEN in a portal's 'command line access' "
        "text)."
    }
    assert dialog.isVisible() and dict_keyring.secrets == {}
    dialog.token.setText("FwoGZXIvYXdzEJr")
    dialog.save()
    assert not dialog.isVisible()
    assert load_access_keys(KeyringStore()) == AccessKeys(
        "ASIAIOSFODNN7EXAMPLE", SECRET, "FwoGZXIvYXdzEJr"
    )
    assert dialog.token.text() == ""


def test_forget_these_keys_deletes_them_from_the_keyring_and_says_so(
    qtbot: QtBot, dict_keyring: DictKeyring
) -> None:
    save_access_keys(KeyringStore(), AccessKeys("ASIAIOSFODNN7EXAMPLE", SECRET, "FwoGZXIv"))
    dialog = _dialog(qtbot)
    assert dialog.stored.text() == "Stored now: key ASIAIOSFODNN7EXAMPLE with a session token."
    assert dialog.key_id.text() == "ASIAIOSFODNN7EXAMPLE"

    dialog.forget.click()

    assert dict_keyring.secrets == {}
    assert "deleted from the keyring" in dialog.stored.text()
    assert not dialog.forget.isEnabled()
    assert dialog.key_id.text() == ""
    assert dialog.isVisible()


def _without_keyring(qtbot: QtBot) -> tuple[CredentialsDialog, SessionStore]:
    store = SessionStore(KeyringStore(), in_sandbox=lambda: False)
    dialog = CredentialsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.key_id.setText("AKIAIOSFODNN7EXAMPLE")
    dialog.secret.setText(SECRET)
    dialog.save()
    return dialog, store


def _question(dialog: CredentialsDialog, qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "keyringQuestion") is not None)
    box = dialog.findChild(QMessageBox, "keyringQuestion")
    assert isinstance(box, QMessageBox) and box.isVisible()
    return box


def test_without_a_keyring_the_keys_stay_in_memory_only_when_the_user_chooses(
    qtbot: QtBot, no_keyring: NoKeyring
) -> None:
    dialog, store = _without_keyring(qtbot)
    box = _question(dialog, qtbot)
    assert load_access_keys(store) is None
    button = box.findChild(QPushButton, "keep-in-memory")
    assert isinstance(button, QPushButton)
    button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert load_access_keys(store) == AccessKeys("AKIAIOSFODNN7EXAMPLE", SECRET, "")
    assert store.in_memory(AWS_ACCESS_KEY_ID)


def test_without_a_keyring_refusing_memory_saves_nothing_and_says_so(
    qtbot: QtBot, no_keyring: NoKeyring
) -> None:
    dialog, store = _without_keyring(qtbot)
    box = _question(dialog, qtbot)
    button = box.findChild(QPushButton, "refuse-memory")
    assert isinstance(button, QPushButton) and button.text() == "Cancel"
    button.click()
    qtbot.waitUntil(dialog.problem.isVisible, timeout=5_000)
    assert dialog.problem.text() == "Not saved: there is no keyring to keep the keys in."
    assert dialog.isVisible()
    assert load_access_keys(store) is None
