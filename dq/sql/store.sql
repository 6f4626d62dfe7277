-- Every statement that writes the store's own tables (meta, snapshots, snapshot_files,
-- accounts, contacts, account_status, snapshot_counts), run by dq.store.Store methods on a
-- workspace with the store attached as `store`. The rows come from the workspace tables the
-- pipeline built (accounts_final, contacts_final, judged_status, judged_counts): each store
-- table is written once per snapshot, never read back in the same transaction.

-- name: read_meta
SELECT value FROM store.meta WHERE key = $key;

-- name: write_meta
INSERT OR REPLACE INTO store.meta VALUES ($key, $value);

-- name: later_snapshots
SELECT as_of FROM store.snapshots WHERE as_of > $as_of ORDER BY as_of;

-- name: all_snapshots
SELECT as_of FROM store.snapshots ORDER BY as_of;

-- name: snapshot_exists
SELECT count(*) FROM store.snapshots WHERE as_of = $as_of;

-- name: replace_accounts
-- the date's accounts of the schools in the new files; other schools' accounts stay
DELETE FROM store.accounts
WHERE as_of = $as_of AND school_id IN (SELECT DISTINCT school_id FROM accounts_final);
INSERT INTO store.accounts BY NAME SELECT * FROM accounts_final;
DELETE FROM store.snapshot_files
WHERE as_of = $as_of AND kind = 'users' AND list_has_all($schools, schools);

-- name: replace_contacts
DELETE FROM store.contacts WHERE as_of = $as_of;
INSERT INTO store.contacts BY NAME SELECT * FROM contacts_final;
DELETE FROM store.snapshot_files WHERE as_of = $as_of AND kind = 'contacts';

-- name: replace_snapshot
DELETE FROM store.snapshots WHERE as_of = $as_of;
INSERT INTO store.snapshots VALUES ($as_of, now()::TIMESTAMP, $tool, $rules);

-- name: add_file
-- and the digest of the options it came with (kind, default school, policy), per file row
-- (content and the schools it gave): the same content with other options is loaded again,
-- and loaded back with the options of a row still in the store it is skipped
INSERT INTO store.snapshot_files VALUES ($as_of, $name, $kind, $sha, $size, $rows,
    $accounts, $encoding, $delimiter, $sheet, $mapping, $schools, $warnings, now()::TIMESTAMP);
INSERT OR REPLACE INTO store.meta VALUES ('ingest_options:' || $as_of::VARCHAR || ':' || $sha
    || ':' || list_sort($schools::VARCHAR[])::VARCHAR, $options);

-- name: ingested_files
-- (stores written before the options were kept per file row have one key per content)
SELECT f.sha256, coalesce(m.value, o.value)
FROM snapshot_files f
LEFT JOIN meta m ON m.key = 'ingest_options:' || f.as_of::VARCHAR || ':' || f.sha256
    || ':' || list_sort(f.schools)::VARCHAR
LEFT JOIN meta o ON o.key = 'ingest_options:' || f.as_of::VARCHAR || ':' || f.sha256
WHERE f.as_of = $as_of;

-- name: replace_statuses
DELETE FROM store.account_status WHERE as_of = $as_of;
INSERT INTO store.account_status BY NAME SELECT * FROM judged_status;
DELETE FROM store.snapshot_counts WHERE as_of = $as_of;
INSERT INTO store.snapshot_counts BY NAME SELECT * FROM judged_counts;

-- name: carry_streaks
-- A snapshot after a re-judged one: its failing streaks start over from the one before it.
UPDATE store.account_status AS s
SET failing_since = CASE
        WHEN NOT list_contains($failing, s.status) THEN NULL
        WHEN list_contains($failing, p.status) THEN p.failing_since
        ELSE s.as_of
    END
FROM (SELECT s2.school_id, s2.username AS key_username, prev.status, prev.failing_since
      FROM store.account_status s2
      LEFT JOIN store.account_status prev
        ON prev.as_of = (SELECT max(as_of) FROM store.snapshots WHERE as_of < $as_of)
       AND prev.school_id = s2.school_id AND lower(prev.username) = lower(s2.username)
      WHERE s2.as_of = $as_of) AS p
WHERE s.as_of = $as_of AND s.school_id = p.school_id AND s.username = p.key_username;

-- name: delete_snapshot
DELETE FROM store.account_status WHERE as_of = $as_of;
DELETE FROM store.snapshot_counts WHERE as_of = $as_of;
DELETE FROM store.accounts WHERE as_of = $as_of;
DELETE FROM store.contacts WHERE as_of = $as_of;
DELETE FROM store.snapshot_files WHERE as_of = $as_of;
DELETE FROM store.snapshots WHERE as_of = $as_of;
DELETE FROM store.meta WHERE starts_with(key, 'ingest_options:' || $as_of::VARCHAR || ':');

-- name: migrate_to_3
-- v2 kept one column per status in snapshot_metrics; v3 keeps the counts long, and the
-- judged number on account_status. Both are refilled by re-judging every snapshot.
ALTER TABLE store.account_status ADD COLUMN IF NOT EXISTS number_kind VARCHAR;
ALTER TABLE store.account_status ADD COLUMN IF NOT EXISTS check_digits VARCHAR;
ALTER TABLE store.account_status ADD COLUMN IF NOT EXISTS entered_value VARCHAR;
DROP TABLE IF EXISTS store.snapshot_metrics;

-- name: has_users_export
SELECT count(*) > 0 FROM snapshot_files WHERE as_of = $as_of AND kind = 'users';
