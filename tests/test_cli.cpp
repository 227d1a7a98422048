// End-to-end tests of the binary: commands, options, formats and exit codes,
// on the hand-written fixtures of tests/fixtures (see its README.md) and on
// the sample files of data/. Diagnostics and `validate`: test_cli_diagnostics.cpp.
//
// Figures of survey-small.csv (and of its French-Excel twin), by hand.
// registry-small.csv: 77 has 1001-1006, 2A has 2001-2003, 971 has 3001-3003.
//   77:  1001 DGFIP Oui Non 10 4 20 | 1001 CAF O Vrai 5 5 12
//        1002 DGFiP Non Oui 2.5 5 10 | 1002 Pôle emploi Yes 0 7 3 4
//        1003 Finances publiques Oui - 6 2 5 | 1003 Cnaf Non Non - 4 8
//        1004 ddfip oui non 3 3 0
//   2A:  2001 DGFIP Oui Oui 20 1 3 | 2001 France Renov Non Non 30 2 1 | 2002 CAF True 1 4 4 6
//   971: 3001 DGFIP Faux No 15 3 2 | 3001 CHEQUE ENERGIE 1 false 12 5 -
// Participation: 77 4/6, 2A 2/3, 971 1/3, France 7/12 = 0.583333333333
// (baseline 0.87: ecart -0.286666666667; 77 and 2A -0.203333333333).
// 77 DGFIP: referent 3/4; canal 1/3; delays {2.5, 3, 6, 10}: median 4.5, mean
// 5.375; scores {4, 5, 2, 3}: mean 3.5, satisfied 2/4; requests 35.
// France DGFIP adds 2001 and 3001: referent 4/6, canal 2/5, delays median
// (6 + 10) / 2 = 8, mean 56.5 / 6 = 9.41666666667, scores mean 18 / 6 = 3,
// satisfied 2/6, requests 40. France CAF: referent 2/3, delays {5, 4},
// scores {5, 4, 4}: mean 4.33333333333, satisfied 3/3, requests 26.
// Wilson bounds and Student t bounds (t(0.975, 3) = 3.18245,
// t(0.975, 5) = 2.57058) were computed apart with python3.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "cli_support.hpp"

using namespace fsbo::test;
using namespace fsbo::test::cli;

