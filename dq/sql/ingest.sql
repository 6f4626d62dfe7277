-- Ingest: from the staged rows of the files (users_raw / contacts_raw: views by dq.ingest over
-- its staging tables users_stage / contacts_stage, every canonical text column, NULL where no
-- file had it; file_no points into staged_files) to the rows the store keeps. Named stages, run in file order
-- in an in-memory workspace, each reading the one before and dropping what no later stage
-- reads. The judging (dq/sql/rules.sql) and the one write (dq/sql/store.sql) follow.
--
-- Shape: 2 rows per account collapse to 1 in one GROUP BY; list cells (groups, modules,
-- contact ids) are joined as text per account, masked and split once per distinct text,
-- joined back; both number columns go through the engine on the narrowest table possible,
-- and the keyed hash replaces the clear number in that same stage, so no later table holds a
-- valid number. Every text cell that is kept (names, e-mail, groups, modules, contact ids,
-- entered values) goes through the redaction (user_accounts, the *_sets stages, and the number
-- stages for entered values) before accounts_final: a valid number typed anywhere is stored
-- masked, and the account gets the flag number_in_text.

-- name: file_stats
-- Per users file (by its number: two files may have the same name): rows without a
-- username (skipped, and reported). A row with no cell filled at all (a spreadsheet's
-- empty row, ';;;;' in a CSV) is no row without a username: it is passed over, like a
-- blank line.
CREATE OR REPLACE TEMP TABLE file_stats AS
SELECT file_no, count(*) AS rows_without_username,
    min(row_no) AS first_row_without_username,
    NULL::BIGINT AS accounts, NULL::VARCHAR[] AS schools
FROM users_raw
WHERE nullif(trim(username), '') IS NULL AND has_cells
GROUP BY file_no;

-- name: file_accounts
-- Only when several users files came: each file's accounts and schools, for its report.
CREATE OR REPLACE TEMP TABLE file_stats AS
SELECT r.file_no,
    coalesce(s.rows_without_username, 0) AS rows_without_username,
    s.first_row_without_username,
    count(DISTINCT (r.school, r.ukey)) AS accounts,
    list_sort(list_transform(list(DISTINCT r.school), lambda s: dq_text_masked(s))) AS schools
FROM (SELECT file_no, coalesce(nullif(trim(school_id), ''), $default_school) AS school,
             lower(trim(username)) AS ukey
      FROM users_raw WHERE nullif(trim(username), '') IS NOT NULL) r
LEFT JOIN file_stats s USING (file_no)
GROUP BY ALL;

-- name: cell_values
-- The cells whose texts repeat from row to row (type, active/status, dates: a handful of
-- texts, or some thousands of dates, over millions of rows), each distinct text judged once
-- and joined back on the text: whether it holds a number, what status it says, the date it
-- is (a date cell only holds a number when it is no date: dates have eight digits; one with
-- two year digits has no century, which the birth-date check leaves open).
CREATE OR REPLACE TEMP TABLE word_values AS
SELECT value,
    coalesce(dq_text_masked(value) IS DISTINCT FROM value, false) AS number_in_cell,
    dq_active_state(value, $inactive_values, $active_values) AS active_state
FROM (SELECT account_type AS value FROM users_raw UNION SELECT active FROM users_raw)
WHERE value IS NOT NULL;
CREATE OR REPLACE TEMP TABLE date_values AS
SELECT value, moment,
    -- as a birth date: a day number, twice, plus one when the year has two digits (no
    -- century): an integer an account's rows aggregate cheaply (dq_birth_key_mismatch)
    (moment::DATE - DATE '1970-01-01') * 2
        + regexp_matches(value, '^\s*[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}(?:\s|$)')::INTEGER
        AS birth_key,
    -- CASE, not AND: DuckDB would run the redaction on every date too. A date's own digits
    -- are no number; the time after it is redacted on its own (a time holds at most ten
    -- digits up to microseconds: eleven, 08:05:30.01296, may be one)
    coalesce(CASE WHEN moment IS NULL THEN dq_text_masked(value) IS DISTINCT FROM value
                  ELSE dq_text_masked(regexp_extract(trim(value), '^\S+?[ T](.*)$', 1))
                       <> regexp_extract(trim(value), '^\S+?[ T](.*)$', 1) END,
             false) AS number_in_cell
FROM (SELECT value, dq_date_text(value) AS moment
      FROM (SELECT last_login AS value FROM users_raw UNION SELECT birth_date FROM users_raw)
      WHERE value IS NOT NULL);

