"""Promises of the project itself: CI runs the README's commands."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    blocks = re.findall(
        r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S
    )
    return [
        line
        for block in blocks[:2]
        for line in block.splitlines()
        if line and not line.startswith("#")
    ]


def test_ci_runs_the_readme_install_and_test_commands():
    install, tests = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install.removesuffix(" && streamlit run app.py") in ci
    assert tests in ci
    assert (
        "torch==2.13.0" in install
        and (ROOT / "requirements.txt").read_text().count("torch==2.13.0") == 1
    )


def test_streamlit_config_hides_tracebacks_and_sets_an_upload_limit():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config
    assert re.search(r"^maxUploadSize = \d+", config, re.M)


def test_table_upload_limit_fits_inside_the_server_limit():
    from embedlab import io

    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    server_mb = int(re.search(r"^maxUploadSize = (\d+)", config, re.M).group(1))
    assert server_mb >= io.MAX_UPLOAD_MB
