"""One keyring name per MySQL login, whichever flow saves or reads it (core.database.passwords)."""

from __future__ import annotations

from core.credentials import InMemoryStore, database_password_name
from core.database import (
    SOURCE_PASSWORD_ENV,
    TARGET_PASSWORD_ENV,
    find_password,
    password_name,
    rds_password_name,
    save_password,
    saved_password,
)
from core.flows.endpoints import (
    EndpointSpec,
    EndpointType,
    endpoint_password,
    validate_endpoint_spec,
)

USER, HOST, PORT = "dms_user", "db1.example.com", 3306
LOGIN_NAME = "db-password:mysql:dms_user@db1.example.com:3306"
PASSWORD = "Source-secret1"


def endpoint(endpoint_type: EndpointType, password_name: str = "") -> EndpointSpec:
    """What the Endpoints wizard's pages and the guided migration's plan build."""
    return EndpointSpec(
        f"{endpoint_type.value}-mysql", endpoint_type, HOST, USER, password_name, port=PORT
    )


def test_every_flow_names_a_login_alike() -> None:
    names = {
        # Check source, Validate (LoginFields) and the preflight/validate commands.
        "password_name": password_name(USER, HOST, PORT),
        "save_password": save_password(InMemoryStore(), USER, HOST, PORT, PASSWORD),
        # The Endpoints wizard's source page and the guided migration's source endpoint.
        "source endpoint": validate_endpoint_spec(endpoint(EndpointType.SOURCE)).password_name,
        # The Endpoints wizard's target typed by hand.
        "manual target": validate_endpoint_spec(endpoint(EndpointType.TARGET)).password_name,
    }
    assert names == dict.fromkeys(names, LOGIN_NAME)


def test_a_password_saved_by_one_flow_is_found_by_every_other() -> None:
    store = InMemoryStore()
    save_password(store, USER, HOST, PORT, PASSWORD)

    assert saved_password(store, USER, HOST, PORT) == PASSWORD
    assert endpoint_password(store, validate_endpoint_spec(endpoint(EndpointType.SOURCE)))
    for variable in (SOURCE_PASSWORD_ENV, TARGET_PASSWORD_ENV):
        assert find_password(variable, USER, HOST, PORT, store=store, environ={}) == PASSWORD
    # Another port is another login.
    assert saved_password(store, USER, HOST, 3307) is None


def test_a_password_under_an_old_endpoint_name_moves_to_the_login_name() -> None:
    for old_scope in ("onprem", "manual"):
        store = InMemoryStore()
        old = database_password_name(old_scope, f"{USER}@{HOST}")
        store.set(old, PASSWORD)

        assert find_password(SOURCE_PASSWORD_ENV, USER, HOST, PORT, store=store, environ={}) == (
            PASSWORD
        )
        assert store.get(LOGIN_NAME) == PASSWORD
        assert store.get(old) is None


def test_the_login_name_wins_over_an_old_one() -> None:
    store = InMemoryStore()
    store.set(database_password_name("onprem", f"{USER}@{HOST}"), "old-password")
    save_password(store, USER, HOST, PORT, PASSWORD)

    assert saved_password(store, USER, HOST, PORT) == PASSWORD


def test_an_rds_target_is_found_by_its_master_password_else_by_its_login() -> None:
    rds_name = rds_password_name("sandbox", "books-db")
    assert rds_name == database_password_name("sandbox", "books-db")  # the ledger's name
    target = validate_endpoint_spec(endpoint(EndpointType.TARGET, rds_name))
    assert target.password_name == rds_name
    store = InMemoryStore()
    assert endpoint_password(store, target) is None

    save_password(store, USER, HOST, PORT, "typed-for-the-login")
    assert endpoint_password(store, target) == "typed-for-the-login"
    store.set(rds_name, "master-password")
    assert endpoint_password(store, target) == "master-password"
