"""Check the sign-in secrets file before Streamlit starts (``make run``).

Streamlit parses ``.streamlit/secrets.toml`` itself while starting, before any of our code
runs; a file it cannot read (not UTF-8, or a folder of that name) stops the server with a
traceback. It then serves nothing (it fails closed), but the person starting it deserves a
clear message: this check gives it and exits 2.

>>> import os, tempfile
>>> os.chdir(tempfile.mkdtemp()); main()
0
"""

from __future__ import annotations

import sys


def main() -> int:
    """0 when the secrets files can be read (or there are none), else 2 with a message."""
    from dq.i18n import t
    from dq.ui import signin_problem

    problem = signin_problem()
    if problem is None or problem.get("problem") != "unparsable":
        return 0  # other sign-in problems are shown by the app itself, as one page
    print(
        t(
            "ui.signin.misconfigured.body",
            None,
            problem=t("ui.signin.problem.unparsable", None, **{"path": problem["path"]}),
        ),
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
