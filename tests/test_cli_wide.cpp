// End-to-end tests of the wide layout, column maps and `convert` (issue 3),
// on the fixtures of tests/fixtures named wide-*.csv and map-*.csv:
//
// - wide-small.csv: the answers of survey-small.csv (see test_cli.cpp for its
//   figures), one row per structure: `Nom du répondant,ID FS,Année`, then six
//   questions for each of DGFiP (`DGFiP - …`, one `dgfip - satisfaction`), Caf
//   (`… [Caf]`, `[CNAF]`, `[Allocations familiales]`), France Travail
//   (`Pôle emploi: …`, `France Travail : …`, `Satisfaction [Pole Emploi]`),
//   France Rénov' (en dash, `/`, `Anah / …`, `France Rénov’`) and Chèque
//   énergie (em dash, `|`, `[Chèque énergie]`). A row for 1005 has a name and
//   no answer: 1005 has not answered, as in the long file.
// - wide-small-excel.csv: the same in French-Excel form: `;`, Windows-1252
//   (en and em dashes, `’`, accents as cp1252 bytes), CRLF, `2,5`, a CRLF in
//   the quoted comment of 1003 / Caf.
// - wide-coded.csv: the same with coded headers: Q0 (name), Q1 (id_fs),
//   annee, Q2_SQ001…Q7_SQ001 (DGFiP), Q2_SQ002…Q7_SQ002 (Caf), G3Q1[3]…G3Q6[3]
//   (France Travail), G3Q1[4]… (France Rénov'), G3Q1[5]… (Chèque énergie);
//   map-coded.csv maps them (operators as DGFIP, Caf, Pôle emploi, anah,
//   CHEQUE_ENERGIE). map-bad.csv: line 4 an unknown operator `Caff`, line 5
//   an unknown field; map-missing.csv: map-coded.csv and, line 34, `Q42`.
// - wide-unknown-operator.csv: `DGFiP - Satisfaction`, `Caff - Satisfaction`
//   and `Référent identifié [Caf]`, four rows.
//
// They were written with python3 from the cells of survey-small.csv, e.g.
//   data = "".join(";".join(cell(c.replace("\n", "\r\n")) for c in r) + "\r\n" for r in rows)
//   open("wide-small-excel.csv", "wb").write(data.encode("cp1252"))
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "cli_support.hpp"
#include "fsbo/structures.hpp"

using namespace fsbo::test;
using namespace fsbo::test::cli;

