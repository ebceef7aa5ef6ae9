"""All settings in one place, read from the environment and `.env`."""

from __future__ import annotations

import importlib.util
import re
import secrets
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PUBLIC_API_BASE = "https://api.telegram.org"
_TOKEN_RE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
# Values copied from docs and tutorials; starting with one is always a mistake.
_PLACEHOLDER_TOKENS = {
    "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
    "CHANGE_ME",
    "changeme",
    "your-token-here",
}


# The measures of a scorecard and how much each weighs by default (they need not add up to 100).
DEFAULT_WEIGHTS = {"closure": 30, "on_time": 25, "overdue": 20, "speed": 10, "reports": 5, "tips": 10}


class SettingsError(Exception):
    """A setting is missing or invalid; `str()` is the one line shown to the operator."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"setting {name} {problem}")
        self.name = name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_base: str = PUBLIC_API_BASE
    telegram_api_local: bool = False
    data_dir: Path = Path("data")
    database_url: str = ""
    timezone: str = "Asia/Shanghai"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_locale: Literal["zh", "en"] = "zh"
    secret_key: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # Scale-out: Redis for conversation state (and one-update-once across replicas); webhook mode when
    # WEBHOOK_URL is set (the public https address Telegram posts to; the path and secret are added).
    redis_url: str = ""
    webhook_url: str = ""
    webhook_path: str = Field(default="/telegram", pattern=r"^/[A-Za-z0-9/_-]*$")
    webhook_secret: SecretStr | None = None
    webhook_listen: str = Field(default="0.0.0.0:8080", pattern=r"^[^:\s]+:\d{1,5}$")
    accident_late_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # The overdue ladder: remind the rectifier this many days before the deadline, the rectifier and the
    # supervisor this many days after it, and the area's leader group this many days after it.
    remind_before_days: int = Field(default=1, ge=0, le=30)
    escalate_after_days: int = Field(default=1, ge=1, le=30)
    leader_after_days: int = Field(default=3, ge=1, le=60)
    reminder_time: str = Field(default="08:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # Public tips: how long after a tip is closed the relay to its tipster (and the receipt) is kept,
    # and how many tips one chat, and one area, may send before being asked to wait.
    tip_retention_days: int = Field(default=90, ge=1, le=3650)
    tip_limit_per_hour: int = Field(default=5, ge=1, le=1000)
    tip_limit_per_day: int = Field(default=20, ge=1, le=10000)
    tip_area_limit_per_hour: int = Field(default=30, ge=1, le=100000)
    # Digests: a scheduled digest missed while the bot was down is still sent this many hours late;
    # the half-year and annual scorecards weigh their measures so; the monthly digest warns (预警) when an
    # area's or sector's new hazards exceed its previous three-month average by this factor (and this count).
    digest_grace_hours: int = Field(default=12, ge=1, le=24 * 14)  # the tick runs every few minutes
    scorecard_weights: Annotated[dict[str, float], NoDecode] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS)
    )
    early_warning_factor: float = Field(default=1.5, ge=1.0, le=10.0)
    early_warning_min: int = Field(default=3, ge=1, le=1000)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        if token in _PLACEHOLDER_TOKENS or not _TOKEN_RE.match(token):
            raise ValueError("is not a bot token from @BotFather (expected digits:letters)")
        return SecretStr(token)

    @field_validator("telegram_api_base")
    @classmethod
    def _api_base(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://api.telegram.org")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"is not a known time zone: {value!r}") from None
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"\d+", part) for part in parts):
                raise ValueError("must be comma-separated Telegram user ids, e.g. 12345,67890")
            return [int(part) for part in parts]
        return value

    @field_validator("scorecard_weights", mode="before")
    @classmethod
    def _weights(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        weights: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in value.split(","))):
            name, _, number = part.partition("=")
            name = name.strip()
            if name not in DEFAULT_WEIGHTS:
                raise ValueError(f"knows only {', '.join(DEFAULT_WEIGHTS)} (got {name!r})")
            try:
                weights[name] = float(number)
            except ValueError:
                raise ValueError(f"needs name=number pairs, e.g. closure=30 (got {part!r})") from None
            if weights[name] < 0:
                raise ValueError(f"weights cannot be negative (got {part!r})")
        if not any(weights.values()):
            raise ValueError("needs at least one weight above zero")
        return weights

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^rediss?://", value):
            raise ValueError("must start with redis:// or rediss://")
        if value and importlib.util.find_spec("redis") is None:
            raise ValueError("needs the Redis client: pip install -e '.[redis]'")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        return value

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^(sqlite\+aiosqlite|postgresql\+asyncpg)://", value):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        if value.startswith("postgresql") and (
            importlib.util.find_spec("asyncpg") is None or importlib.util.find_spec("psycopg") is None
        ):
            raise ValueError("needs the PostgreSQL drivers: pip install -e '.[postgres]'")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'safegrid.db').resolve()}"

    @property
    def jobs_db_url(self) -> str:
        """APScheduler's job store, which is synchronous: on SQLite a file of its own (it must not share the
        app's file, see GOTCHAS); on PostgreSQL the same database, through psycopg."""
        if self.db_url.startswith("postgresql+asyncpg://"):
            return "postgresql+psycopg://" + self.db_url.removeprefix("postgresql+asyncpg://")
        return f"sqlite:///{(self.data_dir / 'jobs.db').resolve()}"

    @property
    def is_webhook(self) -> bool:
        return bool(self.webhook_url)

    def resolve_webhook_secret(self) -> str:
        """The secret Telegram sends with each update; derived from SECRET_KEY unless set: replicas agree."""
        if self.webhook_secret is not None and self.webhook_secret.get_secret_value():
            return self.webhook_secret.get_secret_value()
        import hashlib
        import hmac

        return hmac.new(self.resolve_secret_key(), b"safegrid/webhook", hashlib.sha256).hexdigest()[:48]

    def ensure_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise SettingsError(
                "DATA_DIR", f"is not a writable folder: {self.data_dir} ({exc.strerror})"
            ) from None

    def require_token(self) -> str:
        if self.bot_token is None:
            raise SettingsError(
                "BOT_TOKEN", "is missing: create a bot with @BotFather and put its token in .env"
            )
        return self.bot_token.get_secret_value()

    def resolve_secret_key(self) -> bytes:
        """The key for keyed hashes and encryption; never stored in the database.

        When SECRET_KEY is not set, one is generated once into DATA_DIR so a single-server install works
        out of the box; replicas must share an explicit SECRET_KEY.
        """
        if self.secret_key is not None and self.secret_key.get_secret_value():
            return self.secret_key.get_secret_value().encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        return path.read_text().strip().encode()


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's report into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "?"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "is missing"
        elif not message.startswith(("is ", "must ")):
            message = f"is invalid: {message}"
        raise SettingsError(name, message) from None
