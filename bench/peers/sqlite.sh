#!/bin/sh
# The fsbo job done with the sqlite3 CLI (Debian package sqlite3): import the three CSV files
# into an in-memory database, then SQL.
#   sqlite.sh REGISTRY SURVEY [OPERATORS]
# Prints indicateur,operateur,valeur,n (see bench/README.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
reg=$1
survey=$2
ops=${3:-$here/../../data/operateurs.csv}
# Paths go into SQL strings: double their single quotes.
sq() { printf '%s' "$1" | sed "s/'/''/g"; }

yesno() {
  printf "CASE WHEN lower(%s) IN ('oui','o','yes','y','vrai','true','1') THEN 1 WHEN lower(%s) IN ('non','n','no','faux','false','0') THEN 0 END" "$1" "$1"
}

sqlite3 -batch <<SQL
.bail on
.mode csv
.import '$(sq "$ops")' operateurs
.import '$(sq "$reg")' registre
.import '$(sq "$survey")' enquete

-- every spelling of an operator: code, label and the aliases separated by '|'
CREATE TEMP TABLE spelling AS
WITH RECURSIVE split(code, s, rest) AS (
  SELECT code, NULL, alias || '|' FROM operateurs
  UNION ALL
  SELECT code, substr(rest, 1, instr(rest, '|') - 1), substr(rest, instr(rest, '|') + 1)
  FROM split WHERE rest <> ''
)
SELECT code, s FROM split WHERE s <> ''
UNION SELECT code, code FROM operateurs
UNION SELECT code, libelle FROM operateurs;

-- normalized key of each distinct spelling (operator registry and survey), one character at
-- a time: lowercase, accents removed, spaces, hyphens and apostrophes dropped (sqlite's
-- lower() folds ASCII only)
CREATE TEMP TABLE fold(ch TEXT PRIMARY KEY, base TEXT);
INSERT INTO fold VALUES
  ('à','a'),('â','a'),('ä','a'),('À','a'),('Â','a'),('Ä','a'),('ç','c'),('Ç','c'),
  ('é','e'),('è','e'),('ê','e'),('ë','e'),('É','e'),('È','e'),('Ê','e'),('Ë','e'),
  ('î','i'),('ï','i'),('Î','i'),('Ï','i'),('ô','o'),('ö','o'),('Ô','o'),('Ö','o'),
  ('ù','u'),('û','u'),('ü','u'),('Ù','u'),('Û','u'),('Ü','u'),('ÿ','y'),('œ','oe'),
  ('Œ','oe'),('æ','ae'),('Æ','ae'),(' ',''),('-',''),('''',''),('’','');
CREATE TEMP TABLE normalized AS
WITH RECURSIVE name(raw) AS (
  SELECT s FROM spelling UNION SELECT operateur FROM enquete
),
walk(raw, i, key) AS (
  SELECT raw, 1, '' FROM name
  UNION ALL
  SELECT raw, i + 1,
         key || coalesce((SELECT base FROM fold WHERE ch = substr(raw, i, 1)), lower(substr(raw, i, 1)))
  FROM walk WHERE i <= length(raw)
)
SELECT raw, key FROM walk WHERE i = length(raw) + 1;

-- each distinct spelling of the survey, resolved once
CREATE TEMP TABLE resolved AS
SELECT DISTINCT n.raw AS operateur, s.code
FROM normalized n
JOIN normalized m ON m.key = n.key
JOIN spelling s ON s.s = m.raw;

CREATE TEMP TABLE answer AS
SELECT r.code,
       $(yesno e.referent_identifie) AS referent,
       $(yesno e.canal_dedie) AS canal,
       CASE WHEN e.delai_reponse_jours <> '' THEN CAST(e.delai_reponse_jours AS REAL) END AS delai,
       CASE WHEN e.satisfaction <> '' THEN CAST(e.satisfaction AS INTEGER) END AS satisfaction,
       CASE WHEN e.nb_sollicitations <> '' THEN CAST(e.nb_sollicitations AS INTEGER) END AS nb
FROM enquete e
JOIN registre g ON g.id_fs = e.id_fs
JOIN resolved r ON r.operateur = e.operateur;

CREATE TEMP TABLE participation AS
SELECT g.insee_dep AS dep, count(*) AS registered, count(s.id_fs) AS responded
FROM registre g
LEFT JOIN (SELECT DISTINCT id_fs FROM enquete) s ON s.id_fs = g.id_fs
GROUP BY g.insee_dep;

.mode list
.separator ,
SELECT 'indicateur,operateur,valeur,n';
SELECT 'participation', '', printf('%.12g', 1.0 * sum(responded) / sum(registered)), sum(registered)
FROM participation;
SELECT 'participation_dep', dep, printf('%.12g', 1.0 * responded / registered), registered
FROM participation ORDER BY dep;

WITH ranked AS (
  SELECT code, delai,
         row_number() OVER (PARTITION BY code ORDER BY delai) AS k,
         count(*) OVER (PARTITION BY code) AS c
  FROM answer WHERE delai IS NOT NULL
),
median AS (
  SELECT code, avg(delai) AS value FROM ranked WHERE k IN ((c + 1) / 2, (c + 2) / 2) GROUP BY code
),
figures AS (
  SELECT code,
         avg(referent) AS referent, count(referent) AS n_referent,
         avg(canal) AS canal, count(canal) AS n_canal,
         avg(delai) AS delai, count(delai) AS n_delai,
         avg(satisfaction) AS satisfaction, count(satisfaction) AS n_satisfaction,
         avg(satisfaction >= 4) AS satisfaits,
         sum(nb) AS nb, count(nb) AS n_nb
  FROM answer GROUP BY code
)
SELECT indicateur, code, printf('%.12g', value), n FROM (
  SELECT 'referent' AS indicateur, code, referent AS value, n_referent AS n FROM figures
  UNION ALL SELECT 'canal_dedie', code, canal, n_canal FROM figures
  UNION ALL SELECT 'delai_moyen', code, delai, n_delai FROM figures
  UNION ALL SELECT 'delai_median', f.code, m.value, n_delai FROM figures f JOIN median m USING (code)
  UNION ALL SELECT 'satisfaction_moyenne', code, satisfaction, n_satisfaction FROM figures
  UNION ALL SELECT 'taux_satisfaits', code, satisfaits, n_satisfaction FROM figures
  UNION ALL SELECT 'sollicitations', code, nb, n_nb FROM figures
) WHERE n > 0 ORDER BY code, indicateur;
SQL
