-- Fix lists, streamed: the rows of dq/sql/metrics.sql's accounts query (its filters, in its
-- order) as the cells of the export, so Python only adds the action and the masked value.

-- name: cell_macro
-- A text cell no spreadsheet runs as a formula: a leading quote before = + - @ tab CR.
CREATE OR REPLACE TEMP MACRO dq_cell(x) AS
    CASE WHEN left(x, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || x
         ELSE coalesce(x, '') END;

-- name: columns
-- The select list over the accounts query (composed by dq.fixlist; no values in it).
SELECT dq_cell(school_id), dq_cell(username), dq_cell(last_name), dq_cell(first_name),
    dq_cell(email), dq_cell(array_to_string(groups, ', ')), dq_cell(array_to_string(modules, ', ')),
    status, reason, array_to_string(flags, ','), days_failing, check_digits, entered_value

-- name: copy_codes
-- The (status, reason, flags) combinations of a fix list (the accounts query is put in the
-- braces below), which Python labels once each for dq.fixlist.copy_csv.
SELECT DISTINCT status, coalesce(reason, ''), coalesce(array_to_string(flags, ','), '')
FROM ({accounts})

-- name: copy_rows
-- The fix list's short cells in the list's order, as a workspace table for COPY
-- (dq.fixlist.copy_csv): sorted before the long labels and actions are joined, so the sort
-- never carries them; read back in insertion order. The value as the list shows it: check
-- digits only, an invalid entry through dq_fix_mask (a Python function: dq.identifiers.mask
-- itself). Empty cells are NULL, which COPY writes as nothing.
CREATE OR REPLACE TEMP TABLE fix_rows AS
SELECT nullif(dq_cell(school_id), '') AS school_id, nullif(dq_cell(username), '') AS username,
    nullif(dq_cell(last_name), '') AS last_name, nullif(dq_cell(first_name), '') AS first_name,
    nullif(dq_cell(email), '') AS email,
    nullif(dq_cell(array_to_string(groups, ', ')), '') AS groups,
    nullif(dq_cell(array_to_string(modules, ', ')), '') AS modules,
    list_position($label_keys, status || chr(31) || coalesce(reason, '') || chr(31)
                               || coalesce(array_to_string(flags, ','), '')) AS label,
    CAST(days_failing AS VARCHAR) AS days_failing,
    nullif(dq_cell(CASE WHEN coalesce(check_digits, '') <> ''
                        THEN '••.••.••-•••.' || check_digits
                        WHEN coalesce(entered_value, '') <> '' THEN dq_fix_mask(entered_value)
                   END), '') AS entered_value
FROM ({accounts}) AS a
-- the accounts' own values, as the Python writer sorts, not the neutralised cells ('+5)
ORDER BY a.school_id, a.username

-- name: copy_out
-- The rows of copy_rows in their order, with the labels and actions Python made per
-- (status, reason, flags).
SELECT school_id, username, last_name, first_name, email, groups, modules,
    nullif($status_cells[label], ''), nullif($reason_cells[label], ''),
    nullif($flags_cells[label], ''), nullif($action_cells[label], ''),
    days_failing, entered_value
FROM fix_rows
