"""Who is asking: bearer API keys and JWTs, turned into a principal by Starlette's authentication middleware."""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
from starlette.authentication import AuthCredentials, AuthenticationBackend, AuthenticationError, BaseUser
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from clausegraph.settings import Settings
from domain.access import AccessRole, Principal, principal_problems
from domain.audit import SECRET_PREFIX, secret_hash
from graph import keys as key_store
from graph.database import Graph, RoundTrips
from resolvers.keys import principal_of_key

log = logging.getLogger("clausegraph.auth")

# Paths that answer without credentials: liveness, readiness, metrics, static assets of the IDE and the
# front end (which hold no data). Everything else needs a principal.
OPEN_PREFIXES = ("/health", "/ready", "/metrics", "/graphiql-assets/", "/assets/", "/favicon")
TOUCH_EVERY_SECONDS = 60.0


class PrincipalUser(BaseUser):
    """Starlette's `request.user` for an authenticated principal."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.principal.id

    @property
    def principal_id(self) -> str:
        return self.principal.id


def unauthenticated(message: str) -> Response:
    """HTTP 401 with a GraphQL-shaped error, and nothing else."""
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="clausegraph"'},
    )


def _read_key(value: str) -> str:
    """A PEM given inline, or the contents of the file it names."""
    return value if "-----BEGIN" in value else Path(value).read_text(encoding="utf-8")


class Authenticator:
    """Turns a bearer secret into a principal: the bootstrap key, a stored API key, or a signed JWT."""

    def __init__(self, settings: Settings, graph: Callable[[], Graph]) -> None:
        self.settings = settings
        self.graph = graph
        self._touched: dict[str, float] = {}
        self._jwk_client: jwt.PyJWKClient | None = None
        if settings.jwt_jwks_url:
            self._jwk_client = jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, lifespan=300)

    async def principal(self, secret: str) -> Principal:
        """The principal behind `secret`; raises AuthenticationError with a reason a client can act on."""
        bootstrap = self.settings.bootstrap_admin_key
        if bootstrap is not None and hmac.compare_digest(secret.encode(), bootstrap.get_secret_value().encode()):
            return Principal(id="bootstrap", role=AccessRole.ADMIN)
        if secret.startswith(SECRET_PREFIX):
            return await self._api_key(secret)
        if secret.count(".") == 2:
            return await self._jwt(secret)
        raise AuthenticationError("The bearer credential is neither an API key (cg_...) nor a JWT.")

    async def _api_key(self, secret: str) -> Principal:
        trips = RoundTrips()
        row = await key_store.by_secret_hash(self.graph(), trips, secret_hash(secret))
        if row is None:
            raise AuthenticationError("The API key is not known or was revoked.")
        now = time.monotonic()
        if now - self._touched.get(row["id"], -TOUCH_EVERY_SECONDS) >= TOUCH_EVERY_SECONDS:
            self._touched[row["id"]] = now
            await key_store.touch(self.graph(), trips, row["id"], datetime.now(UTC))
        return principal_of_key(row)

    async def _jwt(self, token: str) -> Principal:
        s = self.settings
        if not s.jwt_enabled:
            raise AuthenticationError("JWTs are not accepted here: no issuer, audience and key are configured.")
        try:
            if self._jwk_client is not None:
                client = self._jwk_client
                signing = await asyncio.to_thread(client.get_signing_key_from_jwt, token)
                key: Any = signing.key
            else:
                assert s.jwt_public_key is not None
                key = _read_key(s.jwt_public_key)
            claims = jwt.decode(
                token,
                key,
                algorithms=[a.strip() for a in s.jwt_algorithms.split(",") if a.strip()],
                audience=s.jwt_audience,
                issuer=s.jwt_issuer,
                leeway=s.jwt_leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(f"The JWT was refused: {exc}.") from exc
        return self._principal_of_claims(claims)

    def _principal_of_claims(self, claims: dict[str, Any]) -> Principal:
        s = self.settings
        try:
            role = AccessRole(str(claims.get(s.jwt_role_claim, "")))
        except ValueError as exc:
            raise AuthenticationError(
                f"The JWT's '{s.jwt_role_claim}' claim must be one of {', '.join(AccessRole)}."
            ) from exc
        party = claims.get(s.jwt_party_claim)
        person = claims.get(s.jwt_person_claim)
        disputes_claim = claims.get(s.jwt_disputes_claim) or []
        if not isinstance(disputes_claim, list) or not all(isinstance(d, str) for d in disputes_claim):
            raise AuthenticationError(f"The JWT's '{s.jwt_disputes_claim}' claim must be a list of dispute keys.")
        if (party is not None and not isinstance(party, str)) or (person is not None and not isinstance(person, str)):
            raise AuthenticationError("The JWT's party and person claims must be keys (strings).")
        disputes = frozenset(disputes_claim)
        problems = principal_problems(role, party, disputes)
        if problems:
            raise AuthenticationError("The JWT does not describe a principal: " + " ".join(problems))
        return Principal(id=f"jwt:{claims['sub']}", role=role, party=party, person=person, disputes=disputes)


def bearer_secret(header: str | None) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` header; None without one; raises when malformed."""
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthenticationError("Send 'Authorization: Bearer <API key or JWT>'.")
    return secret.strip()


class BearerBackend(AuthenticationBackend):
    """Starlette authentication backend: a principal for every request that presents credentials."""

    def __init__(self, authenticator: Authenticator) -> None:
        self.authenticator = authenticator

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        if conn.url.path.startswith(OPEN_PREFIXES):
            return None
        secret = bearer_secret(conn.headers.get("authorization"))
        if secret is None:
            return None
        principal = await self.authenticator.principal(secret)
        return AuthCredentials([str(principal.role)]), PrincipalUser(principal)


def on_auth_error(conn: HTTPConnection, exc: AuthenticationError) -> Response:
    return unauthenticated(str(exc))


def principal_of(conn: HTTPConnection) -> Principal | None:
    """The request's principal, or None when it presented no credentials."""
    user = conn.scope.get("user")
    return user.principal if isinstance(user, PrincipalUser) else None


ASGIScope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]


class RequirePrincipal:
    """ASGI wrapper: an HTTP request without a principal gets 401 (WebSockets authenticate on connect)."""

    def __init__(
        self,
        app: Callable[[ASGIScope, Receive, Send], Awaitable[None]],
        *,
        open_when: Callable[[HTTPConnection], bool] | None = None,
    ) -> None:
        self.app = app
        self.open_when = open_when

    async def __call__(self, scope: ASGIScope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            conn = HTTPConnection(scope)
            if principal_of(conn) is None and not (self.open_when is not None and self.open_when(conn)):
                refused = unauthenticated("Credentials are needed: send 'Authorization: Bearer <API key or JWT>'.")
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


__all__ = ["AuthenticationError", "Authenticator", "BearerBackend", "PrincipalUser", "RequirePrincipal"]
