"""Sleutelklaar's library: identifiers, ingest, rules and metrics for 2FA readiness.

The CLI (``dq``), the Streamlit pages and notebooks are thin fronts over this package.

>>> from dq import identifiers
>>> identifiers.check('').reason
'missing'
"""

__version__ = "0.1.0"
