// End-to-end tests of the binary: every diagnostic the survey path produces,
// at its physical line, with its exact text, its exit code, and the figures
// still computed from what is valid. Fixtures: tests/fixtures/README.md.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "cli_support.hpp"

using namespace fsbo::test;
using namespace fsbo::test::cli;

namespace {

// survey-errors.csv, one problem per line (a quoted comment spans lines 2-3,
// so every later record sits one physical line below its record number).
const std::string k_errors_lines[] = {
    "survey-errors.csv:1: warning: column 'remarque': column 10 is not a known column and is "
    "ignored [unknown-column]",
    "survey-errors.csv:4: error: column 'column 11': the row has 11 cells where the header has "
    "10: the row is left out [extra-cell]",
    "survey-errors.csv:5: error: column 'satisfaction': the row has 6 cells where the header has "
    "10: the row is left out [missing-cell]",
    "survey-errors.csv:6: error: column 'id_fs': no structure id: the row is left out [missing-id]",
    "survey-errors.csv:7: error: column 'id_fs': structure 9999 is not in the registry: the row "
    "is left out [unknown-structure]",
    "survey-errors.csv:8: error: column 'operateur': unknown operator 'Pole emplo': the row is "
    "left out (did you mean 'Pôle emploi'?) [unknown-operator]",
    "survey-errors.csv:9: error: column 'operateur': no operator: the row is left out "
    "[missing-id]",
    "survey-errors.csv:10: error: duplicate answer for structure 1001 / DGFiP in 2025, first at "
    "line 2: this answer is left out [duplicate-answer]",
    "survey-errors.csv:11: error: column 'referent_identifie': 'Peut-être' is not yes or no: the "
    "cell counts as no answer [invalid-yes-no]",
    "survey-errors.csv:12: error: column 'delai_reponse_jours': 'abc' is not a number: the cell "
    "counts as no answer [invalid-number]",
    "survey-errors.csv:13: error: column 'satisfaction': 7 is not a whole score from 1 to 5: the "
    "cell counts as no answer [out-of-range]",
    "survey-errors.csv:14: error: column 'delai_reponse_jours': -2 is not a delay from 0 to 3650 "
    "days: the cell counts as no answer [out-of-range]",
    "survey-errors.csv:14: error: column 'nb_sollicitations': 1.5 is not a whole count of 0 or "
    "more: the cell counts as no answer [out-of-range]",
    "survey-errors.csv:15: error: column 'annee': '20x5' is not a survey year (2000 to 2100): the "
    "row is left out [invalid-number]",
    "survey-errors.csv:17: error: column 'canal_dedie': a quoted field is never closed: the "
    "record is left out [unterminated-quote]",
};

const std::string k_errors_summary =
    "fsbo: 14 errors, 1 warning (1 duplicate-answer, 1 extra-cell, 2 invalid-number, 1 "
    "invalid-yes-no, 1 missing-cell, 2 missing-id, 3 out-of-range, 1 unknown-column, 1 "
    "unknown-operator, 1 unknown-structure, 1 unterminated-quote)";

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) text += part + "\n";
  return text;
}

}  // namespace