namespace {

const std::vector<std::string> k_small = {"-r", "registry-small.csv", "survey-small.csv"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// The distinct "niveau,code" pairs of a tidy CSV, and how many data rows it has.
std::set<std::string> levels(const std::string& csv, std::size_t& rows) {
  std::set<std::string> found;
  const std::vector<std::string> all = lines(csv);
  rows = all.size() - 1;
  for (std::size_t k = 1; k < all.size(); ++k) {
    const std::vector<std::string> cells = split(all[k], ',');
    found.insert(cells[1] + "," + cells[2]);
  }
  return found;
}

}  // namespace

TEST_CASE("cli::--version") {
  const Run run = in_project({"--version"});
  CHECK(run.code == 0);
  CHECK(run.out == "fsbo 0.1.0\n");
}

TEST_CASE("cli::usage errors exit 2") {
  const auto usage = [](const std::vector<std::string>& args, const std::string& first_line) {
    const Run run = in_fixtures(args);
    INFO(run.err);
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(lines(run.err).front() == first_line);
  };
  SUBCASE("no subcommand") {
    usage({}, "A subcommand is required");
  }
  SUBCASE("unknown option") {
    usage(with(with({"report"}, k_small), {"--bogus"}),
          "The following argument was not expected: --bogus");
  }
  SUBCASE("--dep 99") {
    usage(with(with({"report"}, k_small), {"--dep", "99"}),
          "--dep: '99' is not a French department code");
  }
  SUBCASE("-f xml") {
    usage(with(with({"report"}, k_small), {"-f", "xml"}),
          "--format: xml not in {table,csv,tsv,json,markdown}");
  }
  SUBCASE("missing -r") {
    if (std::getenv("FSBO_REGISTRY") != nullptr) {
      MESSAGE("FSBO_REGISTRY is set: -r is not missing");
      return;
    }
    usage({"report", "survey-small.csv"}, "--registry is required");
  }
  SUBCASE("stdin - used twice") {
    usage({"report", "-r", "-", "-"}, "fsbo: error: standard input (-) can feed only one input");
    usage({"validate", "-r", "-", "-"}, "fsbo: error: standard input (-) can feed only one input");
  }
  SUBCASE("--year outside the survey years") {
    usage(with(with({"report"}, k_small), {"--year", "1999"}),
          "--year: Value 1999 not in range 2000 to 2100");
  }
}

TEST_CASE("cli::report -f csv figures on the fixture") {
  const Run run = in_fixtures(with(with({"report"}, k_small), {"-f", "csv"}));
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  const std::vector<std::string> out = lines(run.out);
  CHECK(out.front() == k_tidy_header);
  // France, regions 01, 11, 94, departments 2A, 77, 971; each has one
  // participation row and 12 operators x 7 indicators.
  CHECK(out.size() == 1 + 7 * (1 + 12 * 7));
  CHECK(out[1] ==
        "2025,national,FR,France,,participation,0.583333333333,12,0.87,-0.286666666667,,,");
  check_row(run.out, "2025,region,01,Guadeloupe,,participation",
            "0.333333333333,3,0.87,-0.536666666667,,,");
  check_row(run.out, "2025,region,11,Île-de-France,,participation",
            "0.666666666667,6,0.87,-0.203333333333,,,");
  check_row(run.out, "2025,region,94,Corse,,participation",
            "0.666666666667,3,0.87,-0.203333333333,,,");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,,participation",
            "0.666666666667,3,0.87,-0.203333333333,,,");
  check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation",
            "0.666666666667,6,0.87,-0.203333333333,,,");
  check_row(run.out, "2025,departement,971,Guadeloupe,,participation",
            "0.333333333333,3,0.87,-0.536666666667,,,");

  const std::string dgfip_77 = "2025,departement,77,Seine-et-Marne,DGFIP,";
  check_row(run.out, dgfip_77 + "referent",
            "0.75,4,0.82,-0.07,0.300641842582,0.95441273919,petit_echantillon");
  check_row(
      run.out, dgfip_77 + "canal_dedie",
      "0.333333333333,3,0.74,-0.406666666667,0.0614919447204,0.792340399198,petit_echantillon");
  check_row(run.out, dgfip_77 + "delai_moyen",
            "5.375,4,11.5,-6.125,0,10.8631822476,petit_echantillon");
  check_row(run.out, dgfip_77 + "satisfaction_moyenne",
            "3.5,4,3.6,-0.1,1.44573974324,5,petit_echantillon");
  check_row(run.out, dgfip_77 + "taux_satisfaits",
            "0.5,4,0.58,-0.08,0.150038989152,0.849961010848,petit_echantillon");
  check_row(run.out, dgfip_77 + "sollicitations", "35,4,,,,,");

  const std::string dgfip_fr = "2025,national,FR,France,DGFIP,";
  check_row(
      run.out, dgfip_fr + "referent",
      "0.666666666667,6,0.82,-0.153333333333,0.299993315138,0.903228588894,petit_echantillon");
  check_row(run.out, dgfip_fr + "canal_dedie",
            "0.4,5,0.74,-0.34,0.117620774233,0.769275718724,petit_echantillon");
  check_row(run.out, dgfip_fr + "delai_median", "8,6,9,-1,,,petit_echantillon");
  check_row(run.out, dgfip_fr + "delai_moyen",
            "9.41666666667,6,11.5,-2.08333333333,2.08249540802,16.7508379253,petit_echantillon");
  check_row(run.out, dgfip_fr + "satisfaction_moyenne",
            "3,6,3.6,-0.6,1.51587388522,4.48412611478,petit_echantillon");
  check_row(
      run.out, dgfip_fr + "taux_satisfaits",
      "0.333333333333,6,0.58,-0.246666666667,0.0967714111058,0.700006684862,petit_echantillon");
  check_row(run.out, dgfip_fr + "sollicitations", "40,6,,,,,");

  const std::string caf_fr = "2025,national,FR,France,CAF,";
  check_row(run.out, caf_fr + "referent",
            "0.666666666667,3,0.78,-0.113333333333,0.207659600802,0.93850805528,petit_echantillon");
  check_row(run.out, caf_fr + "delai_median", "4.5,2,6,-1.5,,,petit_echantillon");
  check_row(run.out, caf_fr + "delai_moyen", "4.5,2,8,-3.5,0,10.8531023681,petit_echantillon");
  check_row(run.out, caf_fr + "satisfaction_moyenne",
            "4.33333333333,3,3.5,0.833333333333,2.89911575675,5,petit_echantillon");
  check_row(run.out, caf_fr + "taux_satisfaits",
            "1,3,0.55,0.45,0.438502968245,1,petit_echantillon");
  check_row(run.out, caf_fr + "sollicitations", "26,3,,,,,");
  // No answer at all: no value, no interval, the baseline still shown.
  check_row(run.out, "2025,departement,971,Guadeloupe,CAF,referent", ",0,0.78,,,,");
  // Yes/no in every accepted spelling: 3001 CHEQUE ENERGIE "1" / "false".
  check_row(run.out, "2025,departement,971,Guadeloupe,CHEQUE_ENERGIE,referent",
            "1,1,0.55,0.45,0.206549314377,1,petit_echantillon");
  check_row(run.out, "2025,departement,971,Guadeloupe,CHEQUE_ENERGIE,canal_dedie",
            "0,1,0.47,-0.47,0,0.793450685623,petit_echantillon");
}

