-- Ingest: from a staging table of canonical text columns (users_raw / contacts_raw, built by
-- dq.ingest) to the rows the store keeps. Runs in an in-memory workspace; only the last
-- statements touch the attached store, inside one transaction.

-- name: account_rows
-- One row per export row with a username, cleaned; ukey is the case-folded username.
-- Only what differs between the rows of one account is parsed here; the rest after collapse.
CREATE OR REPLACE TEMP TABLE user_rows AS
SELECT
    row_no,
    file_name,
    coalesce(nullif(trim(school_id), ''), $default_school) AS school_id,
    trim(username) AS username,
    lower(trim(username)) AS ukey,
    last_name,
    first_name,
    email,
    national_number,
    bis_number,
    -- the digits alone, to tell a different number from the same one written differently
    nullif(regexp_replace(national_number, '[^0-9]', '', 'g'), '') AS nn_digits,
    nullif(regexp_replace(bis_number, '[^0-9]', '', 'g'), '') AS bis_digits,
    "group",
    modules,
    account_type,
    contact_id,
    active,
    last_login,
    birth_date
FROM users_raw
WHERE nullif(trim(username), '') IS NOT NULL;

-- name: accounts_collapsed
-- Per-group rows collapse into one account: the union of groups, modules and contacts; for
-- single values the largest non-empty one (deterministic), flagging accounts whose rows
-- carry different numbers.
CREATE OR REPLACE TEMP TABLE user_accounts AS
WITH collapsed AS (
    SELECT
        school_id,
        ukey,
        min(username) AS username,
        max(last_name) AS last_name,
        max(first_name) AS first_name,
        max(email) AS email,
        -- cells joined as text and split once per account: much cheaper than lists of lists
        string_agg("group", ';') AS groups_text,
        string_agg(modules, ';') AS modules_text,
        max(account_type) AS account_type,
        string_agg(contact_id, ';') AS contacts_text,
        max(active) AS active,
        max(last_login) AS last_login,
        max(birth_date) AS birth_date,
        max(national_number) AS national_number,
        max(bis_number) AS bis_number,
        min(nn_digits) <> max(nn_digits) OR min(bis_digits) <> max(bis_digits) AS number_variants,
        count(*)::INTEGER AS source_rows,
        min(row_no) AS first_row
    FROM user_rows
    GROUP BY school_id, ukey
)
SELECT school_id, ukey, username,
    nullif(trim(last_name), '') AS last_name,
    nullif(trim(first_name), '') AS first_name,
    nullif(trim(email), '') AS email,
    list_sort(list_distinct(list_filter(string_split_regex(coalesce(groups_text, ''), '\s*[,;|\n]\s*'),
                                        lambda g: g <> ''))) AS groups,
    list_sort(list_distinct(list_filter(string_split_regex(coalesce(modules_text, ''), '\s*[,;|/\n]\s*'),
                                        lambda m: m <> ''))) AS module_labels,
    lower(nullif(trim(account_type), '')) AS account_type_raw,
    list_sort(list_distinct(list_filter(string_split_regex(coalesce(contacts_text, ''), '\s*[,;|\n]\s*'),
                                        lambda c: c <> ''))) AS contact_ids,
    lower(nullif(trim(active), '')) AS active_raw,
    try_strptime(trim(last_login), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S',
        '%Y-%m-%d', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y %H:%M',
        '%d-%m-%Y', '%d.%m.%Y'])::DATE AS last_login,
    try_strptime(trim(birth_date), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y', '%d-%m-%Y',
        '%d.%m.%Y'])::DATE AS birth_date,
    nullif(dq_id_trim(national_number), '') AS nn_raw,
    nullif(dq_id_trim(bis_number), '') AS bis_raw,
    coalesce(number_variants, false) AS number_variants,
    source_rows, first_row
FROM collapsed;