namespace {

const std::vector<std::string> k_operator_labels = {
    "DGFiP",          "Caf",   "France Titres",     "La Poste",           "Point-Justice",
    "France Travail", "MSA",   "Assurance maladie", "Assurance retraite", "France Rénov'",
    "Chèque énergie", "Urssaf"};
const std::vector<std::string> k_question_labels = {"Référent identifié",    "Canal dédié",
                                                    "Délai réponse (jours)", "Satisfaction",
                                                    "Nb sollicitations",     "Commentaire"};

std::vector<std::string> report_csv(const std::string& survey,
                                    const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = {"report", "-r", "registry-small.csv", survey, "-f", "csv"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> convert(const std::string& to, const std::string& survey,
                                 const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = {"convert", "--to", to, "-r", "registry-small.csv", survey};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string unknown_name_warning(const std::string& file) {
  return file +
         ":1: warning: column 'Nom du répondant': column 1 is not a known column and is ignored "
         "[unknown-column]\n"
         "fsbo: 0 errors, 1 warning (1 unknown-column)\n";
}

// survey-small.csv in the canonical long layout, worked out by hand: sorted by
// structure then operator in registry order, codes, oui/non, comments as written.
const std::string k_canonical_long =
    "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
    "nb_sollicitations,commentaire\n"
    "2025,1001,DGFIP,oui,non,10,4,20,\n"
    "2025,1001,CAF,oui,oui,5,5,12,\n"
    "2025,1002,DGFIP,non,oui,2.5,5,10,\"Réponse rapide, merci\"\n"
    "2025,1002,FRANCE_TRAVAIL,oui,non,7,3,4,\n"
    "2025,1003,DGFIP,oui,,6,2,5,\n"
    "2025,1003,CAF,non,non,,4,8,\"Ligne dédiée\nfermée l'été\"\n"
    "2025,1004,DGFIP,oui,non,3,3,0,\n"
    "2025,2001,DGFIP,oui,oui,20,1,3,\n"
    "2025,2001,FRANCE_RENOV,non,non,30,2,1,\n"
    "2025,2002,CAF,oui,oui,4,4,6,\n"
    "2025,3001,DGFIP,non,non,15,3,2,\n"
    "2025,3001,CHEQUE_ENERGIE,oui,non,12,5,,\n";

// The canonical wide header: annee,id_fs, then `<Label> - <Question>` for the
// twelve operators in registry order.
std::string wide_header(char separator) {
  std::string header = std::string("annee") + separator + "id_fs";
  for (const std::string& op : k_operator_labels) {
    for (const std::string& question : k_question_labels) {
      header += separator + op + " - " + question;
    }
  }
  return header;
}

// One canonical wide row: `cells` gives the six cells of the operators that answered.
std::string wide_row(const std::string& id,
                     const std::map<std::size_t, std::vector<std::string>>& cells, char separator) {
  std::string row = "2025";
  row += separator + id;
  for (std::size_t op = 0; op < k_operator_labels.size(); ++op) {
    const auto it = cells.find(op);
    for (std::size_t q = 0; q < k_question_labels.size(); ++q) {
      row += separator;
      if (it != cells.end()) row += it->second[q];
    }
  }
  return row;
}

std::string canonical_wide() {
  const char s = ',';
  return wide_header(s) + "\n" +
         wide_row(
             "1001",
             {{0, {"oui", "non", "10", "4", "20", ""}}, {1, {"oui", "oui", "5", "5", "12", ""}}},
             s) +
         "\n" +
         wide_row("1002",
                  {{0, {"non", "oui", "2.5", "5", "10", "\"Réponse rapide, merci\""}},
                   {5, {"oui", "non", "7", "3", "4", ""}}},
                  s) +
         "\n" +
         wide_row("1003",
                  {{0, {"oui", "", "6", "2", "5", ""}},
                   {1, {"non", "non", "", "4", "8", "\"Ligne dédiée\nfermée l'été\""}}},
                  s) +
         "\n" + wide_row("1004", {{0, {"oui", "non", "3", "3", "0", ""}}}, s) + "\n" +
         wide_row(
             "2001",
             {{0, {"oui", "oui", "20", "1", "3", ""}}, {9, {"non", "non", "30", "2", "1", ""}}},
             s) +
         "\n" + wide_row("2002", {{1, {"oui", "oui", "4", "4", "6", ""}}}, s) + "\n" +
         wide_row(
             "3001",
             {{0, {"non", "non", "15", "3", "2", ""}}, {10, {"oui", "non", "12", "5", "", ""}}},
             s) +
         "\n";
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("cli::wide the wide twin of survey-small.csv gives byte-identical figures") {
  const Run long_run = in_fixtures(report_csv("survey-small.csv"));
  REQUIRE(long_run.code == 0);
  const Run wide = in_fixtures(report_csv("wide-small.csv"));
  INFO(wide.err);
  CHECK(wide.code == 0);
  CHECK(wide.err == unknown_name_warning("wide-small.csv"));
  CHECK(lines(wide.out).size() == 596);
  CHECK(wide.out == long_run.out);
  // Figures by hand (test_cli.cpp): 1005's blank row is no answer, so 77 stays 4/6.
  check_row(wide.out, "2025,national,FR,France,,participation",
            "0.583333333333,12,0.87,-0.286666666667,,,");
  check_row(wide.out, "2025,departement,77,Seine-et-Marne,,participation",
            "0.666666666667,6,0.87,-0.203333333333,,,");
  check_row(wide.out, "2025,departement,77,Seine-et-Marne,DGFIP,sollicitations", "35,4,,,,,");
  check_row(wide.out, "2025,national,FR,France,DGFIP,delai_median", "8,6,9,-1,,,petit_echantillon");
  check_row(wide.out, "2025,national,FR,France,CAF,satisfaction_moyenne",
            "4.33333333333,3,3.5,0.833333333333,2.89911575675,5,petit_echantillon");
  check_row(wide.out, "2025,departement,971,Guadeloupe,CHEQUE_ENERGIE,canal_dedie",
            "0,1,0.47,-0.47,0,0.793450685623,petit_echantillon");

  SUBCASE("a structure whose row is all blank has not answered") {
    const Run run = in_fixtures({"participation", "-r", "registry-small.csv", "wide-small.csv",
                                 "--missing", "--dep", "77", "-f", "csv"});
    CHECK(run.code == 0);
    CHECK(run.out ==
          "annee,id_fs,insee_dep,lib_fs,lib_com\n"
          "2025,1005,77,France services de Coulon-sur-Marne,Coulon-sur-Marne\n"
          "2025,1006,77,France services de Sainte-Orne - Antenne de Bois-Joli,Bois-Joli\n");
  }
  SUBCASE("--layout wide says the same; --layout long cannot read it") {
    const Run forced = in_fixtures(report_csv("wide-small.csv", {"--layout", "wide"}));
    CHECK(forced.code == 0);
    CHECK(forced.out == long_run.out);
    const Run as_long = in_fixtures(report_csv("wide-small.csv", {"--layout", "long"}));
    CHECK(as_long.code == 1);
    CHECK(as_long.out.empty());
    CHECK(lines(as_long.err).back() ==
          "fsbo: 1 error, 31 warnings (1 missing-column, 31 unknown-column)");
    CHECK(lines_starting(as_long.err, "wide-small.csv:1: error:") ==
          std::vector<std::string>{
              "wide-small.csv:1: error: column 'operateur': the required column 'operateur' is "
              "not in the header; no row of this file can be read [missing-column]"});
  }
  SUBCASE("--strict: the unknown column counts as an error") {
    const Run strict = in_fixtures(report_csv("wide-small.csv", {"--strict"}));
    CHECK(strict.code == 1);
    CHECK(strict.out == long_run.out);
  }
}

TEST_CASE("cli::wide the French-Excel form of the wide twin gives byte-identical figures") {
  const Run long_run = in_fixtures(report_csv("survey-small.csv"));
  const Run excel = in_fixtures(report_csv("wide-small-excel.csv"));
  INFO(excel.err);
  CHECK(excel.code == 0);
  CHECK(excel.err == unknown_name_warning("wide-small-excel.csv"));
  CHECK(excel.out == long_run.out);

  SUBCASE("what was read: Windows-1252, ';', CRLF, wide, 8 rows, 12 answers") {
    const Run run = in_fixtures({"participation", "-r", "registry-small.csv",
                                 "wide-small-excel.csv", "-f", "json", "--dep", "77"});
    CHECK(run.code == 0);
    CHECK(
        lines_starting(run.out, R"(    {"file": "wide-small-excel.csv")") ==
        std::vector<std::string>{
            R"(    {"file": "wide-small-excel.csv", "role": "enquete", "read": true, "encoding": "Windows-1252", "separator": ";", "bom": false, "line_ends": "CRLF", "layout": "wide", "rows": 8, "accepted": 12})"});
  }
  SUBCASE("read from standard input") {
    const Run piped = in_fixtures({"report", "-r", "registry-small.csv", "-", "-f", "csv"},
                                  read_file(fixture("wide-small-excel.csv")));
    CHECK(piped.code == 0);
    CHECK(piped.out == long_run.out);
  }
}

// wide-unknown-operator.csv, by hand: the Caff column is ignored.
//   1001: DGFiP satisfaction 4, Caf referent Oui; 1002: Caf referent Non;
//   2001: DGFiP satisfaction 2; 3001: only a Caff cell: no answer.
// Participation: 77 2/6, 2A 1/3, 971 0/3, France 3/12 = 0.25 (ecart -0.62).
// DGFIP: scores {4, 2}: mean 3, t(0.975, 1) = 12.706 puts the interval past
// [1, 5], so [1, 5]; satisfied 1/2. CAF referent 1/2; Wilson bounds of 1/2
// (n = 2): 0.0945312057342, 0.905468794266 (as in test_cli.cpp). CAF has no
// score (its only satisfaction column was Caff's).
TEST_CASE("cli::wide an unknown operator in a header") {
  const Run run = in_fixtures(report_csv("wide-unknown-operator.csv"));
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "wide-unknown-operator.csv:1: error: column 'Caff - Satisfaction': column 4 names an "
        "unknown operator 'Caff': the column is ignored (did you mean 'Caf'?) [unknown-operator]\n"
        "fsbo: 1 error, 0 warnings (1 unknown-operator)\n");
  CHECK(lines(run.out).size() == 596);
  check_row(run.out, "2025,national,FR,France,,participation", "0.25,12,0.87,-0.62,,,");
  check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation",
            "0.333333333333,6,0.87,-0.536666666667,,,");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,,participation",
            "0.333333333333,3,0.87,-0.536666666667,,,");
  check_row(run.out, "2025,departement,971,Guadeloupe,,participation", "0,3,0.87,-0.87,,,");
  check_row(run.out, "2025,national,FR,France,DGFIP,satisfaction_moyenne",
            "3,2,3.6,-0.6,1,5,petit_echantillon");
  check_row(run.out, "2025,national,FR,France,DGFIP,taux_satisfaits",
            "0.5,2,0.58,-0.08,0.0945312057342,0.905468794266,petit_echantillon");
  check_row(run.out, "2025,national,FR,France,CAF,referent",
            "0.5,2,0.78,-0.28,0.0945312057342,0.905468794266,petit_echantillon");
  check_row(run.out, "2025,national,FR,France,CAF,satisfaction_moyenne", ",0,3.5,,,,");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,DGFIP,satisfaction_moyenne",
            "2,1,3.6,-1.6,,,petit_echantillon");
}

TEST_CASE("cli::wide a coded export with a map") {
  const Run long_run = in_fixtures(report_csv("survey-small.csv"));
  SUBCASE("--map gives the figures of the long twin") {
    const Run run = in_fixtures(report_csv("wide-coded.csv", {"--map", "map-coded.csv"}));
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out == long_run.out);
  }
  SUBCASE("without the map nothing can be read") {
    const Run run = in_fixtures(report_csv("wide-coded.csv"));
    CHECK(run.code == 1);
    CHECK(run.out.empty());
    CHECK(lines(run.err).back() ==
          "fsbo: 2 errors, 32 warnings (2 missing-column, 32 unknown-column)");
  }
  SUBCASE("a bad map: exit 2 at the map's lines, nothing computed") {
    const Run run = in_fixtures(report_csv("wide-coded.csv", {"--map", "map-bad.csv"}));
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "map-bad.csv:4: error: column 'operateur': unknown operator 'Caff' (did you mean "
          "'Caf'?) [invalid-map]\n"
          "map-bad.csv:5: error: column 'champ': unknown field 'joignabilite' (id_fs, annee, "
          "operateur, referent_identifie, canal_dedie, delai_reponse_jours, satisfaction, "
          "nb_sollicitations, commentaire or ignore) [invalid-map]\n"
          "fsbo: 2 errors, 0 warnings (2 invalid-map)\n");
  }
  SUBCASE("a map line naming a header the export lacks: exit 2, nothing computed") {
    for (const char* command : {"report", "validate", "convert"}) {
      std::vector<std::string> args = {command,          "-r",    "registry-small.csv",
                                       "wide-coded.csv", "--map", "map-missing.csv"};
      if (std::string(command) == "convert") args.insert(args.end(), {"--to", "long"});
      const Run run = in_fixtures(args);
      INFO(command);
      CHECK(run.code == 2);
      CHECK(run.err ==
            "map-missing.csv:34: error: column 'colonne': the map names column 'Q42', which "
            "wide-coded.csv does not have [invalid-map]\n"
            "fsbo: 1 error, 0 warnings (1 invalid-map)\n");
      if (std::string(command) != "validate") CHECK(run.out.empty());
    }
  }
  SUBCASE("the map, read from a French-Excel copy, is the same map") {
    const std::string dir = temp_dir();
    const std::string map = read_file(fixture("map-coded.csv"));
    std::string excel = replace_all(replace_all(map, ",", ";"), "\n", "\r\n");
    excel = replace_all(excel, "Pôle", "P\xF4le");  // Windows-1252
    write_file(dir + "/map.csv", excel);
    const Run run = in_fixtures(report_csv("wide-coded.csv", {"--map", dir + "/map.csv"}));
    CHECK(run.code == 0);
    CHECK(run.out == long_run.out);
  }
}

