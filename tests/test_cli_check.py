"""`dq check`: the JSON contract, the readable table, stdin, exit codes."""

import json
import subprocess
import sys

from click.testing import CliRunner

from dq.cli import main
from dq.identifiers import build

NN = build(1990, 1, 1, 1)
BIS = build(1985, 7, 3, 5, kind="bis")
YOUNG = build(2003, 4, 5, 2)

EDGE_CASES = {
    NN: {"number": NN, "valid": True, "kind": "nn", "reason": None, "flags": []},
    BIS: {"number": BIS, "valid": True, "kind": "bis", "reason": None, "flags": []},
    "": {"number": None, "valid": False, "kind": None, "reason": "missing", "flags": []},
    "   ": {"number": None, "valid": False, "kind": None, "reason": "missing", "flags": []},
    "8,50730E+10": {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "excel_scientific",
        "flags": [],
    },
    "8.5073E+10": {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "excel_scientific",
        "flags": [],
    },
    "8.5073e10": {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "excel_scientific",
        "flags": [],
    },
    NN + ".0": {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["decimal_suffix_removed"],
    },
    NN + ",00": {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["decimal_suffix_removed"],
    },
    YOUNG[1:]: {
        "number": YOUNG,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["leading_zero_restored"],
    },
    build(2000, 1, 2, 3)[3:]: {
        "number": build(2000, 1, 2, 3),
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["leading_zero_restored"],
    },
    YOUNG[1:] + ".0": {
        "number": YOUNG,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["decimal_suffix_removed", "leading_zero_restored"],
    },
    f"{NN[:2]}.{NN[2:4]}.{NN[4:6]}-{NN[6:9]}.{NN[9:]}": {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": [],
    },
    f"{NN[:6]}\u00a0{NN[6:9]}\u2013{NN[9:]}": {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": [],
    },
    f"{NN[:6]}/{NN[6:]}": {"number": NN, "valid": True, "kind": "nn", "reason": None, "flags": []},
    NN[:-1] + str((int(NN[-1]) + 1) % 10): {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "checksum",
        "flags": [],
    },
    "1234567890": {"number": None, "valid": False, "kind": None, "reason": "length", "flags": []},
    "ABC": {"number": None, "valid": False, "kind": None, "reason": "format", "flags": []},
    "00000000000": {"number": None, "valid": False, "kind": None, "reason": "format", "flags": []},
    build(1985, 13, 30, 1): {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "date",
        "flags": [],
    },
    # the official rules, stricter than python-stdnum
    build(1985, 4, 31, 1): {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "date",
        "flags": [],
    },
    build(1985, 7, 3, 999): {
        "number": None,
        "valid": False,
        "kind": None,
        "reason": "serial",
        "flags": [],
    },
    build(1985, 7, 3, 999, kind="bis"): {
        "number": build(1985, 7, 3, 999, kind="bis"),
        "valid": True,
        "kind": "bis",
        "reason": None,
        "flags": [],
    },
    # no false repairs: an enterprise (KBO) number is no national number with zeros dropped
    "0412.345.614": {"number": None, "valid": False, "kind": None, "reason": "length", "flags": []},
    # lossless repairs
    f"{int(NN):,}".replace(",", ".") + ",00": {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["decimal_suffix_removed"],
    },
    f"{NN[0]},{NN[1:]}E+10": {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["scientific_notation_expanded"],
    },
    "'" + NN: {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["excel_text_marker_removed"],
    },
    f'="{NN}"': {
        "number": NN,
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["excel_text_marker_removed"],
    },
    build(1920, 5, 6, 7): {
        "number": build(1920, 5, 6, 7),
        "valid": True,
        "kind": "nn",
        "reason": None,
        "flags": ["implausible_age"],
    },
}