TEST_CASE("cli::indicators delai_median on few answers is flagged as a small sample") {
  const Run run = in_fixtures(with(with({"indicators"}, k_small), {"-f", "csv"}));
  check_row(run.out, "2025,departement,77,Seine-et-Marne,DGFIP,delai_median",
            "4.5,4,9,-4.5,,,petit_echantillon");
}

TEST_CASE("cli::report on the sample data of data/") {
  const std::vector<std::string> sample = {"-r", "data/registre-exemple.csv",
                                           "data/enquete-exemple.csv"};
  SUBCASE("-f csv") {
    const Run run = in_project(with(with({"report"}, sample), {"-f", "csv"}));
    INFO(run.err);
    CHECK(run.code == 0);
    // 6 departments in 6 regions + France, 85 rows each.
    CHECK(lines(run.out).size() == 1 + 13 * 85);
    // data/README.md: 35 of 35 structures answered in 77, 84 of 94 in all.
    check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation", "1,35,0.87,0.13,,,");
    check_row(run.out, "2025,national,FR,France,,participation",
              "0.893617021277,94,0.87,0.0236170212766,,,");
    // Recomputed with python3 from data/enquete-exemple.csv: 61 yes of 76, the
    // Wilson interval excludes the baseline 0.6, and n >= 10: significant.
    check_row(run.out, "2025,national,FR,France,FRANCE_TITRES,referent",
              "0.802631578947,76,0.6,0.202631578947,0.699561650258,0.876580127202,oui");
    check_row(run.out, "2025,national,FR,France,DGFIP,referent",
              "0.853333333333,75,0.82,0.0333333333333,0.756152321407,0.916082829905,non");
  }
  SUBCASE("table: French numbers, no ANSI escape when not a terminal") {
    const Run run = in_project(with({"report"}, sample));
    INFO(run.out);
    CHECK(run.code == 0);
    CHECK(run.out.find('\x1b') == std::string::npos);
    CHECK(lines(run.out).front() == "Participation à l'enquête back-office, 2025");
    CHECK(table_row(run.out, {"Département", "77"}) ==
          std::vector<std::string>{"Département", "77", "Seine-et-Marne", "35", "35", "100,0 %",
                                   "87,0 %", "+13,0 pts"});
    CHECK(table_row(run.out, {"National"}) == std::vector<std::string>{"National", "FR", "France",
                                                                       "94", "84", "89,4 %",
                                                                       "87,0 %", "+2,4 pts"});
    // Without --dep the table shows France and its departments, not the regions.
    CHECK(table_row(run.out, {"Région"}).empty());
  }
}

TEST_CASE("cli::report the French-Excel form gives byte-identical csv") {
  SUBCASE("data/enquete-exemple-excel.csv") {
    const Run clean = in_project(
        {"report", "-r", "data/registre-exemple.csv", "data/enquete-exemple.csv", "-f", "csv"});
    const Run excel = in_project({"report", "-r", "data/registre-exemple.csv",
                                  "data/enquete-exemple-excel.csv", "-f", "csv"});
    INFO(excel.err);
    CHECK(excel.code == 0);
    CHECK(excel.err.empty());
    CHECK(lines(excel.out).size() == 1106);
    CHECK(excel.out == clean.out);
  }
  SUBCASE("tests/fixtures/survey-small-excel.csv") {
    const Run clean = in_fixtures(with(with({"report"}, k_small), {"-f", "csv"}));
    const Run excel =
        in_fixtures({"report", "-r", "registry-small.csv", "survey-small-excel.csv", "-f", "csv"});
    INFO(excel.err);
    CHECK(excel.code == 0);
    CHECK(excel.err.empty());
    CHECK(lines(excel.out).size() == 596);
    CHECK(excel.out == clean.out);
  }
  SUBCASE("read from standard input") {
    const Run clean = in_fixtures(with(with({"report"}, k_small), {"-f", "csv"}));
    const Run piped = in_fixtures({"report", "-r", "registry-small.csv", "-", "-f", "csv"},
                                  read_file(fixture("survey-small-excel.csv")));
    INFO(piped.err);
    CHECK(piped.code == 0);
    CHECK(piped.out == clean.out);
  }
}