TEST_CASE("cli::wide a map without its colonne column is a usage error") {
  const std::string dir = temp_dir();
  write_file(dir + "/map.csv", "col,champ,operateur\nNom du répondant,ignore,\n");
  const Run run = in_fixtures(report_csv("wide-small.csv", {"--map", dir + "/map.csv"}));
  CHECK(run.code == 2);
  CHECK(run.out.empty());
}

TEST_CASE("cli::map --template") {
  SUBCASE("on the coded export: only annee is recognised") {
    const Run run = in_fixtures({"map", "--template", "wide-coded.csv"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    std::string expected = "colonne,champ,operateur\nQ0,,\nQ1,,\nannee,annee,\n";
    for (int q = 2; q <= 7; ++q) expected += "Q" + std::to_string(q) + "_SQ001,,\n";
    for (int q = 2; q <= 7; ++q) expected += "Q" + std::to_string(q) + "_SQ002,,\n";
    for (int k = 3; k <= 5; ++k) {
      for (int q = 1; q <= 6; ++q) {
        expected += "G3Q" + std::to_string(q) + "[" + std::to_string(k) + "],,\n";
      }
    }
    CHECK(run.out == expected);
    CHECK(lines(run.out).size() == 34);
  }
  SUBCASE("on the wide export: every question filled in") {
    const std::string expected =
        "colonne,champ,operateur\n"
        "Nom du répondant,,\n"
        "ID FS,id_fs,\n"
        "Année,annee,\n"
        "DGFiP - Référent identifié,referent_identifie,DGFIP\n"
        "DGFiP - Canal dédié,canal_dedie,DGFIP\n"
        "DGFiP - Délai réponse (jours),delai_reponse_jours,DGFIP\n"
        "dgfip - satisfaction,satisfaction,DGFIP\n"
        "DGFiP - Nb sollicitations,nb_sollicitations,DGFIP\n"
        "DGFiP - Commentaire,commentaire,DGFIP\n"
        "Référent identifié [Caf],referent_identifie,CAF\n"
        "Canal dédié [CNAF],canal_dedie,CAF\n"
        "delai_reponse_jours [Caf],delai_reponse_jours,CAF\n"
        "Satisfaction [caf],satisfaction,CAF\n"
        "Nb sollicitations [Allocations familiales],nb_sollicitations,CAF\n"
        "Commentaire [Caf],commentaire,CAF\n"
        "Pôle emploi: referent_identifie,referent_identifie,FRANCE_TRAVAIL\n"
        "France Travail : canal_dedie,canal_dedie,FRANCE_TRAVAIL\n"
        "FRANCE TRAVAIL: Délai réponse (jours),delai_reponse_jours,FRANCE_TRAVAIL\n"
        "Satisfaction [Pole Emploi],satisfaction,FRANCE_TRAVAIL\n"
        "France Travail:nb_sollicitations,nb_sollicitations,FRANCE_TRAVAIL\n"
        "France Travail : Commentaire,commentaire,FRANCE_TRAVAIL\n"
        "France Rénov' – Référent identifié,referent_identifie,FRANCE_RENOV\n"
        "France Renov – Canal dédié,canal_dedie,FRANCE_RENOV\n"
        "FRANCE RÉNOV / Délai réponse (jours),delai_reponse_jours,FRANCE_RENOV\n"
        "Anah / Satisfaction,satisfaction,FRANCE_RENOV\n"
        "France Rénov’ / Nb sollicitations,nb_sollicitations,FRANCE_RENOV\n"
        "Commentaire [France Rénov'],commentaire,FRANCE_RENOV\n"
        "Chèque énergie — Référent identifié,referent_identifie,CHEQUE_ENERGIE\n"
        "CHEQUE ENERGIE — Canal dédié,canal_dedie,CHEQUE_ENERGIE\n"
        "Chèque énergie | Délai réponse (jours),delai_reponse_jours,CHEQUE_ENERGIE\n"
        "Chèque Énergie|Satisfaction,satisfaction,CHEQUE_ENERGIE\n"
        "Nb sollicitations [Chèque énergie],nb_sollicitations,CHEQUE_ENERGIE\n"
        "Chèque énergie — Commentaire,commentaire,CHEQUE_ENERGIE\n";
    const Run run = in_fixtures({"map", "--template", "wide-small.csv"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out == expected);
    // The French-Excel twin has the same headers once decoded.
    const Run excel = in_fixtures({"map", "--template", "wide-small-excel.csv"});
    CHECK(excel.code == 0);
    CHECK(excel.out == expected);

    SUBCASE("completed by the analyst, the template is a working map") {
      const std::string dir = temp_dir();
      write_file(dir + "/map.csv",
                 replace_all(run.out, "Nom du répondant,,", "Nom du répondant,ignore,"));
      const Run mapped = in_fixtures(report_csv("wide-small.csv", {"--map", dir + "/map.csv"}));
      CHECK(mapped.code == 0);
      CHECK(mapped.err.empty());
      CHECK(mapped.out == in_fixtures(report_csv("survey-small.csv")).out);
    }
  }
  SUBCASE("on a long export") {
    const Run run = in_fixtures({"map", "--template", "survey-small.csv"});
    CHECK(run.code == 0);
    CHECK(run.out ==
          "colonne,champ,operateur\nannee,annee,\nid_fs,id_fs,\noperateur,operateur,\n"
          "referent_identifie,referent_identifie,\ncanal_dedie,canal_dedie,\n"
          "delai_reponse_jours,delai_reponse_jours,\nsatisfaction,satisfaction,\n"
          "nb_sollicitations,nb_sollicitations,\ncommentaire,commentaire,\n");
  }
  SUBCASE("a missing export: exit 3") {
    const Run run = in_fixtures({"map", "--template", "wide-absent.csv"});
    CHECK(run.code == 3);
    CHECK(run.out.empty());
  }
}

TEST_CASE("cli::convert to the canonical long layout") {
  SUBCASE("long -> long") {
    const Run run = in_fixtures(convert("long", "survey-small.csv"));
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out == k_canonical_long);
  }
  SUBCASE("wide -> long equals the canonical long") {
    const Run run = in_fixtures(convert("long", "wide-small.csv"));
    CHECK(run.code == 0);
    CHECK(run.err == unknown_name_warning("wide-small.csv"));
    CHECK(run.out == k_canonical_long);
  }
  SUBCASE("the French-Excel wide twin: the same, its comment's CRLF kept as written") {
    const Run run = in_fixtures(convert("long", "wide-small-excel.csv"));
    CHECK(run.code == 0);
    CHECK(run.out == replace_all(k_canonical_long, "dédiée\n", "dédiée\r\n"));
    // The long French-Excel twin gives the same answers too (its comments
    // differ: `Réponse rapide; merci` and `l’été`).
    const Run long_excel = in_fixtures(convert("long", "survey-small-excel.csv"));
    CHECK(long_excel.code == 0);
    CHECK(lines(long_excel.out).size() == lines(k_canonical_long).size());
  }
  SUBCASE("the coded export with its map") {
    const Run run = in_fixtures(convert("long", "wide-coded.csv", {"--map", "map-coded.csv"}));
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out == k_canonical_long);
  }
  SUBCASE("--excel: BOM, ';', decimal comma, CRLF") {
    const Run run = in_fixtures(convert("long", "survey-small.csv", {"--excel"}));
    CHECK(run.code == 0);
    // The comma of a comment needs no quotes with ';'; the quoted line break stays LF.
    const std::string expected =
        "\xEF\xBB\xBF"
        "annee;id_fs;operateur;referent_identifie;canal_dedie;delai_reponse_jours;satisfaction;"
        "nb_sollicitations;commentaire\r\n"
        "2025;1001;DGFIP;oui;non;10;4;20;\r\n"
        "2025;1001;CAF;oui;oui;5;5;12;\r\n"
        "2025;1002;DGFIP;non;oui;2,5;5;10;Réponse rapide, merci\r\n"
        "2025;1002;FRANCE_TRAVAIL;oui;non;7;3;4;\r\n"
        "2025;1003;DGFIP;oui;;6;2;5;\r\n"
        "2025;1003;CAF;non;non;;4;8;\"Ligne dédiée\nfermée l'été\"\r\n"
        "2025;1004;DGFIP;oui;non;3;3;0;\r\n"
        "2025;2001;DGFIP;oui;oui;20;1;3;\r\n"
        "2025;2001;FRANCE_RENOV;non;non;30;2;1;\r\n"
        "2025;2002;CAF;oui;oui;4;4;6;\r\n"
        "2025;3001;DGFIP;non;non;15;3;2;\r\n"
        "2025;3001;CHEQUE_ENERGIE;oui;non;12;5;;\r\n";
    CHECK(run.out == expected);
    // Read back, the French-Excel form gives the same answers.
    const std::string dir = temp_dir();
    write_file(dir + "/long-excel.csv", run.out);
    const Run back = in_fixtures(convert("long", dir + "/long-excel.csv"));
    CHECK(back.code == 0);
    CHECK(back.out == k_canonical_long);
  }
}

TEST_CASE("cli::convert to the canonical wide layout and back") {
  const Run wide = in_fixtures(convert("wide", "survey-small.csv"));
  INFO(wide.err);
  CHECK(wide.code == 0);
  CHECK(wide.err.empty());
  CHECK(wide.out == canonical_wide());
  CHECK(split(lines(wide.out).front(), ',').size() == 2 + 12 * 6);

  const std::string dir = temp_dir();
  write_file(dir + "/wide.csv", wide.out);
  SUBCASE("long -> wide -> long is byte-identical to long -> long") {
    const Run back = in_fixtures(convert("long", dir + "/wide.csv"));
    CHECK(back.code == 0);
    CHECK(back.err.empty());
    CHECK(back.out == in_fixtures(convert("long", "survey-small.csv")).out);
    CHECK(back.out == k_canonical_long);
  }
  SUBCASE("the converted wide file gives the figures of the long one") {
    const Run figures = in_fixtures(report_csv(dir + "/wide.csv"));
    CHECK(figures.code == 0);
    CHECK(figures.err.empty());
    CHECK(figures.out == in_fixtures(report_csv("survey-small.csv")).out);
  }
  SUBCASE("wide -> wide: every wide form gives the canonical wide") {
    for (const char* file : {"wide-small.csv", "wide-small-excel.csv"}) {
      const Run run = in_fixtures(convert("wide", file));
      INFO(file);
      CHECK(run.code == 0);
      const std::string expected = canonical_wide();
      CHECK(run.out == (std::string(file) == "wide-small.csv"
                            ? expected
                            : replace_all(expected, "dédiée\n", "dédiée\r\n")));
    }
    const Run coded = in_fixtures(convert("wide", "wide-coded.csv", {"--map", "map-coded.csv"}));
    CHECK(coded.out == canonical_wide());
  }
  SUBCASE("--excel") {
    const Run excel = in_fixtures(convert("wide", "survey-small.csv", {"--excel"}));
    CHECK(excel.code == 0);
    const std::vector<std::string> rows = split(excel.out, '\n');
    CHECK(rows[0] == "\xEF\xBB\xBF" + wide_header(';') + "\r");
    CHECK(rows[1] == wide_row("1001",
                              {{0, {"oui", "non", "10", "4", "20", ""}},
                               {1, {"oui", "oui", "5", "5", "12", ""}}},
                              ';') +
                         "\r");
    CHECK(rows[2] == wide_row("1002",
                              {{0, {"non", "oui", "2,5", "5", "10", "Réponse rapide, merci"}},
                               {5, {"oui", "non", "7", "3", "4", ""}}},
                              ';') +
                         "\r");
    write_file(dir + "/wide-excel.csv", excel.out);
    const Run figures = in_fixtures(report_csv(dir + "/wide-excel.csv"));
    CHECK(figures.code == 0);
    CHECK(figures.out == in_fixtures(report_csv("survey-small.csv")).out);
  }
  SUBCASE("-o FILE: written there, nothing on standard output") {
    const std::string path = dir + "/out.csv";
    const Run run = in_fixtures(convert("wide", "survey-small.csv", {"-o", path}));
    CHECK(run.code == 0);
    CHECK(run.out.empty());
    CHECK(run.err.empty());
    CHECK(read_file(path) == canonical_wide());
    const Run long_out = in_fixtures(convert("long", "wide-small.csv", {"-o", dir + "/long.csv"}));
    CHECK(long_out.code == 0);
    CHECK(long_out.out.empty());
    CHECK(read_file(dir + "/long.csv") == k_canonical_long);
  }
}

TEST_CASE("cli::convert an answer holding no value cannot be written wide") {
  const std::string dir = temp_dir();
  // 1005 / Caf and 1001 / Caf hold nothing; 1001 / DGFiP only a score.
  write_file(dir + "/empty.csv",
             "annee,id_fs,operateur,satisfaction,commentaire\n"
             "2025,1005,Caf,,\n"
             "2025,1001,DGFiP,4,\n"
             "2025,1001,Caf,,\n");
  SUBCASE("--to wide: one empty-answer warning per answer, at its line") {
    const Run run =
        in_dir(dir, {"convert", "--to", "wide", "-r", fixture("registry-small.csv"), "empty.csv"});
    CHECK(run.code == 0);
    CHECK(run.err ==
          "empty.csv:2: warning: the answer of structure 1005 about Caf holds no value: a wide "
          "export cannot show it [empty-answer]\n"
          "empty.csv:4: warning: the answer of structure 1001 about Caf holds no value: a wide "
          "export cannot show it [empty-answer]\n"
          "fsbo: 0 errors, 2 warnings (2 empty-answer)\n");
    CHECK(run.out == wide_header(',') + "\n" +
                         wide_row("1001", {{0, {"", "", "", "4", "", ""}}}, ',') + "\n" +
                         wide_row("1005", {}, ',') + "\n");
    const Run strict = in_dir(dir, {"convert", "--to", "wide", "-r", fixture("registry-small.csv"),
                                    "empty.csv", "--strict"});
    CHECK(strict.code == 1);
  }
  SUBCASE("--to long: no warning, every answer written") {
    const Run run =
        in_dir(dir, {"convert", "--to", "long", "-r", fixture("registry-small.csv"), "empty.csv"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out ==
          "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
          "nb_sollicitations,commentaire\n"
          "2025,1001,DGFIP,,,,4,,\n"
          "2025,1001,CAF,,,,,,\n"
          "2025,1005,CAF,,,,,,\n");
  }
}

TEST_CASE("cli::convert a comment of spaces is warned about or kept") {
  const std::string dir = temp_dir();
  write_file(dir + "/space.csv", "annee,id_fs,operateur,commentaire\n2025,1006,Urssaf, \n");
  const Run wide = in_dir(dir, {"convert", "--to", "wide", "-r", fixture("registry-small.csv"),
                                "space.csv", "-o", "wide.csv"});
  const Run before =
      in_dir(dir, {"participation", "-r", fixture("registry-small.csv"), "space.csv", "-f", "csv"});
  const Run after =
      in_dir(dir, {"participation", "-r", fixture("registry-small.csv"), "wide.csv", "-f", "csv"});
  const bool warned = wide.err.find("[empty-answer]") != std::string::npos;
  CHECK((warned || after.out == before.out));
}

TEST_CASE("cli::convert two years: one wide row per year and structure") {
  const Run wide = in_fixtures(convert("wide", "survey-two-years.csv"));
  CHECK(wide.code == 0);
  // survey-two-years.csv, sorted by year then structure; DGFiP is operator 0, Caf 1.
  CHECK(
      wide.out ==
      wide_header(',') + "\n" +
          replace_all(wide_row("1001", {{0, {"oui", "", "", "4", "", ""}}}, ','), "2025", "2024") +
          "\n" +
          replace_all(wide_row("2001", {{0, {"non", "", "", "2", "", ""}}}, ','), "2025", "2024") +
          "\n" + wide_row("1001", {{0, {"non", "", "", "5", "", ""}}}, ',') + "\n" +
          wide_row("1002", {{0, {"oui", "", "", "3", "", ""}}}, ',') + "\n" +
          wide_row("1003", {{1, {"oui", "", "", "", "", ""}}}, ',') + "\n" +
          wide_row("3001", {{0, {"oui", "", "", "4", "", ""}}}, ',') + "\n");
  const std::string dir = temp_dir();
  write_file(dir + "/wide.csv", wide.out);
  const Run back = in_fixtures(convert("long", dir + "/wide.csv"));
  CHECK(back.code == 0);
  CHECK(back.out ==
        "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
        "nb_sollicitations,commentaire\n"
        "2024,1001,DGFIP,oui,,,4,,\n"
        "2024,2001,DGFIP,non,,,2,,\n"
        "2025,1001,DGFIP,non,,,5,,\n"
        "2025,1002,DGFIP,oui,,,3,,\n"
        "2025,1003,CAF,oui,,,,,\n"
        "2025,3001,DGFIP,oui,,,4,,\n");
  CHECK(in_fixtures(report_csv(dir + "/wide.csv")).out ==
        in_fixtures(report_csv("survey-two-years.csv")).out);
}

TEST_CASE("cli::convert keeps each comment of an export read in many batches") {
  // An answer's comment views its record, whose batch is reused once read:
  // convert must keep its own copy, beside the right answer.
  const std::string dir = temp_dir();
  constexpr int k_structures = 10'000;
  std::string registry = "id_fs,insee_dep\n";
  std::string survey = "annee,id_fs,operateur,commentaire\n";
  std::string expected =
      "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
      "nb_sollicitations,commentaire\n";
  for (int id = 1; id <= k_structures; ++id) {
    registry += std::to_string(id) + ",77\n";
    for (const std::string op : {"DGFIP", "CAF"}) {
      expected += "2025," + std::to_string(id) + "," + op + ",,,,,,note " + std::to_string(id) +
                  " " + op + "\n";
    }
  }
  for (int id = k_structures; id >= 1; --id) {
    for (const std::string op : {"CAF", "DGFIP"}) {
      survey +=
          "2025," + std::to_string(id) + "," + op + ",note " + std::to_string(id) + " " + op + "\n";
    }
  }
  write_file(dir + "/registry.csv", registry);
  write_file(dir + "/survey.csv", survey);
  const Run run = in_dir(dir, {"convert", "--to", "long", "-r", "registry.csv", "survey.csv"});
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CHECK(run.out == expected);
}

TEST_CASE("cli::convert an export without a year converts back") {
  const std::string dir = temp_dir();
  const Run wide = in_fixtures(convert("wide", "survey-no-year.csv", {"-o", dir + "/wide.csv"}));
  CHECK(wide.code == 0);
  const Run direct = in_fixtures(convert("long", "survey-no-year.csv"));
  const Run back = in_fixtures(convert("long", dir + "/wide.csv"));
  INFO(back.err);
  CHECK(back.code == 0);
  CHECK(back.err.empty());
  CHECK(lines(back.out).size() == 3);
  CHECK(back.out == direct.out);
}

TEST_CASE("cli::wide a duplicate answer in a wide row does not say the row is left out") {
  const std::string dir = temp_dir();
  write_file(dir + "/dup.csv",
             "id_fs,annee,Caf - Satisfaction,DGFiP - Satisfaction\n"
             "1001,2025,4,\n"
             "1001,2025,5,3\n");
  const Run run = in_dir(dir, {"indicators", "-r", fixture("registry-small.csv"), "dup.csv", "-f",
                               "csv", "--dep", "77"});
  CHECK(run.code == 1);
  check_row(run.out, "2025,national,FR,France,DGFIP,satisfaction_moyenne",
            "3,1,3.6,-0.6,,,petit_echantillon");
  CHECK(run.err.find("this row is left out") == std::string::npos);
}

// ---------------------------------------------------------------------------
// A national export on the official registry, long and wide.

namespace {

const char* k_official = "liste-fs-20240801.csv";

struct Dice {
  unsigned long long state = 20250917;
  unsigned roll(unsigned sides) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state >> 33) % sides);
  }
};

