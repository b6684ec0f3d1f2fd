"""Settings of a layer0 process: where the reference data and the user's data live.

One object, read from `LAYER0_...` environment variables, passed to the services; front ends
override fields from their own options (`--data-dir`, `--news-dir`). Nothing here reads or
writes a file: folders are created by whoever first writes to them.

    LAYER0_DATA_DIR       reference data folder (default: the packaged data)
    LAYER0_USER_DATA_DIR  the user's own data (default: the platform's user data folder,
                          e.g. ~/.local/share/layer0 on Linux)
    LAYER0_NEWS_DIR       where an earlier layer0 kept its news candidates (candidates.json),
                          imported into the database on first use (default: USER_DATA_DIR/news)
    LAYER0_DATABASE_URL   the registry database (default: a SQLite file USER_DATA_DIR/layer0.db;
                          e.g. postgresql+psycopg://user@host/db for a shared one)
    LAYER0_CACHE_DIR      what is computed from the reference data alone, kept between
                          processes by data version (default: the platform's user cache
                          folder, e.g. ~/.cache/layer0 on Linux); safe to delete
    LAYER0_API_OPEN_READS the REST API answers reads without a key (default true; false:
                          every request needs a key, reads a `read` one)

A pydantic model rather than pydantic-settings: the same validation for six variables,
without the 0.13 s that importing pydantic-settings adds to every command's start.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

PREFIX = "LAYER0_"


def _user_data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path("layer0")


def _user_cache_dir() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("layer0")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path | None = Field(None, description="Reference data folder; None: packaged")
    user_data_dir: Path = Field(default_factory=_user_data_dir,
                                description="The user's own data (candidates, later the store)")
    news_dir: Path | None = Field(None, description="Candidate records; None: USER_DATA_DIR/news")
    cache_dir: Path = Field(default_factory=_user_cache_dir,
                            description="Validated reference data and what is derived from it")
    database_url: str | None = Field(None, description="Registry database; None: SQLite file")
    api_open_reads: bool = Field(True, description="REST API: reads without a key")

    @classmethod
    def from_environment(cls, environ=None) -> Settings:
        """The settings given by `LAYER0_<FIELD>` variables (unset or empty: the default)."""
        environ = os.environ if environ is None else environ
        given = {name: environ[PREFIX + name.upper()] for name in cls.model_fields
                 if environ.get(PREFIX + name.upper())}
        return cls.model_validate(given)

    @property
    def news_folder(self) -> Path:
        return self.news_dir if self.news_dir is not None else self.user_data_dir / "news"

    @property
    def database(self) -> str:
        """The registry database's SQLAlchemy URL."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.user_data_dir / 'layer0.db'}"

    def with_options(self, **options) -> Settings:
        """These settings with the options a front end was given (None: keep the setting)."""
        given = {k: v if k == "database_url" else Path(v) for k, v in options.items()
                 if v is not None}
        return self.model_copy(update=given) if given else self


def from_environment() -> Settings:
    """The settings of this process's environment, read now (a test or a server that changes
    the environment sees the change)."""
    return Settings.from_environment()