-- name: unknown_active
-- Per users file the active/status values that say neither active nor inactive (counted as
-- active; the report names them, masked).
CREATE OR REPLACE TEMP TABLE unknown_active AS
-- counted as listed: two texts that mask alike (a number written two ways) are one value
SELECT r.file_no, count(DISTINCT dq_text_masked(trim(r.active))) AS count,
    list(DISTINCT dq_text_masked(trim(r.active)) ORDER BY dq_text_masked(trim(r.active)))[1:10]
        AS active_values
FROM users_raw r JOIN word_values w ON w.value = r.active
WHERE w.active_state = 'unknown'
GROUP BY r.file_no;

-- name: user_accounts
-- Per-group rows collapse into one account (school, case-folded username). Single values: the
-- largest non-empty one (deterministic). List cells are joined as text, split later once
-- per distinct text. The row's rowid (account_no) is the key every later join uses: a
-- row_number() window to make one cost ~0.3 s per million accounts.
-- Then, in the same statement, the text cells the store keeps go through the redaction
-- before any later stage reads them (per account, after the rows collapsed). A masked
-- username gets a keyed tag, so two accounts whose usernames differ only in the number stay
-- two, week after week. school_key and ukey keep the unmasked key for number_variants.
-- The list cells (groups, modules, contact ids) repeat from account to account: they are
-- masked once per distinct text, in group_sets, module_sets and contact_sets.
CREATE OR REPLACE TEMP TABLE user_accounts AS
WITH collapsed AS MATERIALIZED (
    SELECT
        coalesce(nullif(trim(school_id), ''), $default_school) AS school_id,
        lower(trim(username)) AS ukey,
        min(trim(username)) AS username,
        nullif(trim(max(last_name)), '') AS last_name,
        nullif(trim(max(first_name)), '') AS first_name,
        nullif(trim(max(email)), '') AS email,
        -- the cells joined as text: a cheap key, split once per distinct value (below); joined
        -- by a control character no export writes (chr(31), the unit separator), so each
        -- row's cell is masked on its own whatever the rows' order (dq_cells_masked)
        coalesce(string_agg("group", chr(31)), '') AS group_cells,
        coalesce(string_agg(modules, chr(31)), '') AS module_cells,
        coalesce(string_agg(contact_id, chr(31)), '') AS contact_cells,
        lower(nullif(trim(max(account_type)), '')) AS account_type_raw,
        -- what the rows' active/status cells say (NULL: none says anything); the rows of
        -- one account may disagree. Plain aggregates: a DISTINCT one is a second GROUP BY
        bool_or(active_state = 'inactive') AS any_inactive,
        bool_and(active_state = 'inactive') AS all_inactive,
        -- a number typed into a cell the store does not keep (type, active, dates,
        -- organisation, unmapped columns): never stored, but the account is flagged
        coalesce(bool_or(number_in_cells
            OR dq_text_masked(organisation) IS DISTINCT FROM organisation
            OR len(list_filter(other_cells, lambda c: dq_text_masked(c) <> c)) > 0), false)
            AS number_in_other_text,
        max(login_moment)::DATE AS last_login,
        -- rows that give different birth dates: each is compared (number_verdicts)
        max(birth_key) AS birth_key,
        nullif(min(birth_key), max(birth_key)) AS other_birth_key,
        max(national_number) AS national_number,
        max(bis_number) AS bis_number,
        -- rows that carry different texts: checked on their digits in number_variants
        min(national_number) <> max(national_number) OR min(bis_number) <> max(bis_number)
            AS text_variants,
        count(*)::INTEGER AS source_rows
    FROM (SELECT r.*, a.active_state, l.moment AS login_moment, b.birth_key,
              -- type, active and date cells: judged once per distinct text (cell_values)
              coalesce(t.number_in_cell, false) OR coalesce(a.number_in_cell, false)
                  OR coalesce(l.number_in_cell, false) OR coalesce(b.number_in_cell, false)
                  AS number_in_cells
          FROM users_raw r
          LEFT JOIN word_values t ON t.value = r.account_type
          LEFT JOIN word_values a ON a.value = r.active
          LEFT JOIN date_values l ON l.value = r.last_login
          LEFT JOIN date_values b ON b.value = r.birth_date
          WHERE nullif(trim(r.username), '') IS NOT NULL)
    GROUP BY ALL
), masked AS (
    SELECT *,
        dq_text_masked(school_id) AS m_school_id,
        dq_text_masked(username) AS m_username,
        dq_text_masked(last_name) AS m_last_name,
        dq_text_masked(first_name) AS m_first_name,
        dq_text_masked(email) AS m_email
    FROM collapsed
)
SELECT * EXCLUDE (number_in_other_text, m_school_id, m_username, m_last_name,
               m_first_name, m_email)
    REPLACE (
        m_school_id AS school_id,
        dq_keyed_masked(username, m_username, $ipad, $opad) AS username,
        m_last_name AS last_name,
        m_first_name AS first_name,
        m_email AS email),
    school_id AS school_key,
    m_school_id <> school_id OR m_username <> username
        OR m_last_name IS DISTINCT FROM last_name OR m_first_name IS DISTINCT FROM first_name
        OR m_email IS DISTINCT FROM email OR number_in_other_text AS number_in_text
