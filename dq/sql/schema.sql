-- The snapshot store. One row per account per snapshot; no valid national or BIS number is
-- ever stored in clear: number_hash is an HMAC under a key kept outside this file.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS snapshots (
    as_of         DATE PRIMARY KEY,
    ingested_at   TIMESTAMP NOT NULL,
    tool_version  VARCHAR NOT NULL,
    rules_version VARCHAR NOT NULL
);

-- Provenance: every file that went into a snapshot.
CREATE TABLE IF NOT EXISTS snapshot_files (
    as_of       DATE NOT NULL,
    file_name   VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,          -- users | contacts
    sha256      VARCHAR NOT NULL,
    size_bytes  BIGINT NOT NULL,
    rows_read   BIGINT NOT NULL,
    accounts    BIGINT NOT NULL,
    encoding    VARCHAR,
    delimiter   VARCHAR,
    sheet       VARCHAR,
    mapping     VARCHAR NOT NULL,          -- JSON: header in the file -> canonical column
    schools     VARCHAR[] NOT NULL,
    warnings    VARCHAR NOT NULL,          -- JSON list of {code, details}
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS accounts (
    as_of              DATE NOT NULL,
    school_id          VARCHAR NOT NULL,
    username           VARCHAR NOT NULL,
    last_name          VARCHAR,
    first_name         VARCHAR,
    email              VARCHAR,
    groups             VARCHAR[] NOT NULL,
    modules            VARCHAR[] NOT NULL,     -- module ids (known ids or slugs of unknown labels)
    modules_from       VARCHAR NOT NULL,       -- column | groups | none
    unmapped_groups    VARCHAR[] NOT NULL,
    account_type       VARCHAR,                -- internal | external | webservice | NULL
    contact_ids        VARCHAR[] NOT NULL,
    active             BOOLEAN,
    last_login         DATE,
    has_login_column   BOOLEAN NOT NULL,
    number_present     BOOLEAN NOT NULL,       -- something was filled in
    number_valid       BOOLEAN NOT NULL,
    number_kind        VARCHAR,                -- nn | bis
    number_reason      VARCHAR,                -- reason code when not valid
    number_flags       VARCHAR[] NOT NULL,
    number_hash        VARCHAR,                -- HMAC-SHA-256 of the valid number
    check_digits       VARCHAR,                -- last two digits, for masked display
    entered_value      VARCHAR,                -- only for invalid values, to correct typos
    numbers_disagree   BOOLEAN NOT NULL,
    birthdate_mismatch BOOLEAN NOT NULL,
    source_rows        INTEGER NOT NULL
    -- one row per (as_of, school_id, username): the ingest collapses rows per account; no
    -- PRIMARY KEY, whose index doubled the time to write a million accounts
);

CREATE TABLE IF NOT EXISTS contacts (
    as_of          DATE NOT NULL,
    contact_id     VARCHAR NOT NULL,
    last_name      VARCHAR,
    first_name     VARCHAR,
    organisation   VARCHAR,
    usernames      VARCHAR[] NOT NULL,
    number_present BOOLEAN NOT NULL,
    number_valid   BOOLEAN NOT NULL,
    number_kind    VARCHAR,
    number_reason  VARCHAR,
    number_flags   VARCHAR[] NOT NULL,
    number_hash    VARCHAR,
    check_digits   VARCHAR,
    entered_value  VARCHAR,
    PRIMARY KEY (as_of, contact_id)
);

-- The rules' verdict per account per snapshot (dq.rules), recomputed when the policy changes.
-- The judged number (the account's own, or for an external account its linked contact's)
-- is described by its kind, check digits and, when invalid, the entered value.
CREATE TABLE IF NOT EXISTS account_status (
    as_of          DATE NOT NULL,
    school_id      VARCHAR NOT NULL,
    username       VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,          -- a status id of dq/rules.toml
    reason         VARCHAR,
    flags          VARCHAR[] NOT NULL,
    number_source  VARCHAR NOT NULL,          -- own | contact
    metric_modules VARCHAR[] NOT NULL,        -- the modules it counts in ('unknown' when none)
    failing_since  DATE,                      -- first snapshot of the current failing streak
    number_kind    VARCHAR,
    check_digits   VARCHAR,
    entered_value  VARCHAR
    -- one row per account of accounts (no PRIMARY KEY, for the same reason)
);

-- Per-snapshot aggregates, long: accounts per school, module and status, so a new status in
-- dq/rules.toml needs no schema change. module NULL: each account once in its school;
-- module set: each account once in each of its modules. Totals are sums of these rows.
CREATE TABLE IF NOT EXISTS snapshot_counts (
    as_of     DATE NOT NULL,
    school_id VARCHAR NOT NULL,
    module    VARCHAR,
    status    VARCHAR NOT NULL,
    accounts  BIGINT NOT NULL
);
