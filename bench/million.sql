-- The 1Mx2 export of bench/scale.py: $accounts accounts x 2 rows (two groups), UTF-8, ";",
-- 7 columns; $missing_percent % empty numbers (8 for 1Mx2), ~2 % wrong check digits, ~30 % written 85.07.30-033.28.
-- Numbers are built by construction (check digits computed), from a fixed hash seed.
COPY (
WITH accounts AS (
    SELECT i, (hash(i, 11) >> 1)::BIGINT AS h FROM range($accounts) t(i)
), people AS (
    SELECT i, h,
        lpad((100000 + i % 1000)::VARCHAR, 6, '0') AS school,
        'u' || i::VARCHAR || '@school' || (i % 1000)::VARCHAR || '.be' AS username,
        (['Peeters','Janssens','Maes','Jacobs','Mertens','Willems','Claes','Goossens','Wouters','De Smet'])[(1 + (h >> 8) % 10)::BIGINT] AS last_name,
        (['Emma','Noah','Olivia','Arthur','Louise','Jules','Mila','Louis','Elena','Adam'])[(1 + (h >> 16) % 10)::BIGINT] AS first_name,
        (50 + (h >> 20) % 50) * 10000000 + (1 + (h >> 28) % 12) * 100000 + (1 + (h >> 32) % 28) * 1000 + (1 + (h >> 40) % 997) AS n9,
        (h >> 50) % 100 AS dice
    FROM accounts
), numbers AS (
    SELECT *, lpad(n9::VARCHAR, 9, '0') || lpad((CASE WHEN dice < 2 THEN (97 - n9 % 97) % 97 + 1 ELSE 97 - n9 % 97 END)::VARCHAR, 2, '0') AS digits
    FROM people
), cells AS (
    SELECT i, h, school, username, last_name, first_name,
        CASE WHEN dice >= 100 - $missing_percent THEN ''
             WHEN (h >> 44) % 10 < 3 THEN digits[1:2] || '.' || digits[3:4] || '.' || digits[5:6] || '-' || digits[7:9] || '.' || digits[10:11]
             ELSE digits END AS nn
    FROM numbers
)
SELECT school AS Instellingsnummer, username AS Gebruikersnaam, last_name AS Naam, first_name AS Voornaam,
    nn AS Rijksregisternummer, g.grp AS Groep, g.modules AS Modules
FROM cells, (VALUES ('Leerkrachten', 'Leerlingen'), ('Secretariaat', 'Personeel, iRekeningen')) g(grp, modules)
ORDER BY i, g.grp
) TO $path (HEADER, DELIMITER ';');