TEST_CASE("cli::report every row and cell error of survey-errors.csv, at its physical line") {
  const Run run =
      in_fixtures({"report", "-r", "registry-small.csv", "survey-errors.csv", "-f", "csv"});
  INFO(run.err);
  CHECK(run.code == 1);
  std::vector<std::string> expected(std::begin(k_errors_lines), std::end(k_errors_lines));
  expected.push_back(k_errors_summary);
  CHECK(run.err == joined(expected));

  // The figures rest on the six accepted records only:
  //   line  2  1001 (77) DGFIP  Oui  Non  10  4   20
  //   line 11  1003 (77) DGFIP  --   Oui   6  2    5   (invalid yes/no: no answer)
  //   line 12  1003 (77) CAF    Oui  Non  --  4    8   (invalid number: no answer)
  //   line 13  2001 (2A) DGFIP  Oui  Oui  20  --   3   (score 7 out of range)
  //   line 14  2001 (2A) CAF    Non  Oui  --  3   --   (-2 and 1.5 out of range)
  //   line 16  3001 (971) DGFIP Non  Non  15  3    2
  // Rows with a wrong width, a missing/unknown key, a bad year or a duplicate
  // are left out whole, and the unterminated quote of line 17 swallows 3002
  // and 3003: 77 has 2/6 responding, 2A 1/3, 971 1/3, France 4/12.
  REQUIRE(lines(run.out).front() == k_tidy_header);
  check_row(run.out, "2025,national,FR,France,,participation",
            "0.333333333333,12,0.87,-0.536666666667,,,");
  check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation",
            "0.333333333333,6,0.87,-0.536666666667,,,");
  check_row(run.out, "2025,departement,971,Guadeloupe,,participation",
            "0.333333333333,3,0.87,-0.536666666667,,,");

  // 77 DGFIP: referent 1/1 (line 11 has no answer), canal 1/2, delays
  // {10, 6}: median = mean = 8, sd 2.828; scores {4, 2}: mean 3, sd 1.414,
  // 1 of 2 satisfied; requests 20 + 5. Means use t(0.975, 1) = 12.7062.
  const std::string dgfip_77 = "2025,departement,77,Seine-et-Marne,DGFIP,";
  check_row(run.out, dgfip_77 + "referent", "1,1,0.82,0.18,0.206549314377,1,petit_echantillon");
  check_row(run.out, dgfip_77 + "canal_dedie",
            "0.5,2,0.74,-0.24,0.0945312057342,0.905468794266,petit_echantillon");
  check_row(run.out, dgfip_77 + "delai_median", "8,2,9,-1,,,petit_echantillon");
  check_row(run.out, dgfip_77 + "delai_moyen", "8,2,11.5,-3.5,0,33.4124094723,petit_echantillon");
  check_row(run.out, dgfip_77 + "satisfaction_moyenne", "3,2,3.6,-0.6,1,5,petit_echantillon");
  check_row(run.out, dgfip_77 + "taux_satisfaits",
            "0.5,2,0.58,-0.08,0.0945312057342,0.905468794266,petit_echantillon");
  check_row(run.out, dgfip_77 + "sollicitations", "25,2,,,,,");
  // An invalid cell is no answer, the rest of its row still counts.
  check_row(run.out, "2025,departement,77,Seine-et-Marne,CAF,delai_moyen", ",0,8,,,,");
  check_row(run.out, "2025,departement,77,Seine-et-Marne,CAF,satisfaction_moyenne",
            "4,1,3.5,0.5,,,petit_echantillon");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,DGFIP,satisfaction_moyenne", ",0,3.6,,,,");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,DGFIP,delai_moyen",
            "20,1,11.5,8.5,,,petit_echantillon");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,CAF,sollicitations", ",0,,,,,");
  check_row(run.out, "2025,departement,2A,Corse-du-Sud,CAF,satisfaction_moyenne",
            "3,1,3.5,-0.5,,,petit_echantillon");
}

TEST_CASE("cli::validate --max-diagnostics caps the messages shown, never the totals") {
  std::vector<std::string> all(std::begin(k_errors_lines), std::end(k_errors_lines));
  const auto without = [&](std::initializer_list<int> lines_out) {
    std::vector<std::string> kept;
    for (int k = 0; k < static_cast<int>(all.size()); ++k) {
      if (std::find(lines_out.begin(), lines_out.end(), k) == lines_out.end())
        kept.push_back(all[k]);
    }
    return kept;
  };
  SUBCASE("2 per kind: the third out-of-range is counted, not shown") {
    const Run run = in_fixtures(
        {"validate", "-r", "registry-small.csv", "survey-errors.csv", "--max-diagnostics", "2"});
    INFO(run.err);
    CHECK(run.code == 1);
    std::vector<std::string> expected = without({12});
    expected.push_back("fsbo: note: 1 more [out-of-range] not shown (--max-diagnostics)");
    expected.push_back(k_errors_summary);
    CHECK(run.err == joined(expected));
  }
  SUBCASE("1 per kind") {
    const Run run = in_fixtures(
        {"validate", "-r", "registry-small.csv", "survey-errors.csv", "--max-diagnostics", "1"});
    INFO(run.err);
    CHECK(run.code == 1);
    // Left out: the second missing-id (line 9), the 2nd and 3rd out-of-range
    // (line 14) and the second invalid-number (line 15).
    std::vector<std::string> expected = without({6, 11, 12, 13});
    expected.push_back("fsbo: note: 1 more [invalid-number] not shown (--max-diagnostics)");
    expected.push_back("fsbo: note: 1 more [missing-id] not shown (--max-diagnostics)");
    expected.push_back("fsbo: note: 2 more [out-of-range] not shown (--max-diagnostics)");
    expected.push_back(k_errors_summary);
    CHECK(run.err == joined(expected));
  }
  SUBCASE("0 shows them all") {
    const Run run = in_fixtures(
        {"validate", "-r", "registry-small.csv", "survey-errors.csv", "--max-diagnostics", "0"});
    INFO(run.err);
    all.push_back(k_errors_summary);
    CHECK(run.err == joined(all));
  }
}