FROM masked;

DROP TABLE date_values;
DROP TABLE word_values;

-- name: number_variants
-- Accounts whose rows carry different numbers (not the same one written differently), with
-- the file and row of the account's first row (reported under that file; the account gets
-- numbers_disagree).
-- First on their texts without spaces, dots, dashes and slashes (cheap: most rows write one
-- number with and without them), then, for the few accounts left, on what the engine reads
-- (dq_number_key: Excel's forms of one number, full-width digits, a lost leading zero are
-- that number).
CREATE OR REPLACE TEMP TABLE variant_candidates AS
SELECT a.account_no, min({'file_no': r.file_no, 'row_no': r.row_no}) AS first
FROM (SELECT rowid AS account_no, school_key AS school_id, ukey
      FROM user_accounts WHERE text_variants) a
JOIN users_raw r
  ON coalesce(nullif(trim(r.school_id), ''), $default_school) = a.school_id
 AND lower(trim(r.username)) = a.ukey
GROUP BY a.account_no
HAVING min(dq_number_plain(r.national_number)) <> max(dq_number_plain(r.national_number))
    OR min(dq_number_plain(r.bis_number)) <> max(dq_number_plain(r.bis_number));
-- a table, not a CTE: its count (mostly none) makes it the join's build side
CREATE OR REPLACE TEMP TABLE number_variants AS
SELECT c.account_no, c.first
FROM variant_candidates c
JOIN user_accounts a ON a.rowid = c.account_no
JOIN users_raw r
  ON coalesce(nullif(trim(r.school_id), ''), $default_school) = a.school_key
 AND lower(trim(r.username)) = a.ukey
GROUP BY c.account_no, c.first
HAVING min(dq_number_key(r.national_number)) <> max(dq_number_key(r.national_number))
    OR min(dq_number_key(r.bis_number)) <> max(dq_number_key(r.bis_number));
DROP TABLE variant_candidates;
DROP VIEW users_raw;
DROP TABLE users_stage;