// Spellings of each operator (registry order): codes, labels, aliases, other cases.
const std::vector<std::vector<std::string>> k_spellings = {
    {"DGFiP", "DDFIP", "Finances publiques", "Impôts"},
    {"Caf", "CNAF", "Allocations familiales"},
    {"France Titres", "ANTS"},
    {"La Poste", "LA POSTE"},
    {"Point-Justice", "Point Justice", "Point d'accès au droit"},
    {"France Travail", "Pôle emploi", "pole emploi"},
    {"MSA", "Mutualité sociale agricole"},
    {"Assurance maladie", "CPAM", "Ameli"},
    {"Assurance retraite", "Carsat", "Cnav"},
    {"France Rénov'", "France Renov", "Anah"},
    {"Chèque énergie", "CHEQUE ENERGIE"},
    {"Urssaf", "URSSAF"},
};
const std::vector<std::string> k_question_names = {"referent_identifie",  "canal_dedie",
                                                   "delai_reponse_jours", "satisfaction",
                                                   "nb_sollicitations",   "commentaire"};

// One structure's answer about one operator: the six cells, as written.
struct Answer {
  std::size_t structure;
  std::size_t op;
  std::string spelling;
  std::vector<std::string> cells;  // six: referent, canal, delay, score, requests, comment
};

