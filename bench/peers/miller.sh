#!/bin/sh
# The fsbo job done with Miller (Debian package miller, `mlr`): join, put, stats1.
#   miller.sh REGISTRY SURVEY [OPERATORS]
# Prints indicateur,operateur,valeur,n (see bench/README.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
reg=$1
survey=$2
ops=${3:-$here/../../data/operateurs.csv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# lowercase, accents removed, no spaces, hyphens or apostrophes
norm='func norm(str s): str {
  s = tolower(s);
  s = gsub(s, "[àâä]", "a"); s = gsub(s, "[éèêë]", "e"); s = gsub(s, "[îï]", "i");
  s = gsub(s, "[ôö]", "o");  s = gsub(s, "[ùûü]", "u"); s = gsub(s, "ç", "c");
  s = gsub(s, "ÿ", "y");     s = gsub(s, "œ", "oe");    s = gsub(s, "æ", "ae");
  return gsub(s, "[ '\''’-]", "");
}'
# 1 for yes, 0 for no, "" otherwise (stats1 skips empty values)
yesno='func yesno(x) {
  s = tolower(string(x));
  if (is_not_empty(s) && haskey(@yn, s)) { return @yn[s] }
  return "";
}'

# operator spellings: key -> code (code, label, aliases separated by |)
mlr --icsv --ocsv -S put -q "$norm"'
  spellings = [$code, $libelle];
  if ($alias != "") {
    for (a in splitax($alias, "|")) { spellings[length(spellings) + 1] = a }
  }
  for (s in spellings) { m = {"key": norm(s), "code": $code}; emit m }' \
  then uniq -g key,code "$ops" > "$tmp/spellings.csv"

# participation: distinct responding structures joined to the registry, per department
mlr --icsv --ocsv cut -f id_fs then count-distinct -f id_fs "$survey" > "$tmp/responding.csv"
mlr --icsv --ocsv join --ul --lk insee_dep -j id_fs -f "$reg" \
  then put '$responded = is_present($count) ? 1 : 0' \
  then stats1 -a count,sum -f responded -g insee_dep \
  then sort -f insee_dep \
  "$tmp/responding.csv" > "$tmp/participation.csv"

# answers joined to the registry and to the spellings, then per operator figures; the
# answers are kept (tee) for the median, which holds every value
mlr --icsv --ocsv join --lk insee_dep -j id_fs -f "$reg" \
  then put "$norm$yesno"'
    begin {
      @key = {};
      @yn = {"oui": 1, "o": 1, "yes": 1, "y": 1, "vrai": 1, "true": 1, "1": 1,
             "non": 0, "n": 0, "no": 0, "faux": 0, "false": 0, "0": 0};
    }
    if (!haskey(@key, $operateur)) { @key[$operateur] = norm(string($operateur)) }
    $key = @key[$operateur];
    $referent = yesno($referent_identifie);
    $canal = yesno($canal_dedie);
    $satisfait = is_empty($satisfaction) ? "" : $satisfaction >= 4 ? 1 : 0' \
  then join -j key -f "$tmp/spellings.csv" \
  then cut -o -f code,referent,canal,delai_reponse_jours,satisfaction,satisfait,nb_sollicitations \
  then tee "$tmp/answers.csv" \
  then stats1 -a count,mean,sum -f referent,canal,delai_reponse_jours,satisfaction,satisfait,nb_sollicitations -g code \
  "$survey" > "$tmp/figures.csv"
mlr --icsv --ocsv stats1 -i -a p50 -f delai_reponse_jours -g code "$tmp/answers.csv" > "$tmp/median.csv"
mlr --icsv --ojson join --ul -j code -f "$tmp/figures.csv" "$tmp/median.csv" > "$tmp/all.json"

echo "indicateur,operateur,valeur,n"
mlr --icsv --onidx --ofs , put -q '
  begin { @registered = 0; @responded = 0 }
  @registered += $responded_count; @responded += $responded_sum;
  print "participation_dep," . $insee_dep . "," . fmtnum($responded_sum / $responded_count, "%.12g") . "," . $responded_count;
  end { print "participation,," . fmtnum(@responded / @registered, "%.12g") . "," . @registered }' \
  "$tmp/participation.csv"
mlr --ijson --onidx --ofs , put -q '
  f = func(name, field, stat, count) {
    n = $[count . "_count"];
    if (is_absent(n) || n == 0) { return "" }
    return name . "," . $code . "," . fmtnum($[field . "_" . stat], "%.12g") . "," . n . "\n";
  };
  printn f("referent", "referent", "mean", "referent")
    . f("canal_dedie", "canal", "mean", "canal")
    . f("delai_moyen", "delai_reponse_jours", "mean", "delai_reponse_jours")
    . f("delai_median", "delai_reponse_jours", "p50", "delai_reponse_jours")
    . f("satisfaction_moyenne", "satisfaction", "mean", "satisfaction")
    . f("taux_satisfaits", "satisfait", "mean", "satisfaction")
    . f("sollicitations", "nb_sollicitations", "sum", "nb_sollicitations")' "$tmp/all.json"
