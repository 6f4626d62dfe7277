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