-- name: group_sets
-- Each distinct combination of group cells once: masked (a number typed into a group name is
-- kept masked, and the accounts get the flag number_in_text), its groups, the modules the
-- policy's glob patterns give them, and the groups no pattern covers. Masked in three
-- steps, none of which depends on the order of the account's rows: each row's cell (a
-- number split by a separator inside it), each group (a whole value such as Excel's ten
-- digits), and the list as shown (dq_shown_list).
CREATE OR REPLACE TEMP TABLE group_sets AS
WITH combos AS (
    SELECT group_cells, dq_cells_masked(group_cells) AS masked
    FROM (SELECT DISTINCT group_cells FROM user_accounts)
), sorted AS (
    SELECT group_cells, masked <> string_split(group_cells, chr(31)) AS number_in_cell,
        list_sort(list_distinct(list_filter(
            flatten(list_transform(masked, lambda c: string_split_regex(c, '\s*[,;|\n]\s*'))),
            lambda g: g <> ''))) AS groups
    FROM combos
), split AS (
    SELECT group_cells, number_in_cell OR shown.hit AS number_in_cell, shown.items AS groups
    FROM (SELECT *, dq_shown_list(groups) AS shown FROM sorted)
), distinct_groups AS (
    SELECT DISTINCT unnest(groups) AS grp FROM split
), group_hits AS (
    SELECT d.grp, list_sort(list_distinct(list(g.module) FILTER (WHERE g.module IS NOT NULL))) AS modules
    FROM distinct_groups d LEFT JOIN group_map g ON lower(d.grp) GLOB lower(g.pattern)
    GROUP BY d.grp
), per_combo AS (
    SELECT s.group_cells,
        list_sort(list_distinct(flatten(list(h.modules)))) AS modules,
        list_sort(list_distinct(list(s.grp) FILTER (WHERE coalesce(len(h.modules), 0) = 0))) AS unmapped_groups
    FROM (SELECT group_cells, unnest(groups) AS grp FROM split) s JOIN group_hits h USING (grp)
    GROUP BY s.group_cells
)
-- (the unmapped groups' own flag: they are kept only when no modules column says more)
SELECT group_cells, number_in_cell, unmapped.hit AS number_in_unmapped,
    groups, group_modules, unmapped.items AS unmapped_groups
FROM (SELECT s.group_cells, s.number_in_cell, s.groups, p.modules AS group_modules,
          dq_shown_list(p.unmapped_groups) AS unmapped
      FROM split s LEFT JOIN per_combo p USING (group_cells));

-- name: module_sets
-- Each distinct combination of modules cells once, masked (as group_sets): known labels (and
-- the policy's) by their folded form; other labels become a slug (reported as unknown
-- modules); modules NULL when the cell names none.
CREATE OR REPLACE TEMP TABLE module_sets AS
WITH combos AS (
    SELECT *, masked <> string_split(module_cells, chr(31)) AS number_in_cell
    FROM (SELECT module_cells, dq_cells_masked(module_cells) AS masked
          FROM (SELECT DISTINCT module_cells FROM user_accounts))
), labels AS (
    -- a label without a letter (digits, a masked number) is never a module name
    SELECT module_cells, unnest(list_filter(
        flatten(list_transform(masked, lambda c: string_split_regex(c, '\s*[,;|/\n]\s*'))),
        lambda m: regexp_matches(m, '\pL'))) AS label
    FROM combos
), mapped AS (
    SELECT l.module_cells,
        coalesce(k.module_id,
                 trim(regexp_replace(lower(strip_accents(l.label)), '[^a-z0-9]+', '-', 'g'), '-'))
            AS module_id
    FROM labels l
    LEFT JOIN module_labels k
        ON k.folded = regexp_replace(lower(strip_accents(l.label)), '[^a-z0-9]', '', 'g')
)
-- each module id masked as a whole, then the list as shown (dq_shown_list): a slug ('Groep
-- 720113    71229' is groep-720113-71229) or the ids together may be a number where no label was
SELECT module_cells, number_in_cell OR coalesce(shown.hit, false) AS number_in_cell,
    shown.items AS modules
FROM (SELECT c.module_cells, c.number_in_cell, dq_shown_list(p.modules) AS shown
      FROM combos c
      LEFT JOIN (SELECT module_cells, list_sort(list_distinct(list(module_id))) AS modules
                 FROM mapped
                 WHERE module_id <> ''
                 GROUP BY module_cells) p USING (module_cells));

-- name: contact_sets
-- Each distinct combination of contact id cells once: its ids, masked as the contact
-- persons' own ids are (dq_masked_items: each row's cell, then each id), so an account links
-- to its contact by an id that holds a number too; then the list as shown; and whether any
-- of these masked something (the flag number_in_text).
CREATE OR REPLACE TEMP TABLE contact_sets AS
SELECT contact_cells, number_in_cell OR shown.hit AS number_in_cell,
    shown.items AS contact_ids
FROM (SELECT *, dq_shown_list(contact_ids) AS shown
      FROM (SELECT contact_cells,
                list_sort(list_distinct(dq_masked_items(
                    contact_cells, masked, '\s*[,;|\n\x1f]\s*', $ipad, $opad))) AS contact_ids,
                masked <> contact_cells
                    OR contact_ids <> list_sort(list_distinct(
                        dq_list_items(contact_cells, '\s*[,;|\n\x1f]\s*'))) AS number_in_cell
            FROM (SELECT contact_cells,
                      array_to_string(dq_cells_masked(contact_cells), chr(31)) AS masked
                  FROM (SELECT DISTINCT contact_cells FROM user_accounts))));

-- name: number_verdicts
-- Both number columns through the engine, on (account_no, raw) alone. The stage that sees a
-- valid number in clear keeps only its keyed hash, check digits and what the birth-date
-- check needs.
CREATE OR REPLACE TEMP TABLE number_input AS
SELECT * FROM (
    SELECT rowid AS account_no, 'nn' AS source_column,
        nullif(dq_id_trim(national_number), '') AS raw
    FROM user_accounts WHERE national_number IS NOT NULL
    UNION ALL
    SELECT rowid, 'bis', nullif(dq_id_trim(bis_number), '')
    FROM user_accounts WHERE bis_number IS NOT NULL
) WHERE raw IS NOT NULL;
CREATE OR REPLACE TEMP TABLE number_verdicts AS
WITH birth AS (
    SELECT rowid AS account_no, birth_key, other_birth_key
    FROM user_accounts WHERE birth_key IS NOT NULL
), judged AS (
    -- an invalid value is kept redacted: the engine's dq_id_redact, which judges 11 plain
    -- digits (most wrong check digits) in SQL; the Python redaction costs ~75 µs a call
    SELECT *, CASE WHEN NOT valid THEN dq_id_redact(raw) END AS masked_raw
    FROM dq_id_verdicts('number_input')
)
SELECT j.account_no, j.source_column, j.valid, j.kind, j.reason,
    CASE WHEN j.masked_raw <> j.raw
         THEN list_append(j.flags, 'number_in_text') ELSE j.flags END AS flags,
    CASE WHEN j.valid THEN dq_keyed_hash(j.number, $ipad, $opad) END AS hash,
    CASE WHEN j.valid THEN right(j.number, 2) END AS check_digits,
    j.masked_raw AS entered_value,
    -- the export's birth date against the one the number encodes, on the parts it knows
    -- (CASE, not AND: only the rows it applies to are judged)
    coalesce(CASE WHEN j.valid AND b.birth_key IS NOT NULL
                  THEN dq_birth_key_mismatch(CAST(j.number AS BIGINT), b.birth_key) END, false)
        OR coalesce(CASE WHEN j.valid AND b.other_birth_key IS NOT NULL
                         THEN dq_birth_key_mismatch(CAST(j.number AS BIGINT), b.other_birth_key)
                    END, false)
        AS birthdate_mismatch
FROM judged j LEFT JOIN birth b USING (account_no);
DROP TABLE number_input;

-- name: accounts_final
-- The rows the store keeps. The valid number wins when both columns are filled; invalid
-- entered values are kept (masked on screen) so typos can be fixed.
CREATE OR REPLACE TEMP TABLE accounts_final AS
WITH verdict AS (
    SELECT account_no, source_column,
        {'valid': valid, 'kind': kind, 'reason': reason, 'flags': flags, 'hash': hash,
         'check_digits': check_digits, 'entered_value': entered_value,
         'birthdate_mismatch': birthdate_mismatch} AS v
    FROM number_verdicts
), chosen AS (
    -- every account with its verdicts, one join each (the number that counts: pick)
    SELECT a.*, a.rowid AS account_no, nn.v AS nn, bis.v AS bis,
        CASE WHEN nn.v.valid THEN nn.v
             WHEN bis.v.valid THEN bis.v
             ELSE coalesce(nn.v, bis.v) END AS pick
    FROM user_accounts a
    LEFT JOIN verdict nn ON nn.account_no = a.rowid AND nn.source_column = 'nn'
    LEFT JOIN verdict bis ON bis.account_no = a.rowid AND bis.source_column = 'bis'
), types AS (
    -- the type column read as words (dq.columns.TYPE_WORDS), once per distinct text: a word
    -- after a negation does not count; webservice words win, then internal ones, then
    -- external ones
    SELECT account_type_raw,
        CASE
            WHEN list_has_any(dq_type_words(account_type_raw, $type_negations), $type_webservice)
                THEN 'webservice'
            WHEN list_has_any(dq_type_words(account_type_raw, $type_negations), $type_internal)
                THEN 'internal'
            WHEN list_has_any(dq_type_words(account_type_raw, $type_negations), $type_external)
                THEN 'external'
            ELSE 'internal'
        END AS account_type
    FROM (SELECT DISTINCT account_type_raw FROM user_accounts WHERE account_type_raw IS NOT NULL)
)
SELECT
    $as_of::DATE AS as_of,
    c.school_id,
    c.username,
    c.last_name,
    c.first_name,
    c.email,
    coalesce(g.groups, []::VARCHAR[]) AS groups,
    coalesce(m.modules, CASE WHEN len(g.group_modules) > 0 THEN g.group_modules END, []::VARCHAR[]) AS modules,
    CASE WHEN m.modules IS NOT NULL THEN 'column'
         WHEN len(g.group_modules) > 0 THEN 'groups'
         ELSE 'none' END AS modules_from,
    CASE WHEN m.modules IS NULL THEN coalesce(g.unmapped_groups, []::VARCHAR[])
         ELSE []::VARCHAR[] END AS unmapped_groups,
    ty.account_type,  -- (types, above)
    coalesce(k.contact_ids, []::VARCHAR[]) AS contact_ids,
    -- not active or blocked: the policy's [readiness] values; rows that disagree: an inactive
    -- row wins (inactive_if = "any_row") or only all rows inactive count ("all_rows"),
    -- an unknown value counts as active (and the report names it)
    CASE WHEN c.any_inactive IS NOT NULL
         THEN NOT CASE WHEN $inactive_any_row THEN c.any_inactive ELSE c.all_inactive END
    END AS active,
    c.last_login,
    $has_login_column AS has_login_column,
    c.pick IS NOT NULL AS number_present,
    coalesce(c.pick.valid, false) AS number_valid,
    c.pick.kind AS number_kind,
    CASE WHEN c.pick IS NULL THEN 'missing' ELSE c.pick.reason END AS number_reason,
    -- a number in a kept text cell: the account's own, or its list cells' (the sets)
    CASE WHEN (c.number_in_text OR g.number_in_cell OR m.number_in_cell OR k.number_in_cell
               OR (m.modules IS NULL AND g.number_in_unmapped))
              AND NOT coalesce(list_contains(c.pick.flags, 'number_in_text'), false)
         THEN list_append(coalesce(c.pick.flags, []::VARCHAR[]), 'number_in_text')
         ELSE coalesce(c.pick.flags, []::VARCHAR[]) END AS number_flags,
    c.pick.hash AS number_hash,
    c.pick.check_digits AS check_digits,
    c.pick.entered_value AS entered_value,
    -- the two columns hold different numbers, or the account's rows do (number_variants)
    coalesce(c.nn IS NOT NULL AND c.bis IS NOT NULL
             AND NOT (c.nn.valid AND c.bis.valid AND c.nn.hash = c.bis.hash), false)
        OR v.account_no IS NOT NULL AS numbers_disagree,
    coalesce(c.pick.birthdate_mismatch, false) AS birthdate_mismatch,
    c.source_rows
FROM chosen c
LEFT JOIN types ty USING (account_type_raw)
LEFT JOIN group_sets g USING (group_cells)
LEFT JOIN module_sets m USING (module_cells)
LEFT JOIN contact_sets k USING (contact_cells)
LEFT JOIN number_variants v USING (account_no);
DROP TABLE user_accounts;
DROP TABLE number_variants;
DROP TABLE number_verdicts;
DROP TABLE group_sets;
DROP TABLE module_sets;
DROP TABLE contact_sets;

-- name: contacts_collapsed
-- External contact persons, one row per contact id (a row number when the export has none).
-- Their text cells are masked like the accounts' (the same keyed tag on a masked username, so
-- the link to the account holds).
CREATE OR REPLACE TEMP TABLE contacts_collapsed AS
WITH rows AS (
    SELECT
        coalesce(nullif(trim(contact_id), ''), 'rij-' || row_no::VARCHAR) AS contact_id,
        nullif(trim(last_name), '') AS last_name,
        nullif(trim(first_name), '') AS first_name,
        nullif(trim(organisation), '') AS organisation,
        -- masked per row (dq_masked_items): a number split over two items by a
        -- separator inside it is masked whole before the items are taken
        dq_masked_items(linked, m_linked, '\s*[,;\n]\s*', $ipad, $opad) AS usernames,
        linked, m_linked,
        nullif(dq_id_trim(national_number), '') AS nn_raw,
        nullif(dq_id_trim(bis_number), '') AS bis_raw,
        -- a number in a cell the store does not keep: flagged like one in a kept cell
        len(list_filter([email, "group", modules, account_type, active, school_id] || other_cells,
                        lambda c: dq_text_masked(c) <> c)) > 0 AS other_hit
    FROM (SELECT *, dq_text_masked(linked) AS m_linked
          FROM (SELECT *, lower(trim(coalesce(username, ''))) AS linked FROM contacts_raw))
), collapsed AS (
    SELECT contact_id, min(last_name) AS last_name, min(first_name) AS first_name,
        min(organisation) AS organisation,
        list_sort(list_distinct(flatten(list(usernames)))) AS usernames,
        coalesce(min(nn_raw), min(bis_raw)) AS raw,
        -- the linked cell or one of its items masked
        coalesce(bool_or(other_hit OR m_linked <> linked
                         OR usernames <> dq_list_items(linked, '\s*[,;\n]\s*')), false)
            AS other_hit
    FROM rows GROUP BY contact_id
), masked AS (
    SELECT * EXCLUDE (shown) REPLACE (shown.items AS usernames),
        shown.hit AS usernames_hit,
        dq_text_masked(contact_id) AS m_contact_id,
        dq_text_masked(last_name) AS m_last_name,
        dq_text_masked(first_name) AS m_first_name,
        dq_text_masked(organisation) AS m_organisation
    FROM (SELECT *, dq_shown_list(usernames) AS shown FROM collapsed)
)
-- a masked id keeps a keyed tag of the original: two ids that differ only in their number
-- stay two (the store's key), and an account's id cell masks alike (contact_sets)
SELECT dq_keyed_masked(contact_id, m_contact_id, $ipad, $opad) AS contact_id,
    m_last_name AS last_name, m_first_name AS first_name,
    m_organisation AS organisation, usernames, raw,
    m_contact_id <> contact_id
        OR m_last_name IS DISTINCT FROM last_name OR m_first_name IS DISTINCT FROM first_name
        OR m_organisation IS DISTINCT FROM organisation OR other_hit OR usernames_hit
        AS number_in_text
FROM masked;
DROP VIEW contacts_raw;
DROP TABLE contacts_stage;

-- name: contacts_final
-- Their numbers through the engine, hashed like the accounts'.
CREATE OR REPLACE TEMP TABLE contacts_final AS
SELECT
    $as_of::DATE AS as_of, contact_id, last_name, first_name, organisation, usernames,
    raw IS NOT NULL AS number_present,
    valid AS number_valid,
    kind AS number_kind,
    reason AS number_reason,
    CASE WHEN number_in_text OR masked_raw <> raw
         THEN list_append(flags, 'number_in_text') ELSE flags END AS number_flags,
    CASE WHEN valid THEN dq_keyed_hash(number, $ipad, $opad) END AS number_hash,
    CASE WHEN valid THEN right(number, 2) END AS check_digits,
    masked_raw AS entered_value
FROM (SELECT *, CASE WHEN raw IS NOT NULL AND NOT valid THEN dq_id_redact(raw) END AS masked_raw
      FROM dq_id_verdicts('contacts_collapsed'));
DROP TABLE contacts_collapsed;

-- name: workspace_tables
-- Filled by dq.ingest before the stages: module labels (folded) to ids, and the policy's
-- group patterns to modules. And the masking of text cells: a number needs at least 8 digits
-- in its cell (11, or 8 to 10 that get their leading zeros back), so a length (a cell of
-- fewer than 8 bytes has fewer than 8 characters) and one cheap test keep ordinary cells
-- off the redaction; any non-ASCII character (digits of other scripts) lets a
-- cell through. What passes goes to dq.identifiers.redact itself when the engine's own
-- candidate test (dq_id_redact_candidate) says it could hold a number: dq_id_redact without
-- its SQL check of 11 plain digits, which, expanded in every text cell, made each masking
-- stage cost ~0.07 s to plan however few the rows (11 plain digits go to Python here).
CREATE OR REPLACE TEMP MACRO dq_text_masked(s) AS
    CASE WHEN strlen(s) >= 8 AND regexp_matches(s, '(?:[0-9][^0-9]*){7}[0-9]|[^\x{0}-\x{7F}]')
              AND dq_id_redact_candidate(s)
         THEN dq_id_redact_text(s, getvariable('dq_id_today_key')) ELSE s END;
-- HMAC-SHA-256 of a text under the store's key (its pads, dq.privacy), in hex: the hash a
-- valid number is kept as. A masked text keeps a keyed tag of the original (the first 8 hex
-- digits) in its case-folded form: usernames and contact ids are compared without case
CREATE OR REPLACE TEMP MACRO dq_keyed_hash(text, ipad, opad) AS
    sha256(opad::BLOB || unhex(sha256(ipad::BLOB || encode(text))));
CREATE OR REPLACE TEMP MACRO dq_keyed_tag(text, ipad, opad) AS
    left(dq_keyed_hash(text, ipad, opad), 8);
CREATE OR REPLACE TEMP MACRO dq_keyed_masked(text, masked, ipad, opad) AS
    CASE WHEN masked = text THEN text
         ELSE masked || ' #' || dq_keyed_tag(lower(text), ipad, opad) END;
-- the items of a list cell (linked usernames, contact ids) as the store keeps them, from the
-- cell and the cell masked whole (dq_text_masked): each item masked with its keyed tag,
-- when masking each item finds what masking the whole cell finds; otherwise a number runs
-- over a separator ('850730,03328'), and the items of the cell masked whole, each masked
-- again, are kept (without tags: such an item links to nothing)
CREATE OR REPLACE TEMP MACRO dq_list_items(cell, separators) AS
    list_filter(string_split_regex(trim(cell), separators), lambda i: i <> '');
CREATE OR REPLACE TEMP MACRO dq_masked_items(cell, masked_cell, separators, ipad, opad) AS
    CASE WHEN list_transform(dq_list_items(cell, separators), lambda i: dq_text_masked(i))
              = dq_list_items(masked_cell, separators)
         THEN list_transform(dq_list_items(cell, separators),
                             lambda i: dq_keyed_masked(i, dq_text_masked(i), ipad, opad))
         ELSE list_transform(dq_list_items(masked_cell, separators),
                             lambda i: dq_text_masked(i)) END;
-- a number cell without spaces, dots, dashes and slashes: rows that differ only in these
-- write one number
CREATE OR REPLACE TEMP MACRO dq_number_plain(s) AS
    nullif(regexp_replace(s, '[\s./-]', '', 'g'), '');
-- what a number cell says, to compare an account's rows (dq.identifiers.number_key): the
-- number after the engine's repairs (85.07.30-033.28, 8,5073003328E+10, full-width digits:
-- one number), else its digits; leading zeros aside (Excel drops them)
CREATE OR REPLACE TEMP MACRO dq_number_key(s) AS
    dq_id_number_key(s, getvariable('dq_id_today_key'));
