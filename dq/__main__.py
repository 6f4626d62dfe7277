"""``python -m dq`` runs the ``dq`` command."""

from dq.cli import run

if __name__ == "__main__":
    run()