-- name: module_ids
-- Module labels to ids: known labels (and the policy's) by their folded form; other labels
-- become a slug and are reported as unknown modules.
CREATE OR REPLACE TEMP TABLE account_modules AS
WITH labels AS (
    SELECT school_id, ukey, unnest(module_labels) AS label FROM user_accounts
), mapped AS (
    SELECT l.school_id, l.ukey, l.label,
        coalesce(k.module_id,
                 trim(regexp_replace(lower(strip_accents(l.label)), '[^a-z0-9]+', '-', 'g'), '-'))
            AS module_id,
        k.module_id IS NULL AS unknown
    FROM labels l
    LEFT JOIN module_labels k
        ON k.folded = regexp_replace(lower(strip_accents(l.label)), '[^a-z0-9]', '', 'g')
)
SELECT school_id, ukey, list_sort(list_distinct(list(module_id))) AS modules
FROM mapped
WHERE module_id <> ''
GROUP BY school_id, ukey;

-- name: group_modules
-- Groups to modules through the policy's glob patterns, for accounts without a modules value.
-- Distinct groups are matched once, then joined back.
CREATE OR REPLACE TEMP TABLE account_group_modules AS
WITH account_groups AS (
    SELECT a.school_id, a.ukey, unnest(a.groups) AS grp
    FROM user_accounts a ANTI JOIN account_modules m USING (school_id, ukey)
), distinct_groups AS (
    SELECT DISTINCT grp FROM account_groups
), group_hits AS (
    SELECT d.grp, list_sort(list_distinct(list(g.module) FILTER (WHERE g.module IS NOT NULL))) AS modules
    FROM distinct_groups d LEFT JOIN group_map g ON lower(d.grp) GLOB lower(g.pattern)
    GROUP BY d.grp
)
SELECT ag.school_id, ag.ukey,
    list_sort(list_distinct(flatten(list(h.modules)))) AS modules,
    list_sort(list_distinct(list(ag.grp) FILTER (WHERE coalesce(len(h.modules), 0) = 0))) AS unmapped_groups
FROM account_groups ag JOIN group_hits h USING (grp)
GROUP BY ag.school_id, ag.ukey;

-- name: number_verdicts
-- Both number columns through the identifier engine in one pass.
CREATE OR REPLACE TEMP TABLE number_input AS
SELECT school_id, ukey, 'nn' AS source_column, nn_raw AS raw FROM user_accounts WHERE nn_raw IS NOT NULL
UNION ALL
SELECT school_id, ukey, 'bis' AS source_column, bis_raw AS raw FROM user_accounts WHERE bis_raw IS NOT NULL;
CREATE OR REPLACE TEMP TABLE number_verdicts AS
SELECT * FROM dq_id_verdicts('number_input');

-- name: accounts_final
-- The rows the store keeps. The valid number wins when both columns are filled; the hash
-- replaces it. Invalid entered values are kept (masked on screen) so typos can be fixed.
CREATE OR REPLACE TEMP TABLE accounts_final AS
WITH numbers AS (
    SELECT school_id, ukey,
        any_value(v) FILTER (WHERE source_column = 'nn') AS nn,
        any_value(v) FILTER (WHERE source_column = 'bis') AS bis
    FROM (SELECT school_id, ukey, source_column,
                 {'raw': raw, 'number': number, 'valid': valid, 'kind': kind, 'reason': reason,
                  'flags': flags} AS v
          FROM number_verdicts)
    GROUP BY school_id, ukey
), chosen AS (
    SELECT n.school_id, n.ukey, n.nn, n.bis,
        CASE WHEN n.nn.valid THEN n.nn
             WHEN n.bis.valid THEN n.bis
             ELSE coalesce(n.nn, n.bis) END AS pick
    FROM numbers n
)
SELECT
    $as_of::DATE AS as_of,
    a.school_id,
    a.username,
    a.last_name,
    a.first_name,
    a.email,
    a.groups,
    coalesce(m.modules, gm.modules, []::VARCHAR[]) AS modules,
    CASE WHEN m.modules IS NOT NULL THEN 'column'
         WHEN len(gm.modules) > 0 THEN 'groups'
         ELSE 'none' END AS modules_from,
    coalesce(gm.unmapped_groups, []::VARCHAR[]) AS unmapped_groups,
    CASE
        WHEN a.account_type_raw SIMILAR TO '.*(webservice|service|api|koppeling).*' THEN 'webservice'
        WHEN a.account_type_raw SIMILAR TO '.*(extern|contact|clb|externe).*' THEN 'external'
        WHEN a.account_type_raw IS NOT NULL THEN 'internal'
    END AS account_type,
    a.contact_ids,
    CASE
        WHEN a.active_raw IN ('ja', 'j', 'yes', 'y', 'true', 'waar', '1', 'actief', 'active', 'actif', 'oui', 'x') THEN true
        WHEN a.active_raw IN ('nee', 'n', 'no', 'false', 'onwaar', '0', 'inactief', 'inactive', 'inactif', 'non', 'niet actief', 'geblokkeerd', 'blocked') THEN false
    END AS active,
    a.last_login,
    $has_login_column AS has_login_column,
    c.pick IS NOT NULL AS number_present,
    coalesce(c.pick.valid, false) AS number_valid,
    c.pick.kind AS number_kind,
    CASE WHEN c.pick IS NULL THEN 'missing' ELSE c.pick.reason END AS number_reason,
    coalesce(c.pick.flags, []::VARCHAR[]) AS number_flags,
    CASE WHEN c.pick.valid THEN
        sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode(c.pick.number)))) END AS number_hash,
    CASE WHEN c.pick.valid THEN right(c.pick.number, 2) END AS check_digits,
    CASE WHEN c.pick IS NOT NULL AND NOT c.pick.valid THEN c.pick.raw END AS entered_value,
    coalesce(c.nn IS NOT NULL AND c.bis IS NOT NULL
             AND NOT (c.nn.valid AND c.bis.valid AND c.nn.number = c.bis.number), false) AS numbers_disagree,
    -- the export's birth date against the one the number encodes, on the parts it knows
    coalesce(
        c.pick.valid AND a.birth_date IS NOT NULL AND dq_id_birth_year(c.pick.number) IS NOT NULL
        AND (year(a.birth_date) <> dq_id_birth_year(c.pick.number)
             OR month(a.birth_date) <> coalesce(dq_id_birth_month(c.pick.number), month(a.birth_date))
             OR a.birth_date <> coalesce(dq_id_birth_date(c.pick.number), a.birth_date)),
        false) AS birthdate_mismatch,
    a.source_rows