TEST_CASE("cli::validate -f json prints the diagnostics as a JSON array on stdout") {
  const Run run =
      in_fixtures({"validate", "-r", "registry-small.csv", "survey-errors.csv", "-f", "json"});
  INFO(run.out);
  CHECK(run.code == 1);
  CHECK(run.err.empty());
  const std::vector<std::string> out = lines(run.out);
  REQUIRE(out.size() == 19);  // [, 15 diagnostics, 2 dialect notes, ]
  CHECK(out.front() == "[");
  CHECK(
      out[8] ==
      R"(  {"severity": "error", "kind": "duplicate-answer", "file": "survey-errors.csv", "line": 10, "column": "", "value": "", "message": "duplicate answer for structure 1001 / DGFiP in 2025, first at line 2: this answer is left out", "hint": ""},)");
  CHECK(
      out[6] ==
      R"(  {"severity": "error", "kind": "unknown-operator", "file": "survey-errors.csv", "line": 8, "column": "operateur", "value": "Pole emplo", "message": "unknown operator 'Pole emplo': the row is left out", "hint": "did you mean 'Pôle emploi'?"},)");
  // 14 whole records after the header (the open quote of line 17 swallows
  // the rest of the file, and that record is not read), 6 of them accepted.
  CHECK(
      out[17] ==
      R"(  {"severity": "note", "kind": "dialect", "file": "survey-errors.csv", "line": 0, "column": "", "value": "", "message": "read as UTF-8, ',' separator, LF line ends; 14 rows, 6 accepted", "hint": ""})");
  CHECK(out.back() == "]");
}

