"""The cache's schema: Alembic up and down, the models matching the migrations, SQLite pragmas."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

from sync.cache import open_cache
from sync.cache.cache import create_cache_engine
from sync.cache.models import Base
from sync.cache.schema import ALEMBIC_INI, alembic_config, head_revision

KEY = b"branch-secret"
TABLES = {"patrons", "items", "holds", "loan_rules", "closed_days", "journal"}


def cli_config(db: Path) -> Config:
    """The ini file and a URL, as the alembic CLI would use them."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db}")
    config.attributes["configure_logger"] = False
    return config


def table_names(db: Path) -> set[str]:
    engine = create_engine(f"sqlite:///{db}")
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def revision(db: Path) -> str | None:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def test_head_is_the_journal_card_index_revision() -> None:
    assert head_revision() == "0006"


def test_upgrade_downgrade_upgrade_with_a_url(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    config = cli_config(db)

    command.upgrade(config, "head")
    assert table_names(db) >= TABLES
    assert revision(db) == head_revision()

    command.downgrade(config, "base")
    assert table_names(db) & TABLES == set()
    assert revision(db) is None

    command.upgrade(config, "head")
    assert table_names(db) >= TABLES
    assert revision(db) == head_revision()


def test_upgrade_downgrade_upgrade_on_a_passed_connection(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    engine = create_cache_engine(db)
    try:
        for target in ("head", "base", "head"):
            with engine.begin() as connection:
                config = alembic_config(connection)
                if target == "head":
                    command.upgrade(config, target)
                else:
                    command.downgrade(config, target)
            expected = TABLES if target == "head" else set()
            assert set(inspect(engine).get_table_names()) & TABLES == expected
    finally:
        engine.dispose()


def test_alembic_cli_upgrades_from_a_url(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "alembic",
            "-c",
            str(ALEMBIC_INI),
            "-x",
            f"url=sqlite:///{db}",
            "upgrade",
            "head",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert revision(db) == head_revision()
    assert table_names(db) >= TABLES


def test_models_match_the_migrations(tmp_path: Path) -> None:
    cache = open_cache(tmp_path / "cache.sqlite3", KEY)
    try:
        with cache.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        cache.close()


def test_opening_twice_keeps_the_data_and_the_revision(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "still" / "cache.sqlite3"
    first = open_cache(path, KEY)
    first.remember_item("1000123456", title="吾輩は猫である", media_type="book",
                        circulation_status="available", due_at=None, seen_at=datetime.now(UTC))
    first.close()
    for _ in ("second", "third"):
        again = open_cache(path, KEY)
        try:
            assert again.schema_revision() == head_revision()
            assert again.counts() == {"patrons": 0, "items": 1}
        finally:
            again.close()


def pragmas(engine: Engine) -> tuple[str, int]:
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    assert isinstance(mode, str)
    assert isinstance(sync, int)
    return mode, sync


def test_wal_and_synchronous_full_on_every_connection(tmp_path: Path) -> None:
    cache = open_cache(tmp_path / "cache.sqlite3", KEY)
    try:
        cache.engine.dispose()  # the next connection is a new one
        assert pragmas(cache.engine) == ("wal", 2)
        with cache.engine.connect() as held:
            held.exec_driver_sql("SELECT 1")
            assert pragmas(cache.engine) == ("wal", 2)  # a second, concurrent connection
    finally:
        cache.close()


def test_an_existing_rollback_journal_database_is_switched_to_wal(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    plain = sqlite3.connect(db)
    plain.execute("PRAGMA journal_mode=DELETE")
    plain.execute("CREATE TABLE unrelated (x INTEGER)")
    plain.commit()
    plain.close()

    cache = open_cache(db, KEY)
    cache.close()

    plain = sqlite3.connect(db)
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        plain.close()


def test_ddl_rolls_back_with_its_transaction(tmp_path: Path) -> None:
    """sqlite3's legacy mode would autocommit DDL; a half-applied migration must not stick."""
    engine = create_cache_engine(tmp_path / "cache.sqlite3")

    def create_then_fail() -> None:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE half (x INTEGER)"))
            raise RuntimeError("power cut")

    try:
        with pytest.raises(RuntimeError):
            create_then_fail()
        assert "half" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_0001_data_survives_the_upgrade_to_0002(tmp_path: Path) -> None:
    """A kiosk in the field upgrades with its cached patrons and items intact."""
    db = tmp_path / "cache.sqlite3"
    config = cli_config(db)
    command.upgrade(config, "0001")
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO items (item_id, title, media_type, circulation_status, due_at,"
                " updated_at) VALUES ('115538407', 'ぐりとぐら', '001', '03', NULL,"
                " '2026-11-01 00:00:00')"))
        command.upgrade(config, "head")
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT title, loan_class, not_for_loan, source FROM items")).one()
        assert tuple(row) == ("ぐりとぐら", "", 0, "sip2")
    finally:
        engine.dispose()