FROM user_accounts a
LEFT JOIN chosen c USING (school_id, ukey)
LEFT JOIN account_modules m USING (school_id, ukey)
LEFT JOIN account_group_modules gm USING (school_id, ukey);

-- name: contacts_collapsed
-- External contact persons, one row per contact id (a row number when the export has none).
CREATE OR REPLACE TEMP TABLE contacts_collapsed AS
WITH rows AS (
    SELECT
        coalesce(nullif(trim(contact_id), ''), 'rij-' || row_no::VARCHAR) AS contact_id,
        nullif(trim(last_name), '') AS last_name,
        nullif(trim(first_name), '') AS first_name,
        nullif(trim(organisation), '') AS organisation,
        list_filter(string_split_regex(lower(coalesce(username, '')), '\s*[,;\n]\s*'), lambda u: u <> '') AS usernames,
        nullif(dq_id_trim(national_number), '') AS nn_raw,
        nullif(dq_id_trim(bis_number), '') AS bis_raw
    FROM contacts_raw
)
SELECT contact_id, min(last_name) AS last_name, min(first_name) AS first_name,
    min(organisation) AS organisation,
    list_sort(list_distinct(flatten(list(usernames)))) AS usernames,
    coalesce(min(nn_raw), min(bis_raw)) AS raw
FROM rows GROUP BY contact_id;

-- name: contacts_final
-- Their numbers through the engine, hashed like the accounts'.
CREATE OR REPLACE TEMP TABLE contacts_final AS
SELECT
    $as_of::DATE AS as_of, contact_id, last_name, first_name, organisation, usernames,
    raw IS NOT NULL AS number_present,
    valid AS number_valid,
    kind AS number_kind,
    reason AS number_reason,
    flags AS number_flags,
    CASE WHEN valid THEN sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode(number)))) END AS number_hash,
    CASE WHEN valid THEN right(number, 2) END AS check_digits,
    CASE WHEN raw IS NOT NULL AND NOT valid THEN raw END AS entered_value
FROM dq_id_verdicts('contacts_collapsed');