-- whether a birth date as date_values keys it (birth_key) contradicts valid number n
CREATE OR REPLACE TEMP MACRO dq_birth_key_mismatch(n, birth_key) AS
    dq_id_birth_mismatch(n, DATE '1970-01-01' + CAST(birth_key // 2 AS INTEGER),
                         century_known := birth_key % 2 = 0);
-- the cells of one column of an account's rows (joined by chr(31) in user_accounts), each
-- masked on its own
CREATE OR REPLACE TEMP MACRO dq_cells_masked(cells) AS
    list_transform(string_split(cells, chr(31)), lambda c: dq_text_masked(c));
-- a list as the pages, fix lists and reports show it (its items joined with ', '): each item
-- masked as a whole value (Excel's ten digits), then the join masked; the items of the masked
-- join, in its order, when it found a number (joined again they are the masked text). Items
-- that hold no number each may still make one together: '790909' and '90265' are shown as
-- '790909, 90265'. A struct: the items, and whether anything was masked (hit)
CREATE OR REPLACE TEMP MACRO dq_shown_list(items) AS
    list_transform([list_transform(items, lambda i: dq_text_masked(i))], lambda each:
        list_transform([dq_text_masked(array_to_string(each, ', '))], lambda shown:
            {'items': CASE WHEN shown IS NOT DISTINCT FROM array_to_string(each, ', ')
                           THEN each ELSE string_split(shown, ', ') END,
             'hit': each IS DISTINCT FROM items
                    OR shown IS DISTINCT FROM array_to_string(each, ', ')})[1])[1];
-- the words of a type cell (folded, split on anything but letters and digits) that no
-- negation ("geen", "niet", ...) stands right before
CREATE OR REPLACE TEMP MACRO dq_type_tokens(s) AS
    list_filter(regexp_split_to_array(lower(strip_accents(s)), '[^a-z0-9]+'), lambda w: w <> '');
CREATE OR REPLACE TEMP MACRO dq_type_words(s, negations) AS
    list_transform(
        list_filter(list_zip(dq_type_tokens(s), list_prepend('', dq_type_tokens(s))),
                    lambda p: p[1] IS NOT NULL AND NOT list_contains(negations, p[2])),
        lambda p: p[1]);
-- an active/status cell folded as dq.policy.fold_status does: no case, accents or text in
-- brackets, punctuation as spaces, 0.0 / 1,00 as their whole number
CREATE OR REPLACE TEMP MACRO dq_status_fold(s) AS
    trim(regexp_replace(
        regexp_replace(
            regexp_replace(lower(strip_accents(s)), '\([^)]*\)|\[[^\]]*\]|\{[^}]*\}', ' ', 'g'),
            '^\s*0*([0-9]+)(?:[.,]0+)?\s*$', '\1'),
        '[^a-z0-9]+', ' ', 'g'));
CREATE OR REPLACE TEMP MACRO dq_active_state(s, inactive_values, active_values) AS
    CASE WHEN nullif(trim(s), '') IS NULL THEN NULL
         WHEN list_contains(inactive_values, dq_status_fold(s)) THEN 'inactive'
         WHEN list_contains(active_values, dq_status_fold(s)) THEN 'active'
         ELSE 'unknown' END;
-- a date or time cell as the exports write them (NULL when it is something else): the date,
-- with any time after it (12:00, 00:00:00.000, T08:00:00Z, +01:00, 12:00 PM) or a zone alone
-- (1985-07-31Z, 1985-07-31+01:00, as XML writes a date) left off (date_values looks for a
-- number in what is left off). Two year digits (30/07/85, as
-- a spreadsheet may write a date) are 1969-2068, as strptime's %y reads them, never the year
-- 85 (so those formats come first: %Y takes two digits too)
CREATE OR REPLACE TEMP MACRO dq_date_text(s) AS
    try_strptime(
        regexp_replace(trim(s),
            '^(\S+?)(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?\s*'
            || '(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?'
            || '|Z|[+-][0-9]{2}:[0-9]{2})$', '\1'),
        ['%d/%m/%y', '%d-%m-%y', '%d.%m.%y', '%Y-%m-%d', '%Y/%m/%d', '%d/%m/%Y', '%d-%m-%Y',
         '%d.%m.%Y']);
CREATE OR REPLACE TEMP TABLE module_labels (folded VARCHAR, module_id VARCHAR);
CREATE OR REPLACE TEMP TABLE group_map (pattern VARCHAR, module VARCHAR);

-- name: add_module_label
INSERT INTO module_labels VALUES (?, ?);

-- name: add_group_pattern
INSERT INTO group_map VALUES (?, ?);

-- name: has_login_column
SELECT count(last_login) > 0 FROM users_raw;

-- name: one_file_accounts
SELECT count(*), list(DISTINCT school_id ORDER BY school_id) FROM user_accounts;

-- name: variants_found
SELECT first.file_no, count(*), min(first.row_no) FROM number_variants GROUP BY ALL;

-- name: unknown_active_rows
SELECT file_no, count, active_values FROM unknown_active;

-- name: file_stats_rows
SELECT file_no, rows_without_username, first_row_without_username, accounts, schools
FROM file_stats;
