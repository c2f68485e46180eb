"""Signing in to IAM Identity Center as ``aws sso login`` does: the OAuth device flow.

``SsoLogin.sign_in`` registers a client (or reuses the cached registration), starts device
authorization, hands the code to show to ``on_code``, and polls CreateToken at the interval
AWS asks for (five seconds slower after each SlowDown) until the user approves in the
browser; the token goes to the cache the CLI reads. ``refresh`` renews an expired token with
its refresh token, without the browser. Waits go through a ``Clock`` (tests use a fake one).
The calls are unsigned and carry secrets (client secret, device code, tokens), so they are
logged by name only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import botocore.config
import botocore.exceptions
from botocore import UNSIGNED

from core.aws.connection import Connection
from core.aws.error_mapping import map_aws_error
from core.aws.polling import Clock, RealClock
from core.aws.sessions import new_session
from core.aws.sso import (
    SsoProfile,
    TokenState,
    format_utc,
    parse_utc,
    read_token,
    sign_in_required,
    sso_profile,
    token_state,
    write_token,
)
from core.errors import AccessDenied, InvalidCredentials, NoCredentials
from core.settings import ConnectionMode

__all__ = ["DeviceCode", "SsoLogin", "require_signed_in", "sign_in_needed"]

log = logging.getLogger("migration_assistant.aws")

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
REFRESH_GRANT = "refresh_token"
SLOW_DOWN_STEP = 5.0
# RFC 8628: the interval when the authorization names none.
DEFAULT_INTERVAL = 5.0
CLIENT_NAME = "migration-assistant"
# A registration about to end is not reused: the user could not finish signing in with it.
REUSE_MARGIN = timedelta(hours=1)


@dataclass(frozen=True)
class DeviceCode:
    """What the user needs to approve the sign-in in a browser.

    Attributes:
        verification_uri: the page to open (it asks for ``user_code``).
        verification_uri_complete: the same page with the code filled in.
        user_code: the code to compare (or type) in the browser.
        expires_at: ``Clock.now()`` time after which the code is no good.
        expires_in: seconds the code was valid for when it was issued.
    """

    verification_uri: str
    verification_uri_complete: str
    user_code: str
    expires_at: float
    expires_in: float


def denied(profile: SsoProfile) -> AccessDenied:
    return AccessDenied(
        "The sign-in was denied in the browser.",
        f"Press Sign in again and choose Allow on the page that opens, or run "
        f"{profile.login_command()}. If you did allow it, ask your administrator whether "
        "your user may use this start URL.",
        code="AccessDeniedException",
        operation="sso-oidc create-token",
    )


def expired(profile: SsoProfile) -> InvalidCredentials:
    return InvalidCredentials(
        "The sign-in code expired before it was approved in the browser.",
        f"Press Sign in again and approve the new code soon after it appears, or run "
        f"{profile.login_command()}.",
        code="ExpiredTokenException",
        operation="sso-oidc create-token",
    )


def _code(error: botocore.exceptions.ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class SsoLogin:
    """Sign-in and token renewal for one SSO profile.

    ``connection`` supplies the botocore settings every call shares (retries, timeouts,
    proxy); the region is the profile's ``sso_region``. The OIDC endpoint follows botocore's
    own configuration (``AWS_ENDPOINT_URL_SSO_OIDC`` included).
    """

    def __init__(
        self,
        profile: SsoProfile,
        connection: Connection | None = None,
        *,
        clock: Clock | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.profile = profile
        self._connection = connection
        self._clock = clock or RealClock()
        self._now = now
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            config = botocore.config.Config(region_name=self.profile.sso_region)
            if self._connection is not None:
                config = self._connection.botocore_config().merge(config)
            config = config.merge(botocore.config.Config(signature_version=UNSIGNED))
            # The profile's own session: its ca_bundle and endpoint settings apply too.
            session = new_session(profile=self.profile.profile)
            # The CA bundle of Edit > Settings… (a TLS-inspecting proxy) when one is chosen.
            verify = self._connection.verify if self._connection is not None else None
            self._client = session.create_client("sso-oidc", config=config, verify=verify)
        return self._client

    async def _call(self, name: str, **params: Any) -> dict[str, Any]:
        operation = f"sso-oidc {name.replace('_', '-')}"
        log.info("%s (%s)", operation, self.profile.start_url)
        response: dict[str, Any] = await asyncio.to_thread(getattr(self.client(), name), **params)
        return response

    async def _checked_call(self, name: str, **params: Any) -> dict[str, Any]:
        """``_call`` with every failure as our plain error."""
        try:
            return await self._call(name, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            raise map_aws_error(error, f"sso-oidc {name.replace('_', '-')}") from error

    # -- device flow ---------------------------------------------------------------------

    async def _registration(self, reuse: bool) -> Mapping[str, Any]:
        """The client registration of the cached token while it lasts (``reuse``), else a
        new one."""
        cached = read_token(self.profile) or {}
        if reuse and cached.get("clientId") and cached.get("clientSecret"):
            with contextlib.suppress(KeyError, ValueError):
                if parse_utc(str(cached["registrationExpiresAt"])) > self._now() + REUSE_MARGIN:
                    return cached
        params: dict[str, Any] = {"clientName": CLIENT_NAME, "clientType": "public"}
        if self.profile.scopes:
            params["scopes"] = list(self.profile.scopes)
        answer = await self._checked_call("register_client", **params)
        registration_end = datetime.fromtimestamp(int(answer["clientSecretExpiresAt"]), UTC)
        return {
            "clientId": answer["clientId"],
            "clientSecret": answer["clientSecret"],
            "registrationExpiresAt": format_utc(registration_end),
        }

    async def _start(self) -> tuple[Mapping[str, Any], dict[str, Any]]:
        """A registration and a device authorization made with it. A reused registration
        AWS no longer knows (revoked) is replaced once."""
        for reuse in (True, False):
            registration = await self._registration(reuse)
            try:
                started = await self._call(
                    "start_device_authorization",
                    clientId=registration["clientId"],
                    clientSecret=registration["clientSecret"],
                    startUrl=self.profile.start_url,
                )
            except botocore.exceptions.ClientError as error:
                if reuse and _code(error) == "InvalidClientException":
                    continue
                raise map_aws_error(error, "sso-oidc start-device-authorization") from error
            except botocore.exceptions.BotoCoreError as error:
                raise map_aws_error(error, "sso-oidc start-device-authorization") from error
            return registration, started
        raise AssertionError("unreachable: the second try does not reuse")

    async def sign_in(self, on_code: Callable[[DeviceCode], None]) -> Path:
        """Sign in through the browser: ``on_code`` gets the URL and code to show; returns
        once the user approved, with the token saved in the CLI's cache (its path).
        Raises our errors: denied, expired code, AWS unreachable. Cancellable at any await."""
        registration, started = await self._start()
        expires_in = float(started["expiresIn"])
        code = DeviceCode(
            verification_uri=str(started["verificationUri"]),
            verification_uri_complete=str(
                started.get("verificationUriComplete") or started["verificationUri"]
            ),
            user_code=str(started["userCode"]),
            expires_at=self._clock.now() + expires_in,
            expires_in=expires_in,
        )
        on_code(code)
        poll = {
            "grantType": DEVICE_GRANT,
            "clientId": registration["clientId"],
            "clientSecret": registration["clientSecret"],
            "deviceCode": str(started["deviceCode"]),
        }
        interval = float(started.get("interval") or DEFAULT_INTERVAL)
        return self._save(await self._poll(code, poll, interval), registration)

    async def _poll(
        self, code: DeviceCode, params: Mapping[str, str], interval: float
    ) -> dict[str, Any]:
        """CreateToken every ``interval`` seconds until the user decided or the code ended."""
        while True:
            await self._clock.sleep(interval)
            if self._clock.now() >= code.expires_at:
                raise expired(self.profile)
            try:
                return await self._call("create_token", **params)
            except botocore.exceptions.ClientError as error:
                reason = _code(error)
                if reason == "AuthorizationPendingException":
                    continue
                if reason == "SlowDownException":
                    interval += SLOW_DOWN_STEP
                    continue
                if reason == "ExpiredTokenException":
                    raise expired(self.profile) from error
                if reason == "AccessDeniedException":
                    raise denied(self.profile) from error
                raise map_aws_error(error, "sso-oidc create-token") from error
            except botocore.exceptions.BotoCoreError as error:
                raise map_aws_error(error, "sso-oidc create-token") from error

    def _save(self, answer: Mapping[str, Any], registration: Mapping[str, Any]) -> Path:
        expires_at = self._now() + timedelta(seconds=int(answer["expiresIn"]))
        token: dict[str, Any] = {
            "startUrl": self.profile.start_url,
            "region": self.profile.sso_region,
            "accessToken": answer["accessToken"],
            "expiresAt": format_utc(expires_at),
            "clientId": registration["clientId"],
            "clientSecret": registration["clientSecret"],
            "registrationExpiresAt": registration["registrationExpiresAt"],
        }
        if answer.get("refreshToken"):
            token["refreshToken"] = answer["refreshToken"]
        path = write_token(self.profile, token)
        log.info("Signed in to %s; token cached in %s", self.profile.start_url, path)
        return path

    # -- renewal -------------------------------------------------------------------------

    def refresh_sync(self) -> Path:
        """Renew the cached token with its refresh token (CreateToken, grant
        ``refresh_token``) in this thread. Raises the sign-in-required error when AWS no
        longer accepts the refresh token."""
        token = read_token(self.profile)
        if token is None or not token.get("refreshToken"):
            state = TokenState.MISSING if token is None else TokenState.EXPIRED
            raise sign_in_required(self.profile, state)
        log.info("sso-oidc create-token --grant-type refresh_token (%s)", self.profile.start_url)
        try:
            answer = self.client().create_token(
                grantType=REFRESH_GRANT,
                clientId=token["clientId"],
                clientSecret=token["clientSecret"],
                refreshToken=token["refreshToken"],
            )
        except botocore.exceptions.ClientError as error:
            refused = sign_in_required(self.profile, TokenState.EXPIRED)
            refused.details = f"{refused.details}\nRenewal refused: {error}"
            raise refused from error
        except botocore.exceptions.BotoCoreError as error:
            raise map_aws_error(error, "sso-oidc create-token") from error
        if not answer.get("refreshToken"):
            answer = {**answer, "refreshToken": token["refreshToken"]}
        return self._save(answer, token)

    async def refresh(self) -> Path:
        return await asyncio.to_thread(self.refresh_sync)


def sign_in_needed(connection: Connection) -> tuple[SsoProfile, TokenState] | None:
    """The SSO profile of ``connection`` and its token's state when it must sign in through
    the browser; None when it need not (not SSO, signed in, or renewed just now with its
    refresh token: a network call, so call this off the event loop)."""
    if connection.mode is not ConnectionMode.PROFILE:
        return None
    profile = sso_profile(connection.profile)
    if profile is None:
        return None
    state = token_state(profile)
    if state is TokenState.REFRESHABLE:
        try:
            SsoLogin(profile, connection).refresh_sync()
        except NoCredentials as refused:
            log.info("Renewing the sign-in of %s failed: %s", profile.profile, refused.details)
        state = token_state(profile)
    return None if state is TokenState.VALID else (profile, state)


def require_signed_in(connection: Connection) -> None:
    """For the headless commands: raises the plain "sign in from the app or with aws sso
    login" error when ``connection``'s SSO profile is not signed in (and cannot renew)."""
    needed = sign_in_needed(connection)
    if needed is not None:
        raise sign_in_required(*needed)
