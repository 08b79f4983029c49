"""The built wheel carries everything bangfu needs at run time: migrations, profiles, catalogues,
samples. Tested by installing the wheel into a folder and running it from there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stdout}\n{build.stderr}")
    (found,) = out.glob("bangfu-*.whl")
    return found


@pytest.mark.slow
def test_wheel_contains_migrations_profiles_catalogues_and_samples(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "bangfu_cli/migrations/env.py" in names
    assert "bangfu_cli/migrations/script.py.mako" in names
    versions = {n for n in names if n.startswith("bangfu_cli/migrations/versions/") and n.endswith(".py")}
    assert len(versions) == len(list((ROOT / "migrations" / "versions").glob("*.py")))
    assert "bangfu_cli/rules/profiles/xinfeng-2023.toml" in names
    assert "bangfu_cli/rules/profiles/suzhou-2022.toml" in names
    assert "bangfu_cli/i18n/zh/core.toml" in names and "bangfu_cli/i18n/en/core.toml" in names
    assert "bangfu_cli/samples/households.csv" in names


@pytest.mark.slow
def test_installed_wheel_creates_and_migrates_a_ledger(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "BANGFU_DB": str(tmp_path / "w.db"), "BANGFU_LANG": "en"}
    probe = "import bangfu_cli, sys; print(bangfu_cli.__file__)"
    where = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(target))
    init = subprocess.run(
        [sys.executable, "-m", "bangfu_cli", "init"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert init.returncode == 0, init.stderr
    info = subprocess.run(
        [sys.executable, "-m", "bangfu_cli", "info", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert info.returncode == 0, info.stderr
    from bangfu_cli.storage.schema import HEAD

    assert f'"revision": "{HEAD}"' in info.stdout