struct National {
  std::vector<Answer> answers;      // by structure, then operator
  std::vector<std::size_t> silent;  // structures with a wide row and no answer
  std::size_t responding = 0;
  std::size_t dgfip_yes = 0, dgfip_referent = 0;
};

National make_national(std::size_t structures) {
  Dice dice;
  const std::vector<std::string> yes = {"Oui", "oui", "O", "Vrai", "1", "Yes"};
  const std::vector<std::string> no = {"Non", "non", "N", "Faux", "0", "No"};
  National n;
  for (std::size_t s = 0; s < structures; ++s) {
    if (dice.roll(100) < 13) {  // about 87 % respond
      if (dice.roll(4) == 0) n.silent.push_back(s);
      continue;
    }
    bool any = false;
    for (std::size_t op = 0; op < k_spellings.size(); ++op) {
      if (dice.roll(5) == 0) continue;
      Answer a{s, op, k_spellings[op][dice.roll(static_cast<unsigned>(k_spellings[op].size()))],
               std::vector<std::string>(6)};
      const auto yes_no = [&]() -> std::string {
        const unsigned r = dice.roll(3);
        if (r == 0) return "";
        return r == 1 ? yes[dice.roll(6)] : no[dice.roll(6)];
      };
      a.cells[0] = yes_no();
      a.cells[1] = yes_no();
      if (dice.roll(5) != 0)
        a.cells[2] = std::to_string(dice.roll(300) / 4) + (dice.roll(2) ? ".5" : "");
      if (dice.roll(4) != 0) a.cells[3] = std::to_string(1 + dice.roll(5));
      if (dice.roll(6) != 0) a.cells[4] = std::to_string(dice.roll(250));
      if (dice.roll(8) == 0) a.cells[5] = "lent, mais \"suivi\"";
      // A long row holding nothing is an answer; a blank wide group is none.
      const bool blank = std::all_of(a.cells.begin(), a.cells.end(),
                                     [](const std::string& c) { return c.empty(); });
      if (blank) a.cells[3] = "3";
      if (op == 0 && !a.cells[0].empty()) {
        ++n.dgfip_referent;
        n.dgfip_yes += std::find(yes.begin(), yes.end(), a.cells[0]) != yes.end();
      }
      n.answers.push_back(a);
      any = true;
    }
    n.responding += any;
  }
  return n;
}