def test_check_json_honours_the_contract_on_every_edge_case():
    result = CliRunner().invoke(main, ["check", "--json", "--reveal", *EDGE_CASES])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["input"] for line in lines] == list(EDGE_CASES)
    for line in lines:
        expected = {"input": line["input"], **EDGE_CASES[line["input"]]}
        assert line == expected


def test_check_refuses_a_birth_after_today():
    import datetime

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    later = build(tomorrow.year, tomorrow.month, tomorrow.day, 2)
    result = CliRunner().invoke(main, ["check", "--json", later])
    assert json.loads(result.output)["reason"] == "date"


def test_check_table_explains_new_flags_in_both_languages():
    old = build(1920, 5, 6, 7)
    result = CliRunner().invoke(main, ["check", old, "'" + NN])
    assert "ouder dan 100" in result.output and "tekstteken" in result.output
    result = CliRunner().invoke(main, ["--lang", "en", "check", build(1985, 7, 3, 999)])
    assert "serial 000 or 999" in result.output


def test_check_reads_stdin_one_value_per_line_in_order():
    result = CliRunner().invoke(
        main, ["check", "--json", "--reveal", "-"], input=f"{NN}\n\nabc\r\n"
    )
    assert result.exit_code == 0
    assert [json.loads(x)["input"] for x in result.output.splitlines()] == [NN, "", "abc"]


def test_check_json_masks_input_and_number_unless_reveal():
    values = [NN, "NN " + NN, "'" + NN, NN[:-1] + "0"]
    result = CliRunner().invoke(main, ["check", "--json", *values])
    assert result.exit_code == 0
    assert NN not in result.output and NN[:9] not in result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    masked = "••.••.••-•••." + NN[-2:]
    assert [line["number"] for line in lines] == [masked, None, masked, None]
    assert lines[0]["input"] == "••.••.••-•••." + NN[-2:]
    assert [line["valid"] for line in lines] == [True, False, True, False]
    revealed = CliRunner().invoke(main, ["check", "--json", "--reveal", NN])
    assert json.loads(revealed.output)["number"] == NN


def test_check_reads_stdin_with_a_byte_order_mark_and_junk_bytes():
    data = b"\xef\xbb\xbf" + NN.encode() + b"\r\n\xff\xfe12\n"
    result = CliRunner().invoke(main, ["check", "--json", "-"], input=data)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["valid"] for line in lines] == [True, False]
    assert lines[1]["reason"] == "format"


def test_check_survives_arguments_that_are_not_utf8():
    """A non-UTF-8 argument reaches Python as lone surrogates: a verdict, not a crash."""
    for extra in ([], ["--reveal"], ["--json"], ["--json", "--reveal"]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dq",
                "check",
                *extra,
                NN.encode() + b"\xff",
                b"\xff" + NN.encode(),
            ],
            capture_output=True,
        )
        assert done.returncode == 0, done.stderr
        assert NN.encode() not in done.stdout or "--reveal" in extra
        assert b"Traceback" not in done.stderr


def test_check_table_is_dutch_masks_numbers_and_explains():
    result = CliRunner().invoke(main, ["check", NN, NN[:-1] + "0"])
    assert result.exit_code == 0
    assert NN not in result.output
    assert "••.••.••-•••." + NN[-2:] in result.output
    assert "controlegetal klopt niet" in result.output
    assert "1 van 2 geldig" in result.output


def test_check_table_in_english():
    result = CliRunner().invoke(main, ["--lang", "en", "check", "abc"])
    assert "not digits" in result.output


def test_check_invalid_values_exit_zero_usage_errors_exit_two():
    assert CliRunner().invoke(main, ["check", "abc"]).exit_code == 0
    assert CliRunner().invoke(main, ["check"]).exit_code == 2
    assert CliRunner().invoke(main, ["check", "--nope", "1"]).exit_code == 2


def test_python_dash_m_dq_runs_the_cli():
    done = subprocess.run(
        [sys.executable, "-m", "dq", "check", "--json", NN], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["valid"] is True