TEST_CASE("cli::participation output formats") {
  const std::vector<std::string> args = with({"participation"}, k_small);
  SUBCASE("--excel: BOM, ';', decimal comma, CRLF") {
    const Run run = in_fixtures(with(args, {"-f", "csv", "--excel"}));
    CHECK(run.code == 0);
    CHECK(
        run.out.rfind(
            "\xEF\xBB\xBF"
            "annee;niveau;code;libelle;operateur;indicateur;valeur;n;reference;ecart;ic_bas;ic_"
            "haut;significatif\r\n"
            "2025;national;FR;France;;participation;0,583333333333;12;0,87;-0,286666666667;;;\r\n",
            0) == 0);
    CHECK(lines(run.out).size() == 8);
  }
  SUBCASE("-f tsv") {
    const Run run = in_fixtures(with(args, {"-f", "tsv"}));
    CHECK(run.code == 0);
    const std::vector<std::string> out = lines(run.out);
    REQUIRE(out.size() == 8);
    CHECK(out[0] ==
          "annee\tniveau\tcode\tlibelle\toperateur\tindicateur\tvaleur\tn\treference\tecart\tic_"
          "bas\tic_haut\tsignificatif");
    CHECK(out[1] ==
          "2025\tnational\tFR\tFrance\t\tparticipation\t0.583333333333\t12\t0.87\t-0."
          "286666666667\t\t\t");
  }
  SUBCASE("-f markdown") {
    const Run run = in_fixtures(with(args, {"-f", "markdown", "--dep", "77"}));
    CHECK(run.code == 0);
    CHECK(run.out ==
          "### Participation à l'enquête back-office, 2025\n\n"
          "| Niveau | Code | Libellé | Inscrites | Répondantes | Taux | Référence | Écart |\n"
          "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
          "| National | FR | France | 12 | 7 | 58,3 % | 87,0 % | -28,7 pts |\n"
          "| Région | 11 | Île-de-France | 6 | 4 | 66,7 % | 87,0 % | -20,3 pts |\n"
          "| Département | 77 | Seine-et-Marne | 6 | 4 | 66,7 % | 87,0 % | -20,3 pts |\n\n");
  }
  SUBCASE("-f json of the French-Excel twin") {
    const Run run = in_fixtures({"participation", "-r", "registry-small.csv",
                                 "survey-small-excel.csv", "-f", "json", "--dep", "77"});
    INFO(run.out);
    CHECK(run.code == 0);
    const std::vector<std::string> out = lines(run.out);
    CHECK(out[1] == R"(  "schema": "fsbo.report/1",)");
    CHECK(
        lines_starting(run.out, R"(    {"file": "survey-small-excel.csv")") ==
        std::vector<std::string>{
            R"(    {"file": "survey-small-excel.csv", "role": "enquete", "read": true, "encoding": "Windows-1252", "separator": ";", "bom": false, "line_ends": "CRLF", "layout": "long", "rows": 12, "accepted": 12})"});
    CHECK(
        lines_starting(run.out, R"(    {"file": "registry-small.csv")") ==
        std::vector<std::string>{
            R"(    {"file": "registry-small.csv", "role": "registre", "read": true, "encoding": "UTF-8", "separator": ",", "bom": false, "line_ends": "LF", "layout": null, "rows": 12, "accepted": 12},)"});
    CHECK(
        lines_starting(run.out, R"(    {"annee": 2025, "niveau": "departement")") ==
        std::vector<std::string>{
            R"(    {"annee": 2025, "niveau": "departement", "code": "77", "libelle": "Seine-et-Marne", "operateur": null, "indicateur": "participation", "valeur": 0.666666666667, "n": 6, "repondantes": 4, "reference": 0.87, "ecart": -0.203333333333, "ic_bas": null, "ic_haut": null, "significatif": null, "petit_echantillon": false})"});
    CHECK(run.out.find(R"("diagnostics": {"errors": 0, "warnings": 0})") != std::string::npos);
  }
}