std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string long_export(const National& n, const fsbo::StructureRegistry& registry) {
  std::string text =
      "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
      "nb_sollicitations,commentaire\n";
  for (const Answer& a : n.answers) {
    text += "2025," + std::string(registry.id(a.structure)) + "," + quoted(a.spelling);
    for (const std::string& cell : a.cells) text += "," + quoted(cell);
    text += "\n";
  }
  return text;
}

// The wide export of the same answers: columns in a shuffled order, question
// headers of every form, operators spelled several ways, decimal commas, a
// respondent's name, and rows of respondents who answered nothing.
std::string wide_export(const National& n, const fsbo::StructureRegistry& registry) {
  Dice dice;
  dice.state = 977;
  const std::vector<std::string> labels = {"Référent identifié",    "Canal dédié",
                                           "Délai réponse (jours)", "Satisfaction",
                                           "Nb sollicitations",     "Commentaire"};
  struct Column {
    std::string header;
    int key;  // -1 id_fs, -2 annee, -3 ignored, else op * 6 + question
  };
  std::vector<Column> columns = {
      {"ID FS", -1}, {"Année", -2}, {"Nom du répondant", -3}, {"Date - heure", -3}};
  for (std::size_t op = 0; op < k_spellings.size(); ++op) {
    for (std::size_t q = 0; q < 6; ++q) {
      const std::string& sp =
          k_spellings[op][dice.roll(static_cast<unsigned>(k_spellings[op].size()))];
      const std::string question = dice.roll(2) ? labels[q] : k_question_names[q];
      std::string header;
      switch (dice.roll(7)) {
        case 0: header = question + " [" + sp + "]"; break;
        case 1: header = sp + " - " + question; break;
        case 2: header = sp + " – " + question; break;
        case 3: header = sp + " — " + question; break;
        case 4: header = sp + ": " + question; break;
        case 5: header = sp + " / " + question; break;
        default: header = sp + " | " + question; break;
      }
      columns.push_back({header, static_cast<int>(op * 6 + q)});
    }
  }
  for (std::size_t k = columns.size() - 1; k > 0; --k) {
    std::swap(columns[k], columns[dice.roll(static_cast<unsigned>(k + 1))]);
  }
  std::string text;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    text += (k ? "," : "") + quoted(columns[k].header);
  }
  text += "\n";
  // Rows by structure: its answers' cells, or none.
  std::map<std::size_t, std::map<int, std::string>> rows;
  for (const Answer& a : n.answers) {
    for (std::size_t q = 0; q < 6; ++q) {
      std::string cell = a.cells[q];
      if (q == 2) std::replace(cell.begin(), cell.end(), '.', ',');
      rows[a.structure][static_cast<int>(a.op * 6 + q)] = cell;
    }
  }
  for (const std::size_t s : n.silent) rows[s];
  for (const auto& [structure, cells] : rows) {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      std::string cell;
      const int key = columns[k].key;
      if (key == -1) cell = registry.id(structure);
      if (key == -2) cell = "2025";
      if (key == -3) cell = "Répondant " + std::to_string(structure);
      if (key >= 0) {
        const auto it = cells.find(key);
        if (it != cells.end()) cell = it->second;
      }
      text += (k ? "," : "") + quoted(cell);
    }
    text += "\n";
  }
  return text;
}

