from __future__ import annotations

from pytestqt.qtbot import QtBot

from core.credentials import AccessKeys, KeyringStore, load_access_keys, save_access_keys
from gui.widgets.credentials_dialog import CredentialsDialog
from tests.fixtures.keyring import DictKeyring

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
