"""`make test` gets a Chromium for the browser tests, or says the one command to run."""

import os
import shutil
import subprocess

from conftest import ROOT


def _make_chromium(tmp_path, user_id: str):
    """Run the Makefile's chromium target on a PATH without Chromium, with a fake apt-get
    that records its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "make", "id", "test", "echo"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    log = tmp_path / "apt.log"
    apt = bin_dir / "fake-apt-get"
    apt.write_text(f'#!/bin/sh\necho "$@" >> {log}\n', encoding="utf-8")
    apt.chmod(0o755)
    result = subprocess.run(
        [
            shutil.which("make"),
            "-s",
            "-C",
            str(ROOT),
            "chromium",
            f"CHROMIUM={tmp_path / 'no-chromium'}",
            "APT_GET=fake-apt-get",
            f"USER_ID={user_id}",
        ],
        env={**os.environ, "PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )
    return result, (log.read_text(encoding="utf-8").splitlines() if log.exists() else [])


def test_make_installs_debian_chromium_as_root(tmp_path):
    result, calls = _make_chromium(tmp_path, "0")
    assert result.returncode == 0, result.stderr
    assert calls == ["update", "install -y chromium"]


def test_make_stops_with_the_command_to_run_when_not_root(tmp_path):
    result, calls = _make_chromium(tmp_path, "1000")
    assert result.returncode != 0 and calls == []
    assert "sudo apt-get install -y chromium" in result.stderr


def test_make_test_requires_the_browser_tests_to_run():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: $(STAMP) chromium" in makefile
    assert "CI=true $(BIN)/python -m pytest" in makefile  # CI: a missing browser fails


def _make_axe(tmp_path, user_id: str):
    """Run the Makefile's axe-core step on a PATH without npm, with a fake apt-get whose
    install of ``nodejs npm`` brings a fake npm; both record their arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "make", "id", "test", "echo", "touch", "chmod"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    log = tmp_path / "calls.log"
    npm = f'#!/bin/sh\necho "npm $@" >> {log}\n'
    apt = bin_dir / "fake-apt-get"
    apt.write_text(
        f'#!/bin/sh\necho "apt-get $@" >> {log}\n'
        f"if [ \"$1\" = install ]; then printf '{npm}' > {bin_dir}/npm; chmod +x {bin_dir}/npm; fi\n",
        encoding="utf-8",
    )
    apt.chmod(0o755)
    result = subprocess.run(
        [
            shutil.which("make"),
            "-s",
            "-C",
            str(ROOT),
            str(tmp_path / "axe.min.js"),
            f"AXE={tmp_path / 'axe.min.js'}",
            "APT_GET=fake-apt-get",
            f"USER_ID={user_id}",
        ],
        env={**os.environ, "PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )
    return result, (log.read_text(encoding="utf-8").splitlines() if log.exists() else [])


def test_make_installs_node_and_axe_core_as_root(tmp_path):
    result, calls = _make_axe(tmp_path, "0")
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get update",
        "apt-get install -y nodejs npm",
        "npm ci --no-audit --no-fund",
    ]


def test_make_stops_with_the_command_to_run_without_npm_when_not_root(tmp_path):
    result, calls = _make_axe(tmp_path, "1000")
    assert result.returncode != 0 and calls == []
    assert "sudo apt-get install -y nodejs npm" in result.stderr


def test_make_test_installs_axe_core_from_the_lock_file():
    import json

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: $(STAMP) chromium $(AXE)" in makefile
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert lock["packages"]["node_modules/axe-core"]["version"] == pinned["axe-core"]
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
