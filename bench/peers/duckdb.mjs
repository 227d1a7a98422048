#!/usr/bin/env node
// The fsbo job done with DuckDB from Node.js (npm @duckdb/node-api, installed under
// bench/peers/node_modules): read_csv on the files, then SQL, in an in-memory database
// using every core (DuckDB's default).
//   node duckdb.mjs REGISTRY SURVEY [OPERATORS]
// Prints indicateur,operateur,valeur,n (see bench/README.md).
import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const [reg, survey, opsArg] = process.argv.slice(2);
if (!reg || !survey) {
  console.error('usage: duckdb.mjs REGISTRY SURVEY [OPERATORS]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const ops = opsArg ?? path.join(here, '..', '..', 'data', 'operateurs.csv');
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
// lowercase, accents removed, no spaces, hyphens or apostrophes
const norm = (x) => `regexp_replace(lower(strip_accents(${x})), '[ ''’-]', '', 'g')`;
const yesno = (x) => `CASE WHEN lower(${x}) IN ('oui','o','yes','y','vrai','true','1') THEN 1
  WHEN lower(${x}) IN ('non','n','no','faux','false','0') THEN 0 END`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();

await con.run(`
CREATE TABLE registre AS
SELECT id_fs, insee_dep
FROM read_csv(${lit(reg)}, header = true, all_varchar = true);

CREATE TABLE spelling AS
WITH o AS (SELECT * FROM read_csv(${lit(ops)}, header = true, all_varchar = true))
SELECT DISTINCT code, ${norm('s')} AS key FROM (
  SELECT code, code AS s FROM o
  UNION ALL SELECT code, libelle FROM o
  UNION ALL SELECT code, unnest(string_split(alias, '|')) FROM o WHERE alias IS NOT NULL);

CREATE TABLE answer AS
SELECT e.id_fs, s.code,
       ${yesno('e.referent_identifie')} AS referent,
       ${yesno('e.canal_dedie')} AS canal,
       e.delai_reponse_jours AS delai,
       e.satisfaction, e.nb_sollicitations AS nb
FROM read_csv(${lit(survey)}, header = true, columns = {
       'annee': 'INTEGER', 'id_fs': 'VARCHAR', 'operateur': 'VARCHAR',
       'referent_identifie': 'VARCHAR', 'canal_dedie': 'VARCHAR',
       'delai_reponse_jours': 'DOUBLE', 'satisfaction': 'INTEGER',
       'nb_sollicitations': 'BIGINT', 'commentaire': 'VARCHAR'}) e
JOIN registre g ON g.id_fs = e.id_fs
JOIN spelling s ON s.key = ${norm('e.operateur')};
`);

const rows = [];
const participation = await con.runAndReadAll(`
SELECT g.insee_dep AS dep, count(*) AS registered, count(a.id_fs) AS responded
FROM registre g LEFT JOIN (SELECT DISTINCT id_fs FROM answer) a ON a.id_fs = g.id_fs
GROUP BY ALL ORDER BY dep`);
let registered = 0, responded = 0;
for (const [dep, reg_n, resp_n] of participation.getRows()) {
  registered += Number(reg_n);
  responded += Number(resp_n);
  rows.push(['participation_dep', dep, Number(resp_n) / Number(reg_n), reg_n]);
}
rows.unshift(['participation', '', responded / registered, registered]);

const figures = await con.runAndReadAll(`
SELECT code,
       avg(referent), count(referent),
       avg(canal), count(canal),
       avg(delai), median(delai), count(delai),
       avg(satisfaction), avg(CASE WHEN satisfaction >= 4 THEN 1 ELSE 0 END) FILTER (WHERE satisfaction IS NOT NULL),
       count(satisfaction),
       sum(nb), count(nb)
FROM answer GROUP BY code ORDER BY code`);
for (const [code, ref, nRef, canal, nCanal, dMean, dMedian, nDelai, sat, satisfied, nSat, nb, nNb]
     of figures.getRows()) {
  rows.push(['referent', code, ref, nRef], ['canal_dedie', code, canal, nCanal],
            ['delai_moyen', code, dMean, nDelai], ['delai_median', code, dMedian, nDelai],
            ['satisfaction_moyenne', code, sat, nSat], ['taux_satisfaits', code, satisfied, nSat],
            ['sollicitations', code, nb, nNb]);
}

const fmt = (v) => (v === null ? '' : String(Number(Number(v).toPrecision(12))));
const out = ['indicateur,operateur,valeur,n'];
for (const [ind, op, v, n] of rows) {
  if (Number(n) > 0) out.push(`${ind},${op},${fmt(v)},${n}`);
}
process.stdout.write(out.join('\n') + '\n');