TEST_CASE("cli::report table for one department") {
  const Run run = in_fixtures(with(with({"report"}, k_small), {"--dep", "77"}));
  INFO(run.out);
  CHECK(run.code == 0);
  CHECK(run.out.find('\x1b') == std::string::npos);
  CHECK(table_row(run.out, {"National"}) == std::vector<std::string>{"National", "FR", "France",
                                                                     "12", "7", "58,3 %", "87,0 %",
                                                                     "-28,7 pts"});
  CHECK(table_row(run.out, {"Région"}) == std::vector<std::string>{"Région", "11", "Île-de-France",
                                                                   "6", "4", "66,7 %", "87,0 %",
                                                                   "-20,3 pts"});
  CHECK(run.out.find("Indicateurs par opérateur — Seine-et-Marne (77), 2025\n") !=
        std::string::npos);
  CHECK(table_row(run.out, {"DGFiP"}) ==
        std::vector<std::string>{"DGFiP", "Référent identifié", "75,0 %", "4", "82,0 %", "-7,0 pts",
                                 "[30,1 ; 95,4] %", "petit éch."});
  CHECK(table_row(run.out, {"", "Satisfaction moyenne"}) ==
        std::vector<std::string>{"", "Satisfaction moyenne", "3,50", "4", "3,60", "-0,10",
                                 "[1,45 ; 5,00]", "petit éch."});
  CHECK(table_row(run.out, {"", "Sollicitations"}) ==
        std::vector<std::string>{"", "Sollicitations", "35", "4"});
}

TEST_CASE("cli::report --dep narrows the levels shown") {
  std::size_t rows = 0;
  SUBCASE("--dep 77: France, Île-de-France and 77") {
    const Run run = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "--dep", "77"}));
    CHECK(run.code == 0);
    CHECK(levels(run.out, rows) ==
          std::set<std::string>{"national,FR", "region,11", "departement,77"});
    CHECK(rows == 3 * 85);
    // The national figures stay national.
    check_row(run.out, "2025,national,FR,France,,participation",
              "0.583333333333,12,0.87,-0.286666666667,,,");
  }
  SUBCASE("--dep 77,2A and --dep 77 --dep 2A") {
    const Run comma = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "--dep", "77,2A"}));
    const Run twice =
        in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "--dep", "77", "--dep", "2A"}));
    CHECK(comma.code == 0);
    CHECK(levels(comma.out, rows) == std::set<std::string>{"national,FR", "region,11", "region,94",
                                                           "departement,77", "departement,2A"});
    CHECK(rows == 5 * 85);
    CHECK(twice.out == comma.out);
  }
}

TEST_CASE("cli::report --dep accepts a lower-case or short department code") {
  SUBCASE("report --dep 2a") {
    const Run upper = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "--dep", "2A"}));
    const Run lower = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "--dep", "2a"}));
    CHECK(lower.code == 0);
    CHECK(lower.out == upper.out);
  }
  SUBCASE("participation --dep 1") {
    const Run padded =
        in_fixtures(with(with({"participation"}, k_small), {"-f", "csv", "--dep", "01"}));
    const Run short_code =
        in_fixtures(with(with({"participation"}, k_small), {"-f", "csv", "--dep", "1"}));
    CHECK(short_code.code == 0);
    CHECK(short_code.out == padded.out);
  }
  SUBCASE("structures --dep 2a") {
    const Run run =
        in_fixtures({"structures", "-r", "registry-small.csv", "--dep", "2a", "-f", "csv"});
    CHECK(lines(run.out).size() == 4);
  }
}

TEST_CASE("cli::indicators --dep 77,77 shows 77 once") {
  const Run run = in_fixtures(with(with({"indicators"}, k_small), {"--dep", "77,77"}));
  CHECK(lines_starting(run.out, "Indicateurs par opérateur — Seine-et-Marne (77)").size() == 1);
}