std::string national_row(const std::string& csv, const std::string& key) {
  const std::vector<std::string> found = lines_starting(csv, key + ",");
  return found.size() == 1 ? found[0] : std::string();
}

}  // namespace

TEST_CASE("cli::wide a national export, long and wide, on the official registry") {
  if (!have_shared(k_official)) {
    MESSAGE("skipped: ../shared/data/liste-fs-20240801.csv is absent");
    return;
  }
  const std::string official = shared_file(k_official);
  fsbo::Diagnostics diagnostics;
  fsbo::CsvReader reader(official, {}, diagnostics);
  const fsbo::StructureRegistry registry = fsbo::load_structures(reader, diagnostics);
  REQUIRE(registry.size() == 2845);
  const National n = make_national(registry.size());
  CHECK(n.responding > 2400);
  CHECK(n.responding < 2600);
  CHECK_FALSE(n.silent.empty());

  const std::string dir = temp_dir();
  write_file(dir + "/long.csv", long_export(n, registry));
  write_file(dir + "/wide.csv", wide_export(n, registry));

  const Run long_run = in_dir(dir, {"report", "-r", official, "long.csv", "-f", "csv"});
  const Run wide = in_dir(dir, {"report", "-r", official, "wide.csv", "-f", "csv"});
  INFO(long_run.err);
  INFO(wide.err);
  REQUIRE(long_run.code == 0);
  CHECK(long_run.err.empty());
  CHECK(wide.code == 0);
  // The two other columns are warned about, in the order of the shuffled header.
  const std::vector<std::string> header = split(lines(read_file(dir + "/wide.csv")).front(), ',');
  std::string expected_err;
  for (std::size_t k = 0; k < header.size(); ++k) {
    if (header[k] == "Nom du répondant" || header[k] == "Date - heure") {
      expected_err += "wide.csv:1: warning: column '" + header[k] + "': column " +
                      std::to_string(k + 1) +
                      " is not a known column and is ignored [unknown-column]\n";
    }
  }
  CHECK(wide.err == expected_err + "fsbo: 0 errors, 2 warnings (2 unknown-column)\n");
  CHECK(wide.out == long_run.out);
  // France, 18 regions and COM, 102 departments: 1 + 12 × 7 rows each, and the header.
  CHECK(lines(wide.out).size() == 1 + (1 + 19 + 102) * (1 + 12 * 7));

  // Participation and one indicator, counted here.
  const std::vector<std::string> participation =
      split(national_row(wide.out, "2025,national,FR,France,,participation"), ',');
  REQUIRE(participation.size() == 13);
  CHECK(std::stod(participation[6]) ==
        doctest::Approx(static_cast<double>(n.responding) / 2845.0).epsilon(1e-11));
  CHECK(participation[7] == "2845");
  const std::vector<std::string> referent =
      split(national_row(wide.out, "2025,national,FR,France,DGFIP,referent"), ',');
  REQUIRE(referent.size() == 13);
  CHECK(std::stod(referent[6]) ==
        doctest::Approx(static_cast<double>(n.dgfip_yes) / static_cast<double>(n.dgfip_referent))
            .epsilon(1e-11));
  CHECK(referent[7] == std::to_string(n.dgfip_referent));

  SUBCASE("convert --to wide of the long export reads back to the same figures") {
    const Run converted =
        in_dir(dir, {"convert", "--to", "wide", "-r", official, "long.csv", "-o", "conv.csv"});
    CHECK(converted.code == 0);
    CHECK(converted.err.empty());
    const Run figures = in_dir(dir, {"report", "-r", official, "conv.csv", "-f", "csv"});
    CHECK(figures.code == 0);
    CHECK(figures.err.empty());
    CHECK(figures.out == long_run.out);
    // And back to long: the canonical long of the long export.
    const Run back = in_dir(dir, {"convert", "--to", "long", "-r", official, "conv.csv"});
    const Run direct = in_dir(dir, {"convert", "--to", "long", "-r", official, "long.csv"});
    CHECK(back.code == 0);
    CHECK(lines(direct.out).size() == 1 + n.answers.size());
    CHECK(back.out == direct.out);
    // The wide export converts to the same canonical long.
    const Run from_wide = in_dir(dir, {"convert", "--to", "long", "-r", official, "wide.csv"});
    CHECK(from_wide.out == direct.out);
  }
}
