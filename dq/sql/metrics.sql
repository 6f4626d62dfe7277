-- What managers, analysts and the dashboard read. All from the stored aggregates and
-- per-account statuses; nothing here recomputes a rule.

-- name: latest
SELECT max(as_of) FROM snapshots WHERE as_of <= coalesce($as_of::DATE, DATE '9999-12-31');

-- name: counts
-- Accounts per status of one snapshot ($as_of) or of all ($as_of NULL), by each dimension in
-- $dimensions (total, school, module, school_module): sums of the stored long counts, one row
-- per dimension and group with its counts in the order of $statuses (0 for a status without
-- accounts). Per school, each account counts once (module NULL rows); per module, once in
-- each of its modules, for the modules in $modules only (the policy's: a label that was not
-- recognised is no module for managers; the data-quality page lists those).
WITH dimensions AS (
    SELECT unnest($dimensions::VARCHAR[]) AS dimension
), per_status AS (
    SELECT dimension, as_of,
        CASE WHEN dimension IN ('school', 'school_module') THEN school_id END AS school_id,
        CASE WHEN dimension IN ('module', 'school_module') THEN module END AS module,
        status,
        sum(accounts)::BIGINT AS accounts
    FROM snapshot_counts, dimensions
    WHERE ($as_of IS NULL OR as_of = $as_of)
      AND (module IS NULL) = (dimension IN ('total', 'school'))
      AND (module IS NULL OR list_contains($modules::VARCHAR[], module))
    GROUP BY ALL
), per_group AS (
    SELECT dimension, as_of, school_id, module, map(list(status), list(accounts)) AS per_status
    FROM per_status
    GROUP BY ALL
)
SELECT dimension, as_of, school_id, module,
    list_transform($statuses::VARCHAR[], lambda s: coalesce(per_status[s], 0)) AS counts
FROM per_group
ORDER BY dimension, as_of, school_id NULLS FIRST, module NULLS FIRST;

-- name: forecast
-- Pace = least-squares slope of readiness per day over the last $window snapshots.
WITH per_snapshot AS (
    SELECT as_of,
        CASE WHEN $dimension IN ('school', 'school_module') THEN school_id END AS school_id,
        CASE WHEN $dimension IN ('module', 'school_module') THEN module END AS module,
        sum(accounts) FILTER (WHERE list_contains($in_scope, status))::BIGINT AS in_scope,
        coalesce(sum(accounts) FILTER (WHERE list_contains($ready, status)), 0)::BIGINT AS ready
    FROM snapshot_counts
    WHERE (module IS NULL) = ($dimension IN ('total', 'school'))
    GROUP BY ALL
), recent AS (
    SELECT as_of, school_id, module, in_scope,
        CASE WHEN in_scope > 0 THEN ready / in_scope END AS readiness,
        row_number() OVER (PARTITION BY school_id, module ORDER BY as_of DESC) AS age
    FROM per_snapshot
)
SELECT school_id, module,
    max(as_of) AS as_of,
    arg_max(readiness, as_of) AS readiness,
    regr_slope(readiness, epoch(as_of) / 86400) AS pace_per_day,
    count(*) AS snapshots
FROM recent
WHERE age <= $window AND readiness IS NOT NULL
GROUP BY school_id, module
ORDER BY school_id NULLS FIRST, module NULLS FIRST;

-- name: accounts
-- Every account of a snapshot with its status, filtered; $status etc. NULL means any.
SELECT s.school_id, s.username, a.last_name, a.first_name, a.email, a.groups, a.modules,
    s.status, s.reason, s.flags,
    CASE WHEN s.failing_since IS NOT NULL THEN date_diff('day', s.failing_since, s.as_of) END AS days_failing,
    s.number_kind, s.check_digits, s.entered_value, s.number_source, a.account_type,
    a.unmapped_groups, a.modules_from, s.metric_modules
FROM account_status s
JOIN accounts a USING (as_of, school_id, username)
WHERE s.as_of = $as_of
  AND ($status IS NULL OR list_contains($status, s.status))
  AND ($school IS NULL OR list_contains($school, s.school_id))
  AND ($module IS NULL OR list_has_any($module, s.metric_modules))
  AND ($reason IS NULL OR list_contains($reason, s.reason))
  AND ($flag IS NULL OR list_has_any($flag, s.flags))
  AND ($needs_action IS NULL OR NOT $needs_action
       OR list_contains($failing, s.status) OR list_has_any($action_flags, s.flags))
  AND ($search IS NULL
       OR contains(lower(s.username || ' ' || coalesce(a.last_name, '') || ' ' || coalesce(a.first_name, '')),
                   lower($search)))