TEST_CASE("cli::report baselines") {
  SUBCASE("--baseline computed: the national rows are their own reference") {
    const Run run = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "-b", "computed"}));
    CHECK(run.code == 0);
    // National rows with a value: participation, and the operators answered
    // for: DGFIP, CAF, FRANCE_TRAVAIL, FRANCE_RENOV, CHEQUE_ENERGIE (6 each;
    // a request total has no reference, at any level).
    std::size_t valued = 0;
    for (const std::string& line : lines_starting(run.out, "2025,national,")) {
      const std::vector<std::string> cells = split(line, ',');
      if (cells[6].empty()) continue;
      if (cells[5] == "sollicitations") {
        CHECK(cells[8].empty());
        continue;
      }
      ++valued;
      INFO(line);
      CHECK(cells[8] == cells[6]);
      CHECK(cells[9] == "0");
    }
    CHECK(valued == 1 + 5 * 6);
    check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation",
              "0.666666666667,6,0.583333333333,0.0833333333333,,,");
  }
  SUBCASE("-b FILE replaces the built-in baseline") {
    // baseline-small.csv: participation 0.5, referent DGFiP 0.6, nothing else.
    const Run run =
        in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "-b", "baseline-small.csv"}));
    INFO(run.err);
    CHECK(run.code == 0);
    check_row(run.out, "2025,national,FR,France,,participation",
              "0.583333333333,12,0.5,0.0833333333333,,,");
    check_row(run.out, "2025,departement,77,Seine-et-Marne,DGFIP,referent",
              "0.75,4,0.6,0.15,0.300641842582,0.95441273919,petit_echantillon");
    check_row(run.out, "2025,departement,77,Seine-et-Marne,CAF,referent",
              "0.5,2,,,0.0945312057342,0.905468794266,");
  }
}

TEST_CASE("cli::report --baseline computed gives departments no reference for sums") {
  const Run run = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "-b", "computed"}));
  check_row(run.out, "2025,departement,77,Seine-et-Marne,DGFIP,sollicitations", "35,4,,,,,");
}

TEST_CASE("cli::operators the registry in use") {
  SUBCASE("built-in: the twelve operators of data/operateurs.csv") {
    const Run run = in_project({"operators", "-f", "csv"});
    CHECK(run.code == 0);
    CHECK(run.out == read_file(project_file("data/operateurs.csv")));
    std::vector<std::string> codes;
    for (const std::string& line : lines(run.out)) codes.push_back(split(line, ',')[0]);
    CHECK(codes == std::vector<std::string>{"code", "DGFIP", "CAF", "FRANCE_TITRES", "LA_POSTE",
                                            "POINT_JUSTICE", "FRANCE_TRAVAIL", "MSA",
                                            "ASSURANCE_MALADIE", "ASSURANCE_RETRAITE",
                                            "FRANCE_RENOV", "CHEQUE_ENERGIE", "URSSAF"});
  }
  SUBCASE("--operators FILE") {
    const Run run = in_fixtures({"operators", "--operators", "operators-small.csv", "-f", "csv"});
    CHECK(run.code == 0);
    CHECK(run.out ==
          "code,libelle,alias\nIMPOTS,Impôts,DGFIP|DDFIP|Finances "
          "publiques\nALLOC,Allocations,CAF|Cnaf\n");
  }
  SUBCASE("report --operators FILE: other operators are unknown") {
    const Run run = in_fixtures(
        with(with({"report"}, k_small), {"-f", "csv", "--operators", "operators-small.csv"}));
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "survey-small.csv:5: error: column 'operateur': unknown operator 'Pôle emploi': the row "
          "is left out (see `fsbo operators`) [unknown-operator]\n"
          "survey-small.csv:11: error: column 'operateur': unknown operator 'France Renov': the "
          "row is left out (see `fsbo operators`) [unknown-operator]\n"
          "survey-small.csv:14: error: column 'operateur': unknown operator 'CHEQUE ENERGIE': "
          "the row is left out (see `fsbo operators`) [unknown-operator]\n"
          "fsbo: 3 errors, 0 warnings (3 unknown-operator)\n");
    // 1 participation row + 2 operators x 7 indicators per level; DGFIP's
    // answers (and its baseline line) now belong to IMPOTS.
    CHECK(lines_starting(run.out, "2025,departement,77,").size() == 15);
    check_row(run.out, "2025,departement,77,Seine-et-Marne,IMPOTS,referent",
              "0.75,4,0.82,-0.07,0.300641842582,0.95441273919,petit_echantillon");
    check_row(run.out, "2025,national,FR,France,,participation",
              "0.583333333333,12,0.87,-0.286666666667,,,");
  }
}

