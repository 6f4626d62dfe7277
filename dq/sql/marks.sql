-- Marks: what an administrator did about an account (corrected it, or notified the person).
-- Keyed by school and username, never by a number. A mark never changes a status; the next
-- export judges it. Written through the attached store (`store.`), read on a read-only one.

-- name: create
CREATE TABLE IF NOT EXISTS store.marks (
    mark_id   VARCHAR PRIMARY KEY,
    school_id VARCHAR NOT NULL,
    username  VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,        -- corrected | notified
    note      VARCHAR,
    channel   VARCHAR,                 -- NULL (by hand) | school | person (sent by dq notify)
    marked_at TIMESTAMP NOT NULL,
    marked_by VARCHAR NOT NULL
);

-- name: insert
INSERT INTO store.marks
VALUES ($mark_id, $school_id, $username, $kind, $note, $channel, $marked_at, $marked_by);

-- name: account_exists
SELECT count(*) FROM store.accounts
WHERE as_of = (SELECT max(as_of) FROM store.snapshots)
  AND school_id = $school_id AND lower(username) = lower($username);

-- name: undo_by_id
DELETE FROM store.marks WHERE mark_id = $mark_id RETURNING mark_id;

-- name: undo_latest
DELETE FROM store.marks WHERE mark_id = (
    SELECT mark_id FROM store.marks
    WHERE school_id = $school_id AND lower(username) = lower($username)
    ORDER BY marked_at DESC, mark_id DESC LIMIT 1
) RETURNING mark_id;

-- name: has_marks
SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marks' AND schema_name = 'main';

-- name: judged
-- Every mark with its judgement by the newest export taken after the day of the mark:
-- confirmed (no longer failing, or gone), reopened (still failing after "corrected"),
-- waiting (no newer export yet, or a notified person who has not acted yet).
WITH newer AS (
    SELECT m.mark_id, max(s.as_of) AS judged_as_of
    FROM marks m JOIN snapshots s ON s.as_of > CAST(m.marked_at AS DATE)
    GROUP BY m.mark_id
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY school_id, lower(username) ORDER BY marked_at DESC, mark_id DESC
    ) AS rank
    FROM marks
)
SELECT m.mark_id, m.school_id, m.username, m.kind, m.note, m.channel, m.marked_at, m.marked_by,
    n.judged_as_of, st.status AS judged_status,
    CASE
        WHEN n.judged_as_of IS NULL THEN 'waiting'
        WHEN st.status IS NULL OR NOT list_contains($failing, st.status) THEN 'confirmed'
        WHEN m.kind = 'corrected' THEN 'reopened'
        ELSE 'waiting'
    END AS judgement,
    m.rank = 1 AS latest
FROM ranked m
LEFT JOIN newer n USING (mark_id)
LEFT JOIN account_status st
    ON st.as_of = n.judged_as_of AND st.school_id = m.school_id
   AND lower(st.username) = lower(m.username)
ORDER BY m.school_id, lower(m.username), m.marked_at DESC;

-- name: recently_notified
SELECT DISTINCT school_id, lower(username) AS ukey FROM marks
WHERE kind = 'notified' AND channel = $channel AND marked_at >= $since;