TEST_CASE("cli::report encoding-error at the physical line of the undefined byte") {
  SUBCASE("Windows-1252 file with bytes 0x81 and 0x9D") {
    // survey-encoding.csv: Windows-1252, ';', CRLF. Records: 1001 (lines 2-3),
    // 1002 (lines 4-5, 0x81 on line 5 at byte 110), 1003 (line 6, 0x9D at byte 138).
    const Run run =
        in_fixtures({"report", "-r", "registry-small.csv", "survey-encoding.csv", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "survey-encoding.csv:5: error: column 'Commentaire': byte 0x81 is not defined in "
          "Windows-1252 at byte offset 110 [encoding-error]\n"
          "survey-encoding.csv:6: error: column 'Commentaire': byte 0x9D is not defined in "
          "Windows-1252 at byte offset 138 [encoding-error]\n"
          "fsbo: 2 errors, 0 warnings (2 encoding-error)\n");
    // A bad byte in a comment does not drop the answer: 1001-1003 respond, 3/6 in 77.
    check_row(run.out, "2025,departement,77,Seine-et-Marne,,participation", "0.5,6,0.87,-0.37,,,");
    check_row(run.out, "2025,national,FR,France,,participation", "0.25,12,0.87,-0.62,,,");
  }
  SUBCASE("--encoding utf-8 forced on a byte that is not UTF-8") {
    const std::string dir = temp_dir();
    write_file(dir + "/bad-utf8.csv",
               "annee,id_fs,operateur,commentaire\n2025,1001,DGFIP,\"ok\nfin \xFF\"\n");
    const Run run = in_dir(dir, {"validate", "-r", fixture("registry-small.csv"), "bad-utf8.csv",
                                 "--encoding", "utf-8"});
    INFO(run.err);
    CHECK(run.code == 1);
    // Offset: the header is 34 bytes, then "2025,1001,DGFIP,\"ok\nfin " 24 more.
    CHECK(run.err ==
          "bad-utf8.csv:3: error: column 'commentaire': byte 0xFF is not valid UTF-8 at byte "
          "offset 58 (if the file is not UTF-8, pass --encoding windows-1252) [encoding-error]\n"
          "fsbo: 1 error, 0 warnings (1 encoding-error)\n");
  }
}

TEST_CASE("cli::report files that cannot be read as a survey") {
  SUBCASE("missing-column") {
    const Run run = in_fixtures(
        {"report", "-r", "registry-small.csv", "survey-missing-column.csv", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "survey-missing-column.csv:1: error: column 'operateur': the required column "
          "'operateur' is not in the header; no row of this file can be read [missing-column]\n"
          "fsbo: 1 error, 0 warnings (1 missing-column)\n");
    // No survey could be read: no figure rather than a false zero participation.
    CHECK(run.out.empty());
  }
  SUBCASE("empty-file") {
    const Run run =
        in_fixtures({"report", "-r", "registry-small.csv", "survey-empty.csv", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "survey-empty.csv:1: error: the file is empty: there is no header line [empty-file]\n"
          "fsbo: 1 error, 0 warnings (1 empty-file)\n");
  }
  SUBCASE("single-column: the separator is probably wrong") {
    const Run run =
        in_fixtures({"validate", "-r", "registry-small.csv", "survey-single-column.csv"});
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "survey-single-column.csv:1: warning: the file reads as a single column with "
          "separator ',' (the separator is probably wrong; set it with --sep) [single-column]\n"
          "survey-single-column.csv:1: warning: column 'annee id_fs operateur': column 1 is not "
          "a known column and is ignored [unknown-column]\n"
          "survey-single-column.csv:1: error: column 'id_fs': the required column 'id_fs' is "
          "not in the header; no row of this file can be read [missing-column]\n"
          "survey-single-column.csv:1: error: column 'operateur': the required column "
          "'operateur' is not in the header; no row of this file can be read [missing-column]\n"
          "fsbo: 2 errors, 2 warnings (2 missing-column, 1 single-column, 1 unknown-column)\n");
  }
}

TEST_CASE("cli::report unreadable-file exits 3") {
  SUBCASE("missing survey") {
    const Run run = in_fixtures({"report", "-r", "registry-small.csv", "nope.csv", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 3);
    CHECK(run.err ==
          "nope.csv: error: cannot read the file: No such file or directory [unreadable-file]\n"
          "fsbo: 1 error, 0 warnings (1 unreadable-file)\n");
  }
  SUBCASE("a directory as the survey") {
    const std::string dir = temp_dir();
    const Run run = in_dir(dir, {"report", "-r", fixture("registry-small.csv"), dir});
    INFO(run.err);
    CHECK(run.code == 3);
    CHECK(run.err == dir + ": error: cannot read the file: it is a directory [unreadable-file]\n" +
                         "fsbo: 1 error, 0 warnings (1 unreadable-file)\n");
  }
  SUBCASE("missing registry: nothing is computed") {
    const Run run =
        in_fixtures({"report", "-r", "nope-registry.csv", "survey-small.csv", "-f", "csv"});
    INFO(run.err);
    CHECK(run.code == 3);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "nope-registry.csv: error: cannot read the file: No such file or directory "
          "[unreadable-file]\nfsbo: 1 error, 0 warnings (1 unreadable-file)\n");
  }
  SUBCASE("an unreadable file wins over data errors") {
    const Run run =
        in_fixtures({"validate", "-r", "registry-small.csv", "survey-errors.csv", "nope.csv"});
    INFO(run.err);
    CHECK(run.code == 3);
    CHECK(lines_starting(run.err, "nope.csv: error: cannot read the file").size() == 1);
  }
}

TEST_CASE("cli::validate --strict turns a warnings-only run into exit code 1") {
  const std::string warning =
      "survey-warning.csv:1: warning: column 'observations': column 5 is not a known column and "
      "is ignored [unknown-column]\nfsbo: 0 errors, 1 warning (1 unknown-column)\n";
  SUBCASE("without --strict") {
    const Run run =
        in_fixtures({"report", "-r", "registry-small.csv", "survey-warning.csv", "-f", "csv"});
    CHECK(run.code == 0);
    CHECK(run.err == warning);
    // The unknown column is ignored, the rows count: 1001 and 2001 respond.
    check_row(run.out, "2025,national,FR,France,,participation",
              "0.166666666667,12,0.87,-0.703333333333,,,");
  }
  SUBCASE("with --strict") {
    const Run run = in_fixtures(
        {"report", "-r", "registry-small.csv", "survey-warning.csv", "-f", "csv", "--strict"});
    CHECK(run.code == 1);
    CHECK(run.err == warning);
  }
  SUBCASE("--strict on a clean file") {
    const Run run =
        in_fixtures({"validate", "-r", "registry-small.csv", "survey-small.csv", "--strict"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
  }
}

TEST_CASE("cli::validate duplicate-answer across files names the first file and line") {
  // survey-small-excel.csv repeats every answer of survey-small.csv. Its
  // record 1003/CNAF spans lines 7-8 (CRLF inside quotes), so 1004 is on line 9
  // in both files.
  const Run run = in_fixtures(
      {"validate", "-r", "registry-small.csv", "survey-small.csv", "survey-small-excel.csv"});
  INFO(run.err);
  CHECK(run.code == 1);
  const std::vector<std::string> err = lines(run.err);
  REQUIRE(err.size() == 13);
  CHECK(err[0] ==
        "survey-small-excel.csv:2: error: duplicate answer for structure 1001 / DGFiP in 2025, "
        "first at survey-small.csv:2: this answer is left out [duplicate-answer]");
  CHECK(err[5] ==
        "survey-small-excel.csv:7: error: duplicate answer for structure 1003 / Caf in 2025, "
        "first at survey-small.csv:7: this answer is left out [duplicate-answer]");
  CHECK(err[6] ==
        "survey-small-excel.csv:9: error: duplicate answer for structure 1004 / DGFiP in 2025, "
        "first at survey-small.csv:9: this answer is left out [duplicate-answer]");
  CHECK(err[12] == "fsbo: 12 errors, 0 warnings (12 duplicate-answer)");
}

TEST_CASE("cli::validate reports what was read of each file") {
  SUBCASE("table") {
    const Run run = in_fixtures(
        {"validate", "-r", "registry-small.csv", "survey-small.csv", "survey-small-excel.csv"});
    CHECK(run.code == 1);  // the twin repeats every answer: duplicates
    CHECK(lines(run.out).front() == "Fichiers lus");
    CHECK(table_row(run.out, {"registry-small.csv"}) ==
          std::vector<std::string>{"registry-small.csv", "registre", "UTF-8", "non", "','", "LF",
                                   "12", "12"});
    CHECK(table_row(run.out, {"survey-small.csv"}) ==
          std::vector<std::string>{"survey-small.csv", "enquete", "UTF-8", "non", "','", "LF",
                                   "long", "12", "12"});
    CHECK(table_row(run.out, {"survey-small-excel.csv"}) ==
          std::vector<std::string>{"survey-small-excel.csv", "enquete", "Windows-1252", "non",
                                   "';'", "CRLF", "long", "12", "0"});
  }
  SUBCASE("-f json: the dialect notes") {
    const Run run = in_fixtures(
        {"validate", "-r", "registry-small.csv", "survey-small-excel.csv", "-f", "json"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(
        run.out ==
        "[\n"
        R"(  {"severity": "note", "kind": "dialect", "file": "registry-small.csv", "line": 0, "column": "", "value": "", "message": "read as UTF-8, ',' separator, LF line ends; 12 rows, 12 accepted", "hint": ""},)"
        "\n"
        R"(  {"severity": "note", "kind": "dialect", "file": "survey-small-excel.csv", "line": 0, "column": "", "value": "", "message": "read as Windows-1252, ';' separator, CRLF line ends; 12 rows, 12 accepted", "hint": ""})"
        "\n]\n");
  }
}

TEST_CASE("cli::validate a diagnostic stays on one line") {
  const std::string dir = temp_dir();
  write_file(dir + "/survey.csv",
             "annee,id_fs,operateur,referent_identifie\n2025,1001,DGFIP,\"Oui\nNon\"\n");
  const Run run = in_dir(dir, {"validate", "-r", fixture("registry-small.csv"), "survey.csv"});
  INFO(run.err);
  CHECK(run.code == 1);
  const std::vector<std::string> err = lines(run.err);
  REQUIRE(err.size() == 2);
  CHECK(err[0].rfind("survey.csv:2: error: column 'referent_identifie': ", 0) == 0);
  CHECK(err[0].find("[invalid-yes-no]") != std::string::npos);
}

// `report` looks the structures of rows in no order up a batch at a time;
// `convert`, which keeps comments, reads them one by one: both report the
// same problems, in the same order, and the accepted answers, converted and
// so in order, give the same figures.
TEST_CASE("cli::diagnostics of rows in no order, read a batch at a time") {
  const std::string dir = temp_dir();
  std::string registry = "id_fs,insee_dep\n";
  for (int id = 1; id <= 300; ++id) registry += fmt::format("{},{}\n", id, id % 2 ? "77" : "2A");
  write_file(dir + "/registre.csv", registry);
  const char* operators[] = {"DGFIP", "Caf", "ANTS", "La Poste", "MSA", "Urssaf"};
  std::vector<std::string> in_order;
  for (int id = 1; id <= 300; ++id) {
    for (int op = 0; op < 6; ++op) {
      const int row = id * 6 + op;
      in_order.push_back(fmt::format("2025,{},{},{},{},\"vu, {}, réponse reçue par courriel\"\n",
                                     row % 101 == 0 ? 9000 + row : id, operators[op],
                                     row % 89 == 0 ? "Peut-être"
                                     : row % 2     ? "Oui"
                                                   : "non",
                                     row % 97 == 0 ? "9" : std::to_string(1 + row % 5), row));
    }
  }
  std::string scattered = "annee,id_fs,operateur,referent_identifie,satisfaction,commentaire\n";
  for (std::size_t k = 0; k < in_order.size(); ++k) {
    scattered += in_order[k * 997 % in_order.size()];
    if (k % 150 == 7) scattered += in_order[k];  // a duplicate, or the first answer
    if (k % 400 == 9) scattered += "2025,12,MSA,O\"ui,,\n";
  }
  write_file(dir + "/scattered.csv", scattered);
  const Run report = in_dir(dir, {"report", "-r", "registre.csv", "scattered.csv", "-f", "csv"});
  const Run convert = in_dir(dir, {"convert", "--to", "long", "-r", "registre.csv", "scattered.csv",
                                   "-o", "converted.csv"});
  CHECK(report.code == 1);
  CHECK(convert.code == 1);
  CHECK(report.err == convert.err);
  for (const char* kind :
       {"duplicate-answer", "unknown-structure", "invalid-yes-no", "out-of-range", "stray-quote"}) {
    CAPTURE(kind);
    CHECK(report.err.find(fmt::format("[{}]", kind)) != std::string::npos);
  }
  const Run converted = in_dir(dir, {"report", "-r", "registre.csv", "converted.csv", "-f", "csv"});
  CHECK(converted.code == 0);
  CHECK(converted.out == report.out);
  CHECK(report.out.find("2025,national,FR,France,,participation,1,300,") != std::string::npos);
  SUBCASE("found not to be UTF-8 past its first 64 KiB, it is read again as Windows-1252") {
    REQUIRE(scattered.size() > 70'000);
    write_file(dir + "/late.csv", scattered + "2025,300,Urssaf,Oui,3,D\xE9lai\n");
    const auto [judged, given] =
        judged_and_given(dir, {"report", "-r", "registre.csv", "late.csv", "-f", "csv"});
    CHECK(judged.code == 1);
    CHECK(judged.out == given.out);
    CHECK(judged.err == given.err);
  }
}
