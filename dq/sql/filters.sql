-- The values a filter of the accounts query can take in one snapshot (dq.filters).

-- name: snapshot_dates
SELECT as_of FROM snapshots ORDER BY as_of;

-- name: schools
SELECT DISTINCT school_id FROM account_status WHERE as_of = $as_of ORDER BY school_id;

-- name: modules
SELECT DISTINCT unnest(metric_modules) AS module FROM account_status WHERE as_of = $as_of
ORDER BY module;