TEST_CASE("cli::participation years") {
  SUBCASE("--year 2024 when there is no annee column") {
    // survey-no-year.csv: 1001 (77) and 2001 (2A) answer: 2/12.
    const Run run = in_fixtures({"participation", "-r", "registry-small.csv", "survey-no-year.csv",
                                 "-f", "csv", "--year", "2024"});
    CHECK(run.code == 0);
    CHECK(lines(run.out).size() == 8);
    check_row(run.out, "2024,national,FR,France,,participation",
              "0.166666666667,12,0.87,-0.703333333333,,,");
    check_row(run.out, "2024,departement,2A,Corse-du-Sud,,participation",
              "0.333333333333,3,0.87,-0.536666666667,,,");
  }
  SUBCASE("without --year the year is left empty") {
    const Run run = in_fixtures(
        {"participation", "-r", "registry-small.csv", "survey-no-year.csv", "-f", "csv"});
    CHECK(run.code == 0);
    check_row(run.out, ",national,FR,France,,participation",
              "0.166666666667,12,0.87,-0.703333333333,,,");
  }
  SUBCASE("two years in one input: figures per year") {
    // 2024: 1001 DGFIP Oui 4, 2001 DGFIP Non 2.
    // 2025: 1001 DGFIP Non 5, 1002 DGFIP Oui 3, 1003 CAF Oui, 3001 DGFIP Oui 4.
    const Run run =
        in_fixtures({"report", "-r", "registry-small.csv", "survey-two-years.csv", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(lines(run.out).size() == 1 + 2 * 7 * 85);
    check_row(run.out, "2024,national,FR,France,,participation",
              "0.166666666667,12,0.87,-0.703333333333,,,");
    check_row(run.out, "2025,national,FR,France,,participation",
              "0.333333333333,12,0.87,-0.536666666667,,,");
    check_row(run.out, "2024,departement,77,Seine-et-Marne,,participation",
              "0.166666666667,6,0.87,-0.703333333333,,,");
    check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation", "0.5,6,0.87,-0.37,,,");
    check_row(run.out, "2025,departement,2A,Corse-du-Sud,,participation", "0,3,0.87,-0.87,,,");
    check_row(run.out, "2024,national,FR,France,DGFIP,referent",
              "0.5,2,0.82,-0.32,0.0945312057342,0.905468794266,petit_echantillon");
    check_row(
        run.out, "2025,national,FR,France,DGFIP,referent",
        "0.666666666667,3,0.82,-0.153333333333,0.207659600802,0.93850805528,petit_echantillon");
    check_row(run.out, "2024,national,FR,France,DGFIP,satisfaction_moyenne",
              "3,2,3.6,-0.6,1,5,petit_echantillon");
    check_row(run.out, "2025,national,FR,France,DGFIP,satisfaction_moyenne",
              "4,3,3.6,0.4,1.51586228825,5,petit_echantillon");
  }
}

TEST_CASE("cli::participation --missing lists the structures that did not answer") {
  SUBCASE("-f csv") {
    const Run run = in_fixtures(
        with(with({"participation", "--missing", "--dep", "77"}, k_small), {"-f", "csv"}));
    CHECK(run.code == 0);
    CHECK(run.out ==
          "annee,id_fs,insee_dep,lib_fs,lib_com\n"
          "2025,1005,77,France services de Coulon-sur-Marne,Coulon-sur-Marne\n"
          "2025,1006,77,France services de Sainte-Orne - Antenne de Bois-Joli,Bois-Joli\n");
  }
  SUBCASE("table") {
    const Run run = in_fixtures(with({"participation", "--missing", "--dep", "77"}, k_small));
    CHECK(run.code == 0);
    CHECK(lines(run.out).front() == "Structures sans réponse");
    CHECK(table_row(run.out, {"2025", "1006"}) ==
          std::vector<std::string>{"2025", "1006", "77",
                                   "France services de Sainte-Orne - Antenne de Bois-Joli",
                                   "Bois-Joli"});
    CHECK(lines(run.out).size() == 6);  // title, blank, header, 2 rows, blank
  }
}

TEST_CASE("cli::structures --dep 2A") {
  SUBCASE("-f csv") {
    const Run run =
        in_fixtures({"structures", "-r", "registry-small.csv", "--dep", "2A", "-f", "csv"});
    CHECK(run.code == 0);
    CHECK(run.out ==
          "id_fs,insee_dep,lib_fs,lib_com,type_fs,format_fs\n"
          "2001,2A,France services de Capo-Rosso,Capo-Rosso,Principal,Fixe\n"
          "2002,2A,France services de Piana-Vecchia,Piana-Vecchia,Principal,Itinérant\n"
          "2003,2A,France services de Monte-Alto,Monte-Alto,Principal,Fixe\n");
  }
  SUBCASE("quoted fields of the registry come back whole") {
    const Run run =
        in_fixtures({"structures", "-r", "registry-small.csv", "--dep", "77", "-f", "csv"});
    CHECK(lines(run.out).size() == 7);
    CHECK(lines_starting(run.out, "1002,") ==
          std::vector<std::string>{
              "1002,77,\"France services de Val-Fleuri, site nord\",Val-Fleuri,Principal,Fixe"});
    CHECK(
        lines_starting(run.out, "1003,") ==
        std::vector<std::string>{
            "1003,77,\"France services \"\"Les Tilleuls\"\" de Montval\",Montval,Principal,Fixe"});
  }
  SUBCASE("table") {
    const Run run = in_fixtures({"structures", "-r", "registry-small.csv", "--dep", "2A"});
    CHECK(table_row(run.out, {"2002"}) ==
          std::vector<std::string>{"2002", "2A", "France services de Piana-Vecchia",
                                   "Piana-Vecchia", "Principal", "Itinérant"});
  }
}

TEST_CASE("cli::report -o FILE and standard input") {
  const Run reference = in_fixtures(with(with({"report"}, k_small), {"-f", "csv"}));
  SUBCASE("-o writes the file, stdout stays empty") {
    const std::string path = temp_dir() + "/out.csv";
    const Run run = in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "-o", path}));
    CHECK(run.code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(path) == reference.out);
  }
  SUBCASE("-o into a missing directory: exit 3, nothing written") {
    const std::string dir = temp_dir();
    const Run run =
        in_fixtures(with(with({"report"}, k_small), {"-f", "csv", "-o", dir + "/missing/out.csv"}));
    CHECK(run.code == 3);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "fsbo: error: cannot write " + dir + "/missing/out.csv: No such file or directory\n");
  }
  SUBCASE("- reads the survey from standard input") {
    const Run run = in_fixtures({"report", "-r", "registry-small.csv", "-", "-f", "csv"},
                                read_file(fixture("survey-small.csv")));
    CHECK(run.code == 0);
    CHECK(run.out == reference.out);
  }
  SUBCASE("diagnostics of standard input are named -") {
    const Run run = in_fixtures({"validate", "-r", "registry-small.csv", "-"},
                                read_file(fixture("survey-errors.csv")));
    CHECK(run.code == 1);
    CHECK(lines(run.err)[7] ==
          "-:10: error: duplicate answer for structure 1001 / DGFiP in 2025, first at line 2: this "
          "answer is left out [duplicate-answer]");
  }
}

