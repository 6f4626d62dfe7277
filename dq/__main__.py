"""``python -m dq`` runs the ``dq`` command."""

from dq.cli import main

if __name__ == "__main__":
    main()
