-- The national-number engine in SQL: the steps of dq.identifiers.check, for whole columns.
--
-- dq.identifiers.sql.install() runs this file on a connection after setting three variables:
--   dq_id_map_from / dq_id_map_to  python-stdnum's table of look-alike characters (full-width
--                                  digits, exotic dashes, dots and spaces) and their ASCII twins;
--   dq_id_year                     the current year, for the rule that a 2000s birth year
--                                  cannot lie in the future.
-- WS below is every character Python's str.isspace() accepts (a test keeps the two equal).

-- Step 1: trim surrounding white space.
CREATE OR REPLACE TEMP MACRO dq_id_trim(s) AS
    regexp_replace(s,
        '^[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$',
        '', 'g');

-- Step 2: a long number that Excel wrote in scientific notation; its digits are lost.
CREATE OR REPLACE TEMP MACRO dq_id_is_scientific(t) AS
    regexp_full_match(t, '[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+');

-- Step 3: a float round trip left '.0' or ',00' behind.
CREATE OR REPLACE TEMP MACRO dq_id_has_decimal_suffix(t) AS
    regexp_full_match(t, '[0-9]+[.,]0+');

-- Step 4: separators people type: white space, dots, hyphens and dashes, minus sign, slashes.
CREATE OR REPLACE TEMP MACRO dq_id_strip_separators(t) AS
    regexp_replace(t,
        '[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}./\-\x{2010}-\x{2015}\x{2212}]+',
        '', 'g');

-- python-stdnum's compact(): map look-alikes to ASCII, then drop spaces, hyphens and dots.
-- The map only changes ASCII characters into other non-digits, which cannot change a
-- verdict, so it runs on non-ASCII values only (strlen counts bytes, length characters).
CREATE OR REPLACE TEMP MACRO dq_id_compact(v) AS
    replace(replace(replace(
        CASE WHEN strlen(v) <> length(v)
             THEN translate(v, getvariable('dq_id_map_from'), getvariable('dq_id_map_to'))
             ELSE v END,
        ' ', ''), '-', ''), '.', '');

-- From here a value is 11 ASCII digits, held as one BIGINT n: YYMMDD = n // 100000,
-- the nine digits before the check digits = n // 100, the check digits = n % 100.