TEST_CASE("cli::structures the official registry of ../shared/data") {
  if (!have_shared("liste-fs-20240801.csv")) {
    MESSAGE("skipped: ../shared/data/liste-fs-20240801.csv is absent");
    return;
  }
  const std::string registry = shared_file("liste-fs-20240801.csv");
  SUBCASE("structures --dep 77: 34 structures") {
    const Run run = in_project({"structures", "-r", registry, "--dep", "77", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(lines(run.out).size() == 1 + 34);
    CHECK(lines_starting(run.out, "id_fs,insee_dep,").size() == 1);
  }
  SUBCASE("validate: 2845 structures accepted") {
    const Run run = in_project({"validate", "-r", registry});
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(table_row(run.out, {registry}) == std::vector<std::string>{registry, "registre", "UTF-8",
                                                                     "non", "','", "LF", "2845",
                                                                     "2845"});
  }
}

TEST_CASE("cli::report the wide sample of data/ gives the long sample's figures") {
  const Run wide = in_project(
      {"report", "-r", "data/registre-exemple.csv", "data/enquete-exemple-large.csv", "-f", "csv"});
  const Run long_ = in_project(
      {"report", "-r", "data/registre-exemple.csv", "data/enquete-exemple.csv", "-f", "csv"});
  CHECK(wide.code == 0);
  CHECK(wide.err ==
        "data/enquete-exemple-large.csv:1: warning: column 'Nom du répondant': column 3 is not a "
        "known column and is ignored [unknown-column]\n"
        "fsbo: 0 errors, 1 warning (1 unknown-column)\n");
  CHECK(wide.out == long_.out);
}
