"""What protects a tipster: receipt codes, their slow hash, the sealed way back, keyed sender hashes.

Every key here is derived from SECRET_KEY, which lives in the settings (or a file in DATA_DIR), never in the
database: a copy of the database alone names no tipster and opens no receipt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

RECEIPT_DIGITS = 16
# scrypt at n=2^15, r=8: 32 MiB and about 0.1 s per try on a small server (see domain.tips for throttling).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024


def new_receipt() -> str:
    """16 random digits: easy to copy down or read over the phone, about 53 bits against guessing."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def format_receipt(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, RECEIPT_DIGITS, 4))


def normalise_receipt(typed: str) -> str | None:
    """What people type: spaces, dashes, full-width digits. None when it cannot be a receipt at all."""
    digits = re.sub(r"[\s\-_—－·.]", "", unicodedata.normalize("NFKC", typed))
    return digits if len(digits) == RECEIPT_DIGITS and digits.isascii() and digits.isdigit() else None


@dataclass(frozen=True)
class Sealed:
    """An identity that must survive only for the relay: a chat id, or a named tipster's contact."""

    chat_id: int | None = None
    name: str | None = None
    phone: str | None = None


class TipVault:
    """Keys for one installation, derived from its secret; holds no state but the keys."""

    def __init__(self, secret: bytes) -> None:
        self._seal_key = self._derive(secret, b"tip-seal")
        self._receipt_salt = self._derive(secret, b"tip-receipt-salt")
        self._sender_key = self._derive(secret, b"tip-sender")

    @staticmethod
    def _derive(secret: bytes, purpose: bytes) -> bytes:
        return hmac.new(secret, b"safegrid/" + purpose, hashlib.sha256).digest()

    def receipt_hash(self, receipt: str) -> str:
        """A slow, salted hash. The salt is the installation's (not per row) so a receipt can be looked up;
        it is kept out of the database, so a stolen database cannot even be attacked offline."""
        digest = hashlib.scrypt(
            receipt.encode(),
            salt=self._receipt_salt,
            n=SCRYPT_N,
            r=SCRYPT_R,
            p=SCRYPT_P,
            maxmem=SCRYPT_MAXMEM,
            dklen=32,
        )
        return digest.hex()

    def sender_key(self, chat_id: int, purpose: str) -> str:
        """A keyed hash of a chat for counting (rate limits, wrong receipts); not reversible, not a tip's."""
        mac = hmac.new(self._sender_key, f"{purpose}:{chat_id}".encode(), hashlib.sha256)
        return purpose[:1] + mac.hexdigest()[:39]

    def seal(self, value: Sealed) -> str:
        nonce = secrets.token_bytes(12)
        plain = json.dumps({k: v for k, v in value.__dict__.items() if v is not None}).encode()
        return base64.urlsafe_b64encode(nonce + AESGCM(self._seal_key).encrypt(nonce, plain, None)).decode()

    def open(self, sealed: str | None) -> Sealed | None:
        """None when there is nothing (erased) or it was sealed with another key."""
        if not sealed:
            return None
        raw = base64.urlsafe_b64decode(sealed.encode())
        try:
            plain = AESGCM(self._seal_key).decrypt(raw[:12], raw[12:], None)
        except InvalidTag:
            return None
        return Sealed(**json.loads(plain))