ORDER BY s.school_id, s.username
LIMIT coalesce($limit, 9223372036854775807);

-- name: diff
-- Accounts keyed by school and username (case-folded) in two snapshots; only the changes.
WITH old AS (
    SELECT school_id, lower(username) AS ukey, username, status FROM account_status WHERE as_of = $old
), new AS (
    SELECT school_id, lower(username) AS ukey, username, status, failing_since, as_of
    FROM account_status WHERE as_of = $new
)
SELECT * FROM (
SELECT coalesce(n.school_id, o.school_id) AS school_id,
    coalesce(n.username, o.username) AS username,
    CASE
        WHEN o.ukey IS NULL THEN 'new_accounts'
        WHEN n.ukey IS NULL THEN 'removed_accounts'
        WHEN list_contains($failing, o.status) AND NOT list_contains($failing, n.status) THEN 'newly_ready'
        WHEN NOT list_contains($failing, o.status) AND list_contains($failing, n.status) THEN 'newly_failing'
        WHEN list_contains($failing, o.status) AND list_contains($failing, n.status) THEN 'still_failing'
        ELSE 'unchanged'
    END AS change,
    o.status AS status_before,
    n.status AS status_after,
    CASE WHEN n.failing_since IS NOT NULL THEN date_diff('day', n.failing_since, n.as_of) END AS days_failing
FROM old o FULL OUTER JOIN new n USING (school_id, ukey)
)
-- accounts that stayed ready (or stayed outside the scope) are not a change
WHERE change <> 'unchanged'
ORDER BY change, school_id, username;

-- name: dq_reasons
-- Why numbers fail, and what Excel did to them (restored or not).
SELECT s.reason, count(*) AS accounts
FROM account_status s WHERE s.as_of = $as_of AND s.reason IS NOT NULL
GROUP BY ALL ORDER BY accounts DESC, s.reason;

-- name: dq_flags
SELECT flag, count(*) AS accounts
FROM (SELECT unnest(flags) AS flag FROM account_status WHERE as_of = $as_of)
GROUP BY ALL ORDER BY accounts DESC, flag;

-- name: dq_excel
SELECT damage, restored, coalesce(accounts, 0)::BIGINT AS accounts
FROM (
    SELECT 'leading_zero_restored' AS damage, true AS restored,
           count_if(list_contains(number_flags, 'leading_zero_restored')) AS accounts
    FROM accounts WHERE as_of = $as_of
    UNION ALL
    SELECT 'decimal_suffix_removed', true, count_if(list_contains(number_flags, 'decimal_suffix_removed'))
    FROM accounts WHERE as_of = $as_of
    UNION ALL
    SELECT 'excel_scientific', false, count_if(number_reason = 'excel_scientific')
    FROM accounts WHERE as_of = $as_of
)
-- (ties, and the branches of a UNION, come in no fixed order without one)
ORDER BY list_position(['leading_zero_restored', 'decimal_suffix_removed', 'excel_scientific'],
                       damage);

-- name: dq_unknown_modules
-- Modules the policy does not know (module ids), and groups no mapping covers.
SELECT 'module' AS kind, module AS name, count(*) AS accounts
FROM (SELECT unnest(metric_modules) AS module FROM account_status WHERE as_of = $as_of)
WHERE NOT list_contains($known_modules, module)
GROUP BY ALL
UNION ALL
SELECT 'group', grp, count(*)
FROM (SELECT unnest(unmapped_groups) AS grp FROM accounts WHERE as_of = $as_of)
GROUP BY ALL
ORDER BY kind, accounts DESC, name;

-- name: dq_files
SELECT file_name, kind, encoding, delimiter, sheet, rows_read, accounts, mapping, warnings,
       left(sha256, 12) AS sha256_prefix
FROM snapshot_files WHERE as_of = $as_of ORDER BY kind DESC, file_name;

-- name: dq_clashes
-- Accounts sharing one valid number: conflicts (different people) and one person's accounts.
-- The number itself is not stored; `number_group` numbers the clashes on this page.
SELECT dense_rank() OVER (ORDER BY a.number_hash) AS number_group,
       s.status, s.school_id, s.username, a.last_name, a.first_name,
       list_contains(s.flags, 'same_person_multiple_accounts') AS same_person
FROM account_status s JOIN accounts a USING (as_of, school_id, username)
WHERE s.as_of = $as_of
  AND (s.status = 'conflict' OR list_contains(s.flags, 'same_person_multiple_accounts'))
ORDER BY number_group, s.school_id, s.username;
