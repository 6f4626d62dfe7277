"""The one helper for identifiers that must be dynamic in SQL text (values always go as
parameters).

>>> print(quote_identifier('Numéro d\\'établissement'))
"Numéro d'établissement"
>>> print(quote_identifier('a"b'))
"a""b"
"""


def quote_identifier(name: str) -> str:
    """Quote a column or table name for DuckDB: wrap in double quotes, double inner quotes."""
    return '"' + str(name).replace('"', '""') + '"'


def load_queries(filename: str) -> dict[str, str]:
    """The named statements of ``dq/sql/<filename>``: each starts with ``-- name: <name>``.

    >>> 'user_accounts' in load_queries('ingest.sql')
    True
    """
    from importlib import resources

    text = resources.files("dq").joinpath("sql", filename).read_text(encoding="utf-8")
    queries: dict[str, str] = {}
    name = None
    for line in text.splitlines():
        if line.startswith("-- name:"):
            name = line.split(":", 1)[1].strip()
            queries[name] = ""
        elif name is not None:
            queries[name] += line + "\n"
    return {key: value.strip() for key, value in queries.items()}
