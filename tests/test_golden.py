"""The demo store's results are pinned: every verdict, status, flag, metric, diff, streak and
fix-list row equals the golden file (tests/fixtures/demo_golden.json.gz, made by
``python -m tests.golden_demo``), so a change to the pipeline cannot change them unnoticed."""

import gzip
import json
import re
from pathlib import Path

import pytest

from tests.golden_demo import dump

GOLDEN = Path(__file__).parent / "fixtures" / "demo_golden.json.gz"


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(gzip.decompress(GOLDEN.read_bytes()))


@pytest.fixture(scope="module")
def current(demo_store) -> dict:
    return json.loads(json.dumps(dump(demo_store), ensure_ascii=False))


def test_golden_has_every_snapshot(golden, current):
    assert sorted(current) == sorted(golden)
    assert len(golden) == 6


@pytest.mark.parametrize("part", ["metrics", "accounts", "fixlist_csv", "diff_from_previous"])
def test_demo_results_equal_the_golden_file(golden, current, part):
    for date in golden:
        expected, found = golden[date].get(part), current[date].get(part)
        if isinstance(expected, list):  # name the first differing line, not a 2 MB diff
            missing = sorted(set(expected) - set(found))[:5]
            extra = sorted(set(found) - set(expected))[:5]
            assert (missing, extra, len(found)) == ([], [], len(expected)), date
        assert found == expected, date


def test_golden_file_holds_no_valid_number(golden):
    from dq.identifiers import check

    text = json.dumps(golden)
    # an 11-digit number in plain or formatted form (dates would pass as zero-padded numbers)
    candidates = re.findall(
        r"(?<![0-9])[0-9]{2}[ .]?[0-9]{2}[ .]?[0-9]{2}[ .-]?[0-9]{3}[ .]?[0-9]{2}(?![0-9])", text
    )
    assert not [c for c in candidates if check(c).valid]
