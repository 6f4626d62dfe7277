-- Judging one snapshot: the rules of dq/rules.toml over its accounts, in stages run in file
-- order, each reading the one before, all in the workspace. Reads the ingest's
-- accounts_final and contacts_final, the temp table
-- policy_modules(module_id, requires_2fa), and the store attached as `store` for the previous
-- snapshot's streaks. Ends with judged_status and judged_counts, which dq.store writes.

-- name: name_macros
-- Whether two accounts carrying one valid number are the same person, on their names (folded:
-- no case or accents; letters compared, parts split on anything else) or e-mail local parts.
-- Last names: equal letters (D'Hondt / Dhondt), one the letters of a run of whole parts of
-- the other (Peeters / Peeters-Janssens, Vandenbossche / Van den Bossche-Maes; not Li /
-- Williams), or a shared part; a run or part counts with three letters or more and not when
-- it is only name particles (the policy's [same_person] name_particles: Van Damme / Van Acker
-- share only "van", Van / Van Damme only a particle). First names: equal, one a prefix of
-- the other (Piet / Pieter, J. / Jan), or initials only matching the other's initials (J.P. /
-- Jan-Pieter). First and last name swapped in either account still match. A placeholder name
-- (the policy's placeholder_names: Onbekend, X, NN, ...) counts as no name. E-mail local
-- parts count only when personal: with a letter, and none of the policy's generic ones
-- (info@, secretariaat@, "geen", ...).
CREATE OR REPLACE TEMP MACRO dq_name_parts(s) AS
    list_filter(regexp_split_to_array(lower(strip_accents(coalesce(s, ''))), '[^\pL]+'),
                lambda p: p <> '');
CREATE OR REPLACE TEMP MACRO dq_real_name(s, placeholders) AS
    CASE WHEN NOT list_contains(placeholders, lower(strip_accents(trim(coalesce(s, '')))))
         THEN s END;
CREATE OR REPLACE TEMP MACRO dq_counts_as_part(run, particles) AS
    length(array_to_string(run, '')) >= 3
    AND NOT list_bool_and(list_transform(run, lambda p: list_contains(particles, p)));
-- every run of consecutive whole parts that counts: Van den Bossche gives vandenbossche,
-- denbossche, bossche, ... but not van or vanden (only particles)
CREATE OR REPLACE TEMP MACRO dq_part_runs(parts, particles) AS
    list_transform(
        list_filter(
            flatten(list_transform(range(1, len(parts) + 1),
                lambda i: list_transform(range(i, len(parts) + 1), lambda j: parts[i:j]))),
            lambda run: dq_counts_as_part(run, particles)),
        lambda run: array_to_string(run, ''));
-- one name cell as it is compared, from its parts (dq_name_parts of the cell, a placeholder
-- being no name): its letters are its parts joined
CREATE OR REPLACE TEMP MACRO dq_name_facts(parts, particles) AS
    {'letters': array_to_string(parts, ''),
     'runs': dq_part_runs(parts, particles),
     'singles': list_filter(parts, lambda p: dq_counts_as_part([p], particles)),
     'only_initials': len(parts) > 0 AND list_bool_and(list_transform(parts, lambda p: len(p) = 1)),
     'initials': array_to_string(list_transform(parts, lambda p: p[1]), '')};
CREATE OR REPLACE TEMP MACRO dq_last_names_match(a, b) AS
    a.letters <> '' AND b.letters <> '' AND (
        a.letters = b.letters
        OR list_contains(b.runs, a.letters) OR list_contains(a.runs, b.letters)
        OR len(list_intersect(a.singles, b.singles)) > 0);
CREATE OR REPLACE TEMP MACRO dq_first_names_match(a, b) AS
    a.letters <> '' AND b.letters <> '' AND (
        starts_with(a.letters, b.letters) OR starts_with(b.letters, a.letters)
        OR (a.only_initials AND a.letters = b.initials)
        OR (b.only_initials AND b.letters = a.initials));
CREATE OR REPLACE TEMP MACRO dq_email_local_part(e) AS
    CASE WHEN contains(coalesce(e, ''), '@')
         THEN lower(strip_accents(trim(split_part(e, '@', 1)))) END;
CREATE OR REPLACE TEMP MACRO dq_email_local(e, generic) AS
    CASE WHEN regexp_matches(dq_email_local_part(e), '\pL')
              AND NOT coalesce(list_bool_or(list_transform(generic,
                  -- a numbered mailbox (secretariaat1@, info.2@) is as generic as its name
                  lambda g: dq_email_local_part(e) GLOB g
                            OR regexp_replace(dq_email_local_part(e), '[0-9._+-]+$', '') GLOB g)),
                  false)
         THEN dq_email_local_part(e) END;
-- two accounts as facts_people works them out (dq_person_facts), the same person or not
CREATE OR REPLACE TEMP MACRO dq_same_person_facts(x, y) AS
    coalesce(
        (dq_last_names_match(x.last, y.last) AND dq_first_names_match(x.first, y.first))
        -- either account with its first and last name swapped
        OR (dq_last_names_match(x.first, y.last) AND dq_first_names_match(x.last, y.first))
        OR (dq_last_names_match(x.last, y.first) AND dq_first_names_match(x.first, y.last))
        OR x.email = y.email,
        false);

-- name: policy_account_types
-- The policy's [account_types]: folded group pattern, type, and which type wins on a tie.
CREATE OR REPLACE TEMP TABLE policy_account_types (pattern VARCHAR, account_type VARCHAR, priority INTEGER);

-- name: add_account_type_pattern
INSERT INTO policy_account_types VALUES (?, ?, ?);

-- name: new_rows_none
-- Re-judging stored snapshots (a policy change, a migration): no new rows.
CREATE OR REPLACE TEMP VIEW new_accounts AS SELECT * FROM store.accounts LIMIT 0;
CREATE OR REPLACE TEMP VIEW new_contacts AS SELECT * FROM store.contacts LIMIT 0;

-- name: new_rows_ingest
-- An ingest: the rows its files gave (a kind of file that did not come gives none).
CREATE TEMP TABLE IF NOT EXISTS accounts_final AS SELECT * FROM store.accounts LIMIT 0;
CREATE TEMP TABLE IF NOT EXISTS contacts_final AS SELECT * FROM store.contacts LIMIT 0;
CREATE OR REPLACE TEMP VIEW new_accounts AS SELECT * FROM accounts_final;
CREATE OR REPLACE TEMP VIEW new_contacts AS SELECT * FROM contacts_final;

-- name: snapshot
-- The snapshot to judge: the new rows plus what the store keeps for the date and the new
-- files do not replace (other schools' accounts; the contacts when no contacts file came).
CREATE OR REPLACE TEMP TABLE kept_accounts AS
SELECT * FROM store.accounts
WHERE as_of = $as_of AND school_id NOT IN (SELECT DISTINCT school_id FROM new_accounts);
CREATE OR REPLACE TEMP TABLE kept_contacts AS
SELECT * FROM store.contacts WHERE as_of = $as_of AND NOT $new_contacts;
CREATE OR REPLACE TEMP VIEW snapshot_accounts AS
SELECT * FROM new_accounts UNION ALL BY NAME SELECT * FROM kept_accounts;
CREATE OR REPLACE TEMP VIEW snapshot_contacts AS
SELECT * FROM new_contacts UNION ALL BY NAME SELECT * FROM kept_contacts;

-- name: facts_accounts
-- Per account the number that counts for it: its own, or for an external account its
-- linked contact person's; and what its modules need.
-- Each part reads only the columns it needs from snapshot_accounts (a CTE of the whole row,
-- read by several parts, was materialised: a copy of every account). The row id of this
-- table is the key the later fact stages join on.
CREATE OR REPLACE TEMP TABLE account_facts_base AS
WITH cont AS (
    SELECT * FROM snapshot_contacts
), contact_links AS (
    -- linked by the contact id on the account, or by the username on the contact person;
    -- both without case (ids are typed by hand: CLB-0042 is clb-0042)
    SELECT a.school_id, a.username, c.contact_id
    FROM (SELECT school_id, username, unnest(contact_ids) AS contact_id
          FROM snapshot_accounts WHERE len(contact_ids) > 0) a
    JOIN cont c ON lower(c.contact_id) = lower(a.contact_id)
    UNION
    SELECT a.school_id, a.username, c.contact_id
    FROM (SELECT contact_id, unnest(usernames) AS linked FROM cont) c
    JOIN (SELECT school_id, username FROM snapshot_accounts) a ON lower(a.username) = c.linked
), linked AS (
    -- the best linked contact: a valid number first, then any number
    SELECT l.school_id, l.username,
        first({'valid': c.number_valid, 'present': c.number_present, 'kind': c.number_kind,
               'reason': c.number_reason, 'flags': c.number_flags, 'hash': c.number_hash,
               'check_digits': c.check_digits, 'entered_value': c.entered_value,
               'last_name': c.last_name, 'first_name': c.first_name}
              ORDER BY c.number_valid DESC, c.number_present DESC, c.contact_id) AS c
    FROM contact_links l JOIN cont c USING (contact_id)
    GROUP BY l.school_id, l.username
), module_need AS (
    -- once per distinct list of modules, joined back on the list
    SELECT m.modules,
        bool_or(coalesce(p.requires_2fa, true)) AS requires_2fa,
        bool_or(p.module_id IS NULL) AS has_unknown_module
    FROM (SELECT modules, unnest(modules) AS module_id
          FROM (SELECT DISTINCT modules FROM snapshot_accounts)) m
    LEFT JOIN policy_modules p ON p.module_id = m.module_id
    GROUP BY m.modules
), group_type AS (
    -- the policy's [account_types] group patterns (folded), once per distinct list of groups
    SELECT g.groups, arg_min(p.account_type, p.priority) AS account_type
    FROM (SELECT groups, unnest(groups) AS grp FROM (SELECT DISTINCT groups FROM snapshot_accounts)) g
    JOIN policy_account_types p ON lower(strip_accents(g.grp)) GLOB p.pattern
    GROUP BY g.groups
), own AS (
    -- the type column when it has a value, else the groups, else internal; a linked contact
    -- person alone never makes an account external
    SELECT a.* EXCLUDE (account_type, groups),
        coalesce(a.account_type, gt.account_type, 'internal') AS account_type,
        coalesce(a.account_type, gt.account_type, 'internal') = 'external' AS is_external,
        l.c AS contact,
        coalesce(mn.requires_2fa, true) AS requires_2fa,
        coalesce(mn.has_unknown_module, true) AS has_unknown_module
    FROM (SELECT * EXCLUDE (email, unmapped_groups, modules_from, source_rows),
              email AS account_email
          FROM snapshot_accounts) a
    LEFT JOIN linked l USING (school_id, username)
    LEFT JOIN module_need mn ON mn.modules = a.modules
    LEFT JOIN group_type gt ON gt.groups = a.groups
), chosen AS (
    SELECT *,
        CASE
            WHEN number_valid THEN 'own'
            WHEN is_external AND coalesce(contact.valid, false) THEN 'contact'
            WHEN number_present THEN 'own'
            WHEN is_external AND coalesce(contact.present, false) THEN 'contact'
            ELSE 'own'
        END AS number_source
    FROM own
)
SELECT * EXCLUDE (number_valid, number_present, number_kind, number_reason, number_flags,
               number_hash, check_digits, entered_value),
        number_valid AS own_valid,
        CASE number_source WHEN 'contact' THEN contact.present ELSE number_present END AS number_present,
        CASE number_source WHEN 'contact' THEN contact.valid ELSE number_valid END AS number_valid,
        CASE number_source WHEN 'contact' THEN contact.kind ELSE number_kind END AS number_kind,
        CASE number_source WHEN 'contact' THEN contact.reason ELSE number_reason END AS number_reason,
        CASE number_source WHEN 'contact' THEN contact.flags ELSE number_flags END AS number_flags,
        CASE number_source WHEN 'contact' THEN contact.hash ELSE number_hash END AS number_hash,
        CASE number_source WHEN 'contact' THEN contact.check_digits ELSE check_digits END AS check_digits,
        CASE number_source WHEN 'contact' THEN contact.entered_value ELSE entered_value END AS entered_value,
        starts_with(lower(username), lower($webservice_prefix)) AS is_webservice
FROM chosen;

-- name: facts_named
-- The accounts that carry a valid number more than one account carries, with the name and
-- e-mail address the same-person comparison reads (for an external account without a name,
-- its contact person's). Service accounts named by the convention are no person and take
-- no part.
CREATE OR REPLACE TEMP TABLE person_names AS
WITH shared AS (
    SELECT number_hash, count(*) AS accounts FROM account_facts_base
    WHERE number_valid AND NOT is_webservice
    GROUP BY number_hash HAVING count(*) > 1
)
SELECT b.rowid AS fact_no, b.number_hash, s.accounts,
    coalesce(b.last_name, b.contact.last_name) AS last_name,
    coalesce(b.first_name, b.contact.first_name) AS first_name,
    b.account_email AS email
FROM account_facts_base b JOIN shared s USING (number_hash)
WHERE b.number_valid AND NOT b.is_webservice

-- name: facts_people
-- Who else carries each number of person_names: every pair within a number's accounts, the
-- same person by dq_same_person_facts or not. One pair that is not makes every account with
-- the number a conflict (with Jan Peeters, J. Peeters-Maes and Jef Maes, two different
-- people carry it, whoever the middle one is); only when all pairs are the same person do
-- the accounts keep their status and get the flag. A number on more than 200 accounts is a
-- placeholder, not one person: all of them conflict (and the pairs stay few).
-- Worked out in steps, each a table: a name's parts once per account, its facts from the
-- parts, then the pairs. (One expression with the macros nested costs DuckDB a fixed ~0.5 s
-- per query however few the rows: every ingest paid it.) dq.rules.same_people runs these
-- same statements on pairs it is given.
CREATE OR REPLACE TEMP TABLE person_parts AS
SELECT fact_no, number_hash, accounts,
    dq_name_parts(dq_real_name(last_name, $placeholder_names)) AS last_parts,
    dq_name_parts(dq_real_name(first_name, $placeholder_names)) AS first_parts,
    dq_email_local(email, $generic_email_local_parts) AS email
FROM person_names;
CREATE OR REPLACE TEMP TABLE person_facts AS
SELECT fact_no, number_hash, accounts,
    {'last': dq_name_facts(last_parts, $name_particles),
     'first': dq_name_facts(first_parts, $name_particles),
     'email': email} AS person
FROM person_parts;
CREATE OR REPLACE TEMP TABLE account_people AS
WITH numbers AS (
    SELECT x.number_hash,
        bool_or(NOT dq_same_person_facts(x.person, y.person)) AS has_conflict
    FROM person_facts x JOIN person_facts y
        ON x.number_hash = y.number_hash AND x.fact_no < y.fact_no
    WHERE x.accounts <= 200
    GROUP BY x.number_hash
)
SELECT n.fact_no, coalesce(p.has_conflict, true) AS has_conflict,
    NOT coalesce(p.has_conflict, true) AS same_person_elsewhere
FROM person_facts n LEFT JOIN numbers p USING (number_hash);
DROP TABLE person_names;
DROP TABLE person_parts;
DROP TABLE person_facts

-- name: facts
-- The facts the rules' conditions read, one row per account: a query, not a table. The
-- results stage (generated by dq.rules) materialises it once, with statuses and flags.
SELECT b.*,
    coalesce(b.account_type = 'webservice', false)
        OR regexp_matches(lower(b.username || ' ' || coalesce(b.last_name, '') || ' ' || coalesce(b.first_name, '')),
                          $service_words)
        OR (b.last_name IS NULL AND b.first_name IS NULL AND NOT b.is_external) AS looks_like_service,
    coalesce(p.has_conflict, false) AS has_conflict,
    coalesce(p.same_person_elsewhere, false) AS same_person_elsewhere,
    coalesce(NOT b.active, false) AND NOT $count_inactive AS is_inactive,
    b.has_login_column
        AND (b.last_login IS NULL OR b.last_login < $as_of::DATE - to_days($stale_days::INTEGER)) AS is_stale
FROM account_facts_base b
LEFT JOIN account_people p ON p.fact_no = b.rowid

-- name: results
-- The generated stage (dq.rules): the facts, the statuses' CASE and the flags' list, and the
-- status query below, as one statement that writes judged_status.

-- name: status
-- What the store keeps per account: status, reason, flags, the judged number, and the start
-- of the current failing streak, carried over from the previous snapshot. A query over the
-- results (account_results, a CTE of the generated stage): the wide row of facts is never
-- a table of its own.
SELECT $as_of::DATE AS as_of, r.school_id, r.username, r.status,
    CASE WHEN list_contains($failing, r.status) AND NOT r.number_valid
         THEN coalesce(r.number_reason, 'missing') END AS reason,
    r.flags, r.number_source,
    CASE WHEN len(r.modules) = 0 THEN ['unknown'] ELSE r.modules END AS metric_modules,
    CASE WHEN NOT list_contains($failing, r.status) THEN NULL
         WHEN list_contains($failing, p.status) THEN p.failing_since
         ELSE $as_of::DATE END AS failing_since,
    r.number_kind, r.check_digits, r.entered_value
FROM account_results r
LEFT JOIN (
    SELECT school_id, lower(username) AS ukey, status, failing_since
    FROM store.account_status
    WHERE as_of = (SELECT max(as_of) FROM store.snapshots WHERE as_of < $as_of)
) p ON p.school_id = r.school_id AND p.ukey = lower(r.username)

-- name: counts
-- Accounts per school and status (module NULL), and per school, module and status.
CREATE OR REPLACE TEMP TABLE judged_counts AS
SELECT as_of, school_id, NULL::VARCHAR AS module, status, count(*) AS accounts
FROM judged_status GROUP BY ALL
UNION ALL
SELECT as_of, school_id, module, status, count(*) AS accounts
FROM (SELECT as_of, school_id, unnest(metric_modules) AS module, status FROM judged_status)
GROUP BY ALL;
