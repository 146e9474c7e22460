"""JWT bearer tokens: signature, issuer, audience, expiry and not-before checked; claims mapped to a principal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from clausegraph.app import create_app
from clausegraph.settings import Settings
from graph.database import Graph

pytestmark = pytest.mark.e2e

ISSUER, AUDIENCE = "https://login.example.test/", "clausegraph-tests"


def _key_pair() -> tuple[rsa.RSAPrivateKey, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public.decode()


PRIVATE, PUBLIC_PEM = _key_pair()
OTHER_PRIVATE, _ = _key_pair()


@pytest.fixture(scope="module")
async def jwt_http(test_settings: Settings, seeded: Graph) -> AsyncIterator[httpx.AsyncClient]:
    settings = test_settings.model_copy(
        update={"jwt_issuer": ISSUER, "jwt_audience": AUDIENCE, "jwt_public_key": PUBLIC_PEM}
    )
    app = create_app(settings, seeded, manage_graph=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


def _token(key: Any = PRIVATE, **claims: Any) -> str:
    now = datetime.now(UTC)
    body = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "user-42",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "clausegraph_role": "VIEWER",
        "clausegraph_party": "fenwick-mutual",
        "clausegraph_person": "fm-ops-1",
        **claims,
    }
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm="RS256")


async def _viewer(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": "{ viewer { principal role party { key } person { key } } contracts { totalCount } }"},
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_a_valid_token_is_its_claims_principal(jwt_http: httpx.AsyncClient) -> None:
    response = await _viewer(jwt_http, _token())
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["viewer"] == {
        "principal": "jwt:user-42",
        "role": "VIEWER",
        "party": {"key": "fenwick-mutual"},
        "person": {"key": "fm-ops-1"},
    }
    assert data["contracts"]["totalCount"] == 1  # fenwick-mutual signed one seeded contract


@pytest.mark.parametrize(
    ("case", "token"),
    [
        ("expired", lambda: _token(exp=datetime.now(UTC) - timedelta(minutes=5))),
        ("not yet valid", lambda: _token(nbf=datetime.now(UTC) + timedelta(minutes=5))),
        ("wrong audience", lambda: _token(aud="someone-else")),
        ("wrong issuer", lambda: _token(iss="https://evil.example.test/")),
        ("signed by another key", lambda: _token(OTHER_PRIVATE)),
        ("no expiry", lambda: _token(exp=None)),
        ("unknown role", lambda: _token(clausegraph_role="SUPERUSER")),
        ("no party", lambda: _token(clausegraph_party=None)),
        ("unsigned", lambda: jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x"}, None, algorithm="none")),
    ],
)
async def test_a_bad_token_is_refused(jwt_http: httpx.AsyncClient, case: str, token: Any) -> None:
    response = await _viewer(jwt_http, token())
    assert response.status_code == 401, case
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_tokens_are_refused_where_no_issuer_is_configured(http: httpx.AsyncClient) -> None:
    response = await _viewer(http, _token())
    assert response.status_code == 401
    assert "not accepted" in response.json()["errors"][0]["message"]
