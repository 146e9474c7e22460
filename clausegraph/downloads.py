"""Evidence content as a file to download: its bytes, media type and a safe file name."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    disposition: str


def _file_name(row: dict[str, Any]) -> str:
    given = str(row.get("fileName") or "")
    if given:
        return given
    extension = ".json" if str(row.get("mediaType") or "").startswith("application/json") else ".txt"
    return str(row["uid"]).replace("/", "-") + extension


def evidence_download(row: dict[str, Any]) -> Download:
    """The stored bytes exactly as hashed, with a Content-Disposition that names the file safely."""
    stored = str(row.get("content") or "")
    content = base64.b64decode(stored) if row.get("encoding") == "base64" else stored.encode("utf-8")
    name = _file_name(row)
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "evidence"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Download(content, str(row.get("mediaType") or "application/octet-stream"), disposition)
