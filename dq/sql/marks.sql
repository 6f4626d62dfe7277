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
    marked_by VARCHAR NOT NULL,
    seq       BIGINT                   -- write order: max + 1 in the write transaction
);

-- name: add_seq
-- Stores made before marks had a write order get the column (their old marks sort first).
ALTER TABLE store.marks ADD COLUMN IF NOT EXISTS seq BIGINT;

-- name: next_seq
SELECT coalesce(max(seq), 0) + 1 FROM store.marks;

-- name: insert
INSERT INTO store.marks (mark_id, school_id, username, kind, note, channel, marked_at, marked_by, seq)
VALUES ($mark_id, $school_id, $username, $kind, $note, $channel, $marked_at, $marked_by, $seq);

-- name: account_state
-- The account in the newest export up to the mark's day that covers its school:
-- (is it there, is it on the fix list).
SELECT count(*) > 0,
    coalesce(bool_or(list_contains($failing, s.status) OR list_has_any($action_flags, s.flags)), false)
FROM store.account_status s
WHERE s.as_of = (
        SELECT max(as_of) FROM store.accounts
        WHERE school_id = $school_id AND as_of <= CAST($marked_at AS DATE))
  AND s.school_id = $school_id AND lower(s.username) = lower($username);

-- name: undo_by_id
DELETE FROM store.marks WHERE mark_id = $mark_id RETURNING mark_id;

-- name: undo_latest
DELETE FROM store.marks WHERE mark_id = (
    SELECT mark_id FROM store.marks
    WHERE school_id = $school_id AND lower(username) = lower($username)
    ORDER BY marked_at DESC, seq DESC NULLS LAST LIMIT 1
) RETURNING mark_id;

-- name: has_marks
SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marks' AND schema_name = 'main';

-- name: any_mark
SELECT EXISTS (SELECT 1 FROM marks);

-- name: judged
-- Every mark with its judgement by the newest export taken after the day of the mark that
-- covers the account's school (an export without that school says nothing about it):
-- confirmed (off the fix list, or gone), reopened (still failing after "corrected"),
-- waiting (no such export yet, or a notified person who has not acted yet).
WITH covered AS (
    SELECT DISTINCT as_of, school_id FROM accounts
), newer AS (
    SELECT m.mark_id, max(c.as_of) AS judged_as_of
    FROM marks m JOIN covered c
      ON c.school_id = m.school_id AND c.as_of > CAST(m.marked_at AS DATE)
    GROUP BY m.mark_id
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY school_id, lower(username) ORDER BY marked_at DESC, seq DESC NULLS LAST
    ) AS rank
    FROM marks
)
SELECT m.mark_id, m.school_id, m.username, m.kind, m.note, m.channel, m.marked_at, m.marked_by,
    m.seq,
    n.judged_as_of, st.status AS judged_status,
    CASE
        WHEN n.judged_as_of IS NULL THEN 'waiting'
        WHEN st.status IS NULL
          OR NOT (list_contains($failing, st.status) OR list_has_any($action_flags, st.flags))
          THEN 'confirmed'
        WHEN m.kind = 'corrected' THEN 'reopened'
        ELSE 'waiting'
    END AS judgement,
    m.rank = 1 AS latest
FROM ranked m
LEFT JOIN newer n USING (mark_id)
LEFT JOIN account_status st
    ON st.as_of = n.judged_as_of AND st.school_id = m.school_id
   AND lower(st.username) = lower(m.username)
ORDER BY m.school_id, lower(m.username), m.marked_at DESC, m.seq DESC NULLS LAST;

-- name: recently_notified
SELECT DISTINCT school_id, lower(username) AS ukey FROM marks
WHERE kind = 'notified' AND channel = $channel AND marked_at >= $since;