-- The check digits hold for the 1900s, or for the 2000s when that year is not in the future.
CREATE OR REPLACE TEMP MACRO dq_id_checksum_ok(n) AS
    97 - (n // 100) % 97 = n % 100
    OR (n // 1000000000 + 2000 <= getvariable('dq_id_year')
        AND 97 - (2000000000 + n // 100) % 97 = n % 100);

-- Step 6 for 11 digits: python-stdnum's stdnum.be.ssn.validate as a reason code (NULL = valid).
CREATE OR REPLACE TEMP MACRO dq_id_number_reason(n) AS
    CASE
        WHEN NOT dq_id_checksum_ok(n) THEN 'checksum'
        -- the fictitious dates 1900/00/01 and 2000/00/01 (as BIS: month 20 or 40)
        WHEN n // 100000 IN (1, 2001, 4001) THEN NULL
        -- months 0-12 (0 = unknown or serials exhausted); BIS: + 20 or + 40
        WHEN (n // 10000000) % 100 BETWEEN 0 AND 12
          OR (n // 10000000) % 100 BETWEEN 20 AND 32
          OR (n // 10000000) % 100 BETWEEN 40 AND 52 THEN NULL
        ELSE 'date'
    END;

-- Step 6 for any compacted text, in stdnum's order: format (not digits, or only zeros),
-- length, then the 11-digit checks.
CREATE OR REPLACE TEMP MACRO dq_id_reason(c) AS
    CASE
        WHEN NOT regexp_full_match(c, '0*[1-9][0-9]*') THEN 'format'
        WHEN length(c) <> 11 THEN 'length'
        ELSE dq_id_number_reason(TRY_CAST(c AS BIGINT))
    END;

-- The kind of a valid number: BIS numbers carry month + 20 or + 40.
CREATE OR REPLACE TEMP MACRO dq_id_kind(c) AS
    CASE WHEN TRY_CAST(c[3:4] AS INTEGER) >= 20 THEN 'bis' ELSE 'nn' END;

-- Step 5: 8 to 10 digits that are valid once padded to 11 (padding does not change n).
CREATE OR REPLACE TEMP MACRO dq_id_pads_to_valid(v) AS
    CASE WHEN regexp_full_match(v, '[0-9]{8,10}')
         THEN dq_id_number_reason(TRY_CAST(v AS BIGINT)) IS NULL
         ELSE false END;

-- The whole engine over a table or view with a VARCHAR column `raw`: its columns plus
-- number, valid, kind, reason, flags (VARCHAR[] in the order the steps ran). Rows come out in
-- no particular order; join or sort on a key of the input.
CREATE OR REPLACE TEMP MACRO dq_id_verdicts(input_table) AS TABLE
WITH source AS NOT MATERIALIZED (
    SELECT *, coalesce(regexp_full_match(raw, '[0-9]{11}'), false) AS id_plain
    FROM query_table(input_table)
), plain AS (
    -- Most values are exactly 11 digits: nothing to trim, strip or repair.
    SELECT * EXCLUDE (id_plain),
        raw AS id_compact,
        false AS id_suffix,
        false AS id_padded,
        CASE WHEN raw = '00000000000' THEN 'format'
             ELSE dq_id_number_reason(CAST(raw AS BIGINT)) END AS reason
    FROM source WHERE id_plain
), trimmed AS (
    SELECT * EXCLUDE (id_plain), dq_id_trim(raw) AS id_trimmed
    FROM source WHERE NOT id_plain
), unsuffixed AS (
    SELECT *,
        coalesce(id_trimmed = '', true) AS id_missing,
        coalesce(dq_id_is_scientific(id_trimmed), false) AS id_scientific,
        coalesce(dq_id_has_decimal_suffix(id_trimmed), false) AS id_suffix
    FROM trimmed
), separated AS (
    SELECT *,
        dq_id_strip_separators(
            CASE WHEN id_suffix THEN regexp_extract(id_trimmed, '^[0-9]+') ELSE id_trimmed END
        ) AS id_separated
    FROM unsuffixed
), padded AS (
    SELECT *,
        NOT id_missing AND NOT id_scientific AND dq_id_pads_to_valid(id_separated) AS id_padded
    FROM separated
), compacted AS (
    SELECT *,
        dq_id_compact(CASE WHEN id_padded THEN lpad(id_separated, 11, '0') ELSE id_separated END)
            AS id_compact
    FROM padded
), repaired AS (
    SELECT * EXCLUDE (id_trimmed, id_missing, id_scientific, id_separated),
        CASE
            WHEN id_missing THEN 'missing'
            WHEN id_scientific THEN 'excel_scientific'
            ELSE dq_id_reason(id_compact)
        END AS reason
    FROM compacted
), judged AS (
    SELECT * FROM plain
    UNION ALL BY NAME
    SELECT * FROM repaired
)
SELECT * EXCLUDE (id_suffix, id_padded, id_compact),
    CASE WHEN reason IS NULL THEN id_compact END AS number,
    reason IS NULL AS valid,
    CASE WHEN reason IS NULL THEN dq_id_kind(id_compact) END AS kind,
    list_filter(
        [CASE WHEN id_suffix THEN 'decimal_suffix_removed' END,
         CASE WHEN id_padded THEN 'leading_zero_restored' END],
        lambda f: f IS NOT NULL) AS flags
FROM judged;

-- The birth date a valid number encodes, as python-stdnum's get_birth_year/_month/_date read
-- it: NULL for the parts that are unknown (month 00, day 00 or past the month's end, the
-- fictitious dates). The century is the one whose check digits hold (1900s first).
CREATE OR REPLACE TEMP MACRO dq_id_birth_year(number) AS
    CASE WHEN CAST(number AS BIGINT) // 100000 IN (1, 2001, 4001) THEN NULL
         ELSE CAST(number AS BIGINT) // 1000000000
              + CASE WHEN 97 - (CAST(number AS BIGINT) // 100) % 97 = CAST(number AS BIGINT) % 100
                     THEN 1900 ELSE 2000 END
    END;

CREATE OR REPLACE TEMP MACRO dq_id_birth_month(number) AS
    CASE WHEN CAST(number AS BIGINT) // 100000 IN (1, 2001, 4001) THEN NULL
         ELSE nullif((CAST(number AS BIGINT) // 10000000) % 100 % 20, 0)
    END;

CREATE OR REPLACE TEMP MACRO dq_id_birth_date(number) AS
    CASE WHEN dq_id_birth_month(number) IS NOT NULL
          AND (CAST(number AS BIGINT) // 100000) % 100 BETWEEN 1 AND
              day(last_day(make_date(dq_id_birth_year(number)::BIGINT, dq_id_birth_month(number)::BIGINT, 1)))
         THEN make_date(dq_id_birth_year(number)::BIGINT, dq_id_birth_month(number)::BIGINT,
                        ((CAST(number AS BIGINT) // 100000) % 100)::BIGINT)
    END;

-- The number a whole value is after the engine's repairs (steps 1-5), when it is valid.
-- list_transform([x], lambda y: ...)[1] names an intermediate once instead of repeating it.
CREATE OR REPLACE TEMP MACRO dq_id_value_number_of_separated(v) AS
    CASE WHEN dq_id_pads_to_valid(v) THEN lpad(v, 11, '0')
         ELSE list_transform([dq_id_compact(v)],
                             lambda c: CASE WHEN dq_id_reason(c) IS NULL THEN c END)[1]
    END;

CREATE OR REPLACE TEMP MACRO dq_id_value_number(s) AS
    list_transform([dq_id_trim(s)], lambda t:
        CASE WHEN t = '' OR dq_id_is_scientific(t) THEN NULL
             ELSE list_transform([dq_id_strip_separators(
                      CASE WHEN dq_id_has_decimal_suffix(t) THEN regexp_extract(t, '^[0-9]+')
                           ELSE t END)],
                  lambda v: dq_id_value_number_of_separated(v))[1]
        END)[1];

-- Redaction (dq.identifiers.redact): the substrings of s that write a valid number. A token is
-- a run of digit groups joined by single separators; from the start of each group, a window of
-- at most 11 groups and 10 separators either begins with exactly 11 digits ending a group, or
-- does not. The patterns come from Python (install sets them), so both paths use the same.
CREATE OR REPLACE TEMP MACRO dq_id_digits_of(c) AS
    translate(c, getvariable('dq_id_redact_separator_chars'), '');

CREATE OR REPLACE TEMP MACRO dq_id_embedded_in_parts(parts) AS
    list_transform(
        list_filter(
            list_transform(
                range(1, len(parts) + 1, 2),
                lambda i: list_transform(
                    [regexp_extract(array_to_string(parts[i:i + 20], ''),
                                    getvariable('dq_id_redact_candidate'), 1)],
                    lambda c: {'text': c, 'n': TRY_CAST(dq_id_digits_of(c) AS BIGINT)})[1]),
            lambda c: c.n IS NOT NULL AND dq_id_number_reason(c.n) IS NULL),
        lambda c: c.text);

CREATE OR REPLACE TEMP MACRO dq_id_embedded_numbers(s) AS
    flatten(list_transform(
        list_filter(regexp_extract_all(s, getvariable('dq_id_redact_token')),
                    lambda token: length(dq_id_digits_of(token)) >= 11),
        lambda token: dq_id_embedded_in_parts(
            regexp_extract_all(token, getvariable('dq_id_redact_part')))));

CREATE OR REPLACE TEMP MACRO dq_id_mask_number(number) AS '••.••.••-•••.' || right(number, 2);

CREATE OR REPLACE TEMP MACRO dq_id_redact_found(s, number) AS
    CASE WHEN number IS NOT NULL THEN dq_id_mask_number(number)
         ELSE list_reduce(
             list_prepend(s, dq_id_embedded_numbers(s)),
             lambda redacted, c: replace(redacted, c, dq_id_mask_number(dq_id_digits_of(c))))
    END;

-- Only values that could hold a number do the work: 11 plain digits (most number columns) are
-- judged directly; otherwise 11 digits in a row (separators allowed), or no ASCII letter and at
-- least 8 characters (a whole value that is a repaired number).
CREATE OR REPLACE TEMP MACRO dq_id_redact(s) AS
    CASE WHEN regexp_full_match(s, '[0-9]{11}')
         THEN CASE WHEN dq_id_number_reason(CAST(s AS BIGINT)) IS NULL
                   THEN dq_id_mask_number(s) ELSE s END
         WHEN regexp_matches(s, getvariable('dq_id_redact_prefilter'))
           OR (length(s) >= 8 AND NOT regexp_matches(s, '[A-Za-z]'))
         THEN list_transform([dq_id_value_number(s)], lambda n: dq_id_redact_found(s, n))[1]
         ELSE s END;
