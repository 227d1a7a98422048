// End-to-end tests of the malformed-input corpus of issue 4: every file of
// tests/fixtures/malformed/ (see its README.md) read as a survey export, a
// structure registry, an operator registry or a baseline; the large cases,
// generated into a temporary folder; directories, unreadable files, FIFOs and
// standard input that close early. Each test asserts the diagnostic kinds at
// their physical lines, the exit code and the figures of the valid part.
//
// Figures by hand. registry-small.csv: 77 has 1001-1006, 2A 2001-2003, 971
// 3001-3003 (12 structures); the built-in baseline gives participation 0.87.
// The corpus surveys are built from these rows:
//   2025,1001,DGFIP,Oui,4     2025,1002,DGFIP,Non,2     2025,2001,CAF,Oui,5
// so that France's participation is (responding structures) / 12: 1/12 =
// 0.0833333333333, 2/12 = 0.166666666667, 3/12 = 0.25, 4/12 = 0.333333333333,
// 5/12 = 0.416666666667, each compared with 0.87.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "cli_support.hpp"

using namespace fsbo::test;
using namespace fsbo::test::cli;

namespace {

const std::string k_dir = std::string(FSBO_FIXTURES) + "/malformed";
const std::string k_registry = "../registry-small.csv";
const std::string k_survey = "../survey-small.csv";

const std::string k_fr = "2025,national,FR,France,";
const std::string k_77 = "2025,departement,77,Seine-et-Marne,";
const std::string k_2a = "2025,departement,2A,Corse-du-Sud,";
const std::string k_971 = "2025,departement,971,Guadeloupe,";

// The survey rows the generated files are made of.
const std::string k_header = "annee,id_fs,operateur,referent_identifie,satisfaction,commentaire\n";
const std::string k_row_1001 = "2025,1001,DGFIP,Oui,4,\n";
const std::string k_row_2001 = "2025,2001,CAF,Oui,5,\n";
const std::string k_row_9999 = "2025,9999,CAF,Oui,5,\n";

/// Runs fsbo from tests/fixtures/malformed, so that messages name the bare file.
Run in_malformed(const std::vector<std::string>& args, const std::string& input = "") {
  return fsbo::test::fsbo(args, input, k_dir);
}

/// `report -f csv` of a corpus survey against registry-small.csv.
Run report(const std::string& survey) {
  return in_malformed({"report", "-r", k_registry, survey, "-f", "csv"});
}

/// "LINE kind" of each diagnostic of `err` (`file:LINE: severity: … [kind]`),
/// in order; summary and note lines (`fsbo: …`) are left out.
std::vector<std::string> where(const std::string& err) {
  std::vector<std::string> found;
  for (const std::string& line : lines(err)) {
    if (line.rfind("fsbo: ", 0) == 0) continue;
    const auto open = line.rfind(" [");
    const auto colon = line.find(':');
    if (open == std::string::npos || line.back() != ']' || colon == std::string::npos) {
      found.push_back("? " + line);
      continue;
    }
    const std::string kind = line.substr(open + 2, line.size() - open - 3);
    const auto digits = line.find_first_not_of("0123456789", colon + 1);
    const std::string number = line.substr(colon + 1, digits - colon - 1);
    found.push_back((number.empty() ? "0" : number) + " " + kind);
  }
  return found;
}

/// "valeur,n" of the one tidy-CSV row whose first six cells are `key`.
std::string figure(const std::string& csv, const std::string& key) {
  const std::vector<std::string> found = lines_starting(csv, key + ",");
  INFO("row " << key);
  REQUIRE(found.size() == 1);
  const std::vector<std::string> cells = split(found[0].substr(key.size() + 1), ',');
  REQUIRE(cells.size() == 7);
  return cells[0] + "," + cells[1];
}

/// Checks France's participation row against the built-in 0.87.
void check_france(const std::string& csv, const std::string& expected) {
  check_row(csv, k_fr + ",participation", expected);
}

std::string repeat(const std::string& text, std::size_t times) {
  std::string result;
  result.reserve(text.size() * times);
  for (std::size_t k = 0; k < times; ++k) result += text;
  return result;
}

/// Once a reader has opened the FIFO at `path`, writes `chunks` to it with a
/// pause between them, then closes it. The open is non-blocking and retried
/// for about 30 s, so that the test never hangs should fsbo not open the FIFO;
/// SIGPIPE is blocked in this thread, so that a reader gone early gives EPIPE.
std::thread fifo_writer(const std::string& path, std::vector<std::string> chunks) {
  return std::thread([path, chunks = std::move(chunks)] {
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    int fd = -1;
    for (int tries = 0; tries < 3000 && fd < 0; ++tries) {
      fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (fd < 0) return;
    ::fcntl(fd, F_SETFL, 0);
    for (const std::string& chunk : chunks) {
      std::size_t sent = 0;
      while (sent < chunk.size()) {
        const ssize_t put = ::write(fd, chunk.data() + sent, chunk.size() - sent);
        if (put <= 0) break;
        sent += static_cast<std::size_t>(put);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::close(fd);
  });
}

/// Runs `report -f csv` on a FIFO fed with `chunks`, from `dir`.
Run report_fifo(const std::string& dir, const std::vector<std::string>& chunks) {
  const std::string path = dir + "/fifo.csv";
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  std::thread writer = fifo_writer(path, chunks);
  const Run run =
      in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "fifo.csv", "-f", "csv"});
  writer.join();
  return run;
}

}  // namespace

// ---------------------------------------------------------------------------
// Survey exports

TEST_CASE("cli::malformed survey: empty file, BOM only") {
  for (const std::string name : {"survey-empty.csv", "survey-bom-only.csv"}) {
    INFO(name);
    const Run run = report(name);
    CHECK(run.code == 1);
    CHECK(run.err == name +
                         ":1: error: the file is empty: there is no header line [empty-file]\n"
                         "fsbo: 1 error, 0 warnings (1 empty-file)\n");
    // No survey could be read: no figure rather than a false zero participation.
    CHECK(run.out.empty());
  }
}

TEST_CASE("cli::malformed survey: header only") {
  const Run run = report("survey-header-only.csv");
  INFO(run.err);
  CHECK(run.code <= 1);
  // No answer at all: every structure of the registry is counted, none responds.
  CHECK(lines_starting(run.out, ",national,FR,France,,participation,0,12,0.87,-0.87,,,").size() ==
        1);
}

TEST_CASE("cli::malformed survey and baseline with a header only are warned about") {
  SUBCASE("survey") {
    const Run run = report("survey-header-only.csv");
    INFO(run.err);
    CHECK(lines_starting(run.err, "survey-header-only.csv:").size() == 1);
  }
  SUBCASE("baseline") {
    const Run run =
        in_malformed({"report", "-r", k_registry, k_survey, "-b", "baseline-header-only.csv"});
    INFO(run.err);
    CHECK(lines_starting(run.err, "baseline-header-only.csv:").size() == 1);
  }
}

TEST_CASE("cli::malformed survey: binary garbage (an .xlsx workbook saved as .csv)") {
  const Run run = report("survey-binary.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.out.empty());
  CHECK(where(run.err) == std::vector<std::string>{"1 stray-quote", "1 encoding-error",
                                                   "1 single-column", "1 unknown-column",
                                                   "1 missing-column", "1 missing-column"});
  const std::vector<std::string> err = lines(run.err);
  REQUIRE(err.size() == 7);
  CHECK(err[1] ==
        "survey-binary.csv:1: error: column 'column 1': a NUL byte (0x00) at byte offset 5 "
        "[encoding-error]");
  CHECK(err[4] ==
        "survey-binary.csv:1: error: column 'id_fs': the required column 'id_fs' is not in the "
        "header; no row of this file can be read [missing-column]");
  CHECK(err[6] ==
        "fsbo: 3 errors, 3 warnings (1 encoding-error, 2 missing-column, 1 single-column, 1 "
        "stray-quote, 1 unknown-column)");
}

TEST_CASE("cli::malformed diagnostics echo no raw control character") {
  const auto controls = [](const std::string& text) {
    return std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == '\x7f';
    });
  };
  SUBCASE("survey-binary.csv") {
    const Run run = report("survey-binary.csv");
    CHECK(controls(run.err) == 0);
  }
  SUBCASE("an ESC sequence in a header cell") {
    const std::string dir = temp_dir();
    write_file(dir + "/esc.csv",
               "annee,id_fs,operateur,\x1b]0;pwned\x07\x1b[2J\n2025,1001,DGFIP,x\n");
    const Run run = in_dir(dir, {"validate", "-r", fixture("registry-small.csv"), "esc.csv"});
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(controls(run.err) == 0);
  }
}

TEST_CASE("cli::malformed survey: NUL bytes inside fields") {
  // survey-nul.csv: "ab\0cd" in the comment of 1002 (line 3, byte 113) and
  // "DG\0FIP" as the operator of 3001 (line 5, byte 150).
  const Run run = report("survey-nul.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "survey-nul.csv:3: error: column 'commentaire': a NUL byte (0x00) at byte offset 113 "
        "[encoding-error]\n"
        "survey-nul.csv:5: error: column 'operateur': a NUL byte (0x00) at byte offset 150 "
        "[encoding-error]\n"
        "fsbo: 2 errors, 0 warnings (2 encoding-error)\n");
  // The NUL becomes U+FFFD, which operator names ignore like any punctuation:
  // "DG\uFFFDFIP" is DGFIP. 1001, 1002, 2001 and 3001 respond.
  check_france(run.out, "0.333333333333,12,0.87,-0.536666666667,,,");
  check_row(run.out, k_77 + ",participation", "0.333333333333,6,0.87,-0.536666666667,,,");
  // DGFIP in France: referent Oui, Non, Oui = 2/3; scores 4, 2, 3: mean 3.
  CHECK(figure(run.out, k_fr + "DGFIP,referent") == "0.666666666667,3");
  CHECK(figure(run.out, k_fr + "DGFIP,satisfaction_moyenne") == "3,3");
  // The comment keeps its text around the replaced byte.
  const Run converted =
      in_malformed({"convert", "-r", k_registry, "survey-nul.csv", "--to", "long"});
  CHECK(lines_starting(converted.out,
                       "2025,1002,DGFIP,non,,,2,,ab\xEF\xBF\xBD"
                       "cd")
            .size() == 1);
}

TEST_CASE("cli::malformed survey: invalid UTF-8 in a file with a UTF-8 BOM") {
  // survey-bad-utf8.csv: BOM, then "déjà" written in Windows-1252 (0xE9 at
  // byte 141, the BOM counted) in the comment of line 3; the rest is UTF-8.
  const Run run = report("survey-bad-utf8.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "survey-bad-utf8.csv:3: error: column 'commentaire': byte 0xE9 is not valid UTF-8 at "
        "byte offset 141 (if the file is not UTF-8, pass --encoding windows-1252) "
        "[encoding-error]\n"
        "fsbo: 1 error, 0 warnings (1 encoding-error)\n");
  // No mojibake: "Pôle emploi", "France Rénov'" and "Chèque énergie" resolve,
  // so all three answers count.
  check_france(run.out, "0.25,12,0.87,-0.62,,,");
  CHECK(figure(run.out, k_fr + "FRANCE_TRAVAIL,referent") == "1,1");
  CHECK(figure(run.out, k_fr + "FRANCE_RENOV,referent") == "0,1");
  CHECK(figure(run.out, k_fr + "CHEQUE_ENERGIE,satisfaction_moyenne") == "5,1");
  CHECK(figure(run.out, k_2a + "CHEQUE_ENERGIE,referent") == "1,1");
  // The valid accented comments stay as written; the bad bytes become U+FFFD.
  const Run converted =
      in_malformed({"convert", "-r", k_registry, "survey-bad-utf8.csv", "--to", "long"});
  CHECK(converted.out ==
        "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
        "nb_sollicitations,commentaire\n"
        "2025,1001,FRANCE_TRAVAIL,oui,,,4,,Très bien\n"
        "2025,1002,FRANCE_RENOV,non,,,2,,d\xEF\xBF\xBDj\xEF\xBF\xBD vu\n"
        "2025,2001,CHEQUE_ENERGIE,oui,,,5,,été\n");
}

// The registry is judged as it is read (not read whole first): one that is
// UTF-8 for 100 kB and then not is read again, as the Windows-1252 file it
// then is, and nothing of the first reading remains.
TEST_CASE("cli::malformed registry: UTF-8 at first, a Windows-1252 byte past 64 KiB") {
  const std::string dir = temp_dir();
  std::string registry = "id_fs,insee_dep,lib_fs,lib_com\n9,XX,Nulle part,Nulle part\n";
  for (int k = 1; k <= 3000; ++k) {
    registry += std::to_string(k) + ",77,Maison " + std::to_string(k) + ",Brie-les-Étangs\n";
  }
  registry += "5000,94,France services,Cr\xE9teil\n";
  REQUIRE(registry.size() > 100'000);
  write_file(dir + "/registre.csv", registry);
  const Run judged = in_dir(dir, {"structures", "-r", "registre.csv", "-f", "csv"});
  const Run given =
      in_dir(dir, {"structures", "-r", "registre.csv", "-f", "csv", "--encoding", "cp1252"});
  CHECK(judged.code == 1);
  CHECK(judged.out == given.out);
  CHECK(judged.err == given.err);
  CHECK(judged.err ==
        "registre.csv:2: error: column 'insee_dep': 'XX' is not a French department code: "
        "structure 9 is left out [unknown-department]\n"
        "fsbo: 1 error, 0 warnings (1 unknown-department)\n");
  CHECK(judged.out.find("3000,77,Maison 3000,Brie-les-\xC3\x83\xE2\x80\xB0tangs,,\n") !=
        std::string::npos);
  CHECK(judged.out.find("5000,94,France services,Créteil,,\n") != std::string::npos);
  const Run validated = in_dir(dir, {"validate", "-r", "registre.csv", "-f", "json"});
  CHECK(validated.out.find("read as Windows-1252, ',' separator, LF line ends; 3002 rows, 3001 "
                           "accepted") != std::string::npos);
}

// Survey exports are judged UTF-8 or not as they are read: one found not to
// be past its first bytes is read again, whole, as Windows-1252, and so are
// the exports before it, whose answers are not counted twice.
TEST_CASE("cli::malformed survey: UTF-8 at first, a Windows-1252 byte past 64 KiB") {
  const std::string dir = temp_dir();
  write_file(dir + "/first.csv", "annee,id_fs,operateur,referent_identifie\n2025,1001,CAF,Oui\n");
  std::string late = "annee,id_fs,operateur,referent_identifie,commentaire\n";
  for (int k = 0; k < 2000; ++k) {
    late += "2025,1002,DGFIP,Oui,\n2025,1002,Chèque énergie,Non,R\xC3\xA9ponse rapide\n";
  }
  late += "2025,1003,MSA,Oui,D\xE9lai\n";
  REQUIRE(late.size() > 100'000);
  write_file(dir + "/late.csv", late);
  const auto [judged, given] = judged_and_given(
      dir, {"report", "-r", fixture("registry-small.csv"), "first.csv", "late.csv", "-f", "csv"});
  CHECK(judged.code == 1);
  CHECK(judged.out == given.out);
  CHECK(judged.err == given.err);
  // Read as Windows-1252, "Chèque énergie" written in UTF-8 names no operator.
  CHECK(judged.err.find("late.csv:3: error: column 'operateur': unknown operator "
                        "'Ch\xC3\x83\xC2\xA8que \xC3\x83\xC2\xA9nergie'") != std::string::npos);
  CHECK(judged.err.find("duplicate answer for structure 1002 / DGFiP in 2025, first at line 2") !=
        std::string::npos);
  // 1001 (first.csv, read twice, counted once), 1002 and 1003: three of the
  // registry's twelve structures answered.
  CHECK(judged.out.find("2025,national,FR,France,,participation,0.25,12,") != std::string::npos);
}

TEST_CASE("cli::malformed survey: rows with ';' in a ',' file") {
  const Run run = report("survey-mixed-separators.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "survey-mixed-separators.csv:3: error: column 'id_fs': the row has 1 cell where the "
        "header has 6: the row is left out [missing-cell]\n"
        "survey-mixed-separators.csv:5: error: column 'id_fs': the row has 1 cell where the "
        "header has 6: the row is left out [missing-cell]\n"
        "fsbo: 2 errors, 0 warnings (2 missing-cell)\n");
  // 1001 and 2001 are read; the ';' rows of 1002 and 3001 are left out.
  check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  check_row(run.out, k_77 + ",participation", "0.166666666667,6,0.87,-0.703333333333,,,");
  check_row(run.out, k_971 + ",participation", "0,3,0.87,-0.87,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,referent") == "1,1");
}

TEST_CASE("cli::malformed survey: lone CR line ends (old Mac)") {
  // Lines: 1 header, 2-3 1001 (a CR inside its quoted comment), 4 1002,
  // 5 blank, 6 9999 (not in the registry), 7 2001.
  const Run run = report("survey-cr-line-ends.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "survey-cr-line-ends.csv:6: error: column 'id_fs': structure 9999 is not in the "
        "registry: the row is left out [unknown-structure]\n"
        "fsbo: 1 error, 0 warnings (1 unknown-structure)\n");
  check_france(run.out, "0.25,12,0.87,-0.62,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,referent") == "0.5,2");
  CHECK(figure(run.out, k_fr + "DGFIP,satisfaction_moyenne") == "3,2");
  CHECK(figure(run.out, k_fr + "CAF,referent") == "1,1");
  const Run validated = in_malformed({"validate", "-r", k_registry, "survey-cr-line-ends.csv"});
  CHECK(table_row(validated.out, {"survey-cr-line-ends.csv"}) ==
        std::vector<std::string>{"survey-cr-line-ends.csv", "enquete", "UTF-8", "non", "','", "CR",
                                 "long", "4", "3"});
}

TEST_CASE("cli::malformed survey: a quote never closed at the end of the file") {
  // Line 3 opens a quoted comment that swallows line 4 (2001) and the file's end.
  const Run run = report("survey-unterminated-quote.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "survey-unterminated-quote.csv:3: error: column 'commentaire': a quoted field is never "
        "closed: the record is left out [unterminated-quote]\n"
        "fsbo: 1 error, 0 warnings (1 unterminated-quote)\n");
  check_france(run.out, "0.0833333333333,12,0.87,-0.786666666667,,,");
  check_row(run.out, k_2a + ",participation", "0,3,0.87,-0.87,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,satisfaction_moyenne") == "4,1");
}

TEST_CASE("cli::malformed survey: a quote in the middle of an unquoted field") {
  const Run run = report("survey-stray-quote.csv");
  INFO(run.err);
  CHECK(run.code == 0);
  const std::string stray =
      ": warning: column 'commentaire': a quote inside an unquoted field, or text after a "
      "closing quote: the field may not read as meant (quote the whole field, and double the "
      "quotes inside it) [stray-quote]\n";
  CHECK(run.err == "survey-stray-quote.csv:2" + stray + "survey-stray-quote.csv:3" + stray +
                       "fsbo: 0 errors, 2 warnings (2 stray-quote)\n");
  check_france(run.out, "0.25,12,0.87,-0.62,,,");
  const Run converted =
      in_malformed({"convert", "-r", k_registry, "survey-stray-quote.csv", "--to", "long"});
  CHECK(lines_starting(converted.out, "2025,1001,DGFIP,oui,,,4,,\"il a dit \"\"non\"\" hier\"")
            .size() == 1);
}

TEST_CASE("cli::malformed survey: a header repeated in the middle (concatenated exports)") {
  const Run run = report("survey-repeated-header.csv");
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(run.err ==
        "survey-repeated-header.csv:4: warning: the header line is repeated (concatenated "
        "exports?): it is skipped [repeated-header]\n"
        "fsbo: 0 errors, 1 warning (1 repeated-header)\n");
  // Both halves count: 1001 and 1002, then 2001.
  check_france(run.out, "0.25,12,0.87,-0.62,,,");
  CHECK(figure(run.out, k_fr + "CAF,referent") == "1,1");
  CHECK(figure(run.out, k_fr + "DGFIP,satisfaction_moyenne") == "3,2");
}

TEST_CASE("cli::malformed a repeated header with its BOM is skipped") {
  const Run run = report("survey-repeated-header-bom.csv");
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(run.err ==
        "survey-repeated-header-bom.csv:4: warning: the header line is repeated (concatenated "
        "exports?): it is skipped [repeated-header]\n"
        "fsbo: 0 errors, 1 warning (1 repeated-header)\n");
  check_france(run.out, "0.25,12,0.87,-0.62,,,");
}

TEST_CASE("cli::malformed survey: duplicate header names") {
  // Column 4 is "satisfaction", column 6 "Satisfaction": the first is read
  // (4, 2, 5); reading the second would give 1, 1 and a blank.
  const Run run = report("survey-duplicate-header.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "survey-duplicate-header.csv:1: error: column 'Satisfaction': column 6 repeats column 4; "
        "only the first is read [duplicate-column]\n"
        "fsbo: 1 error, 0 warnings (1 duplicate-column)\n");
  check_france(run.out, "0.25,12,0.87,-0.62,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,satisfaction_moyenne") == "3,2");
  CHECK(figure(run.out, k_fr + "CAF,satisfaction_moyenne") == "5,1");
}

TEST_CASE("cli::malformed a UTF-16 export is named as such") {
  const Run run = report("survey-utf16.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err.find("UTF-16") != std::string::npos);
}

TEST_CASE("cli::malformed survey: a UTF-16 export ends in one clear error") {
  const Run run = report("survey-utf16.csv");
  CHECK(run.code == 1);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "survey-utf16.csv:1: error: the file is UTF-16 (Excel's \"Texte Unicode\"), which fsbo "
        "does not read (save it from Excel as \"CSV UTF-8\" or \"CSV (séparateur : "
        "point-virgule)\") [encoding-error]\n"
        "fsbo: 1 error, 0 warnings (1 encoding-error)\n");
}

// The first survey is opened while the registry loads (to be read ahead):
// what it reports on opening still comes after the registry's diagnostics.
TEST_CASE("cli::malformed a survey opened early reports after the registry") {
  const Run run = in_malformed(
      {"report", "-r", "registry-duplicate-id.csv", "survey-utf16.csv", "survey-nul.csv"});
  CHECK(run.code == 1);
  CHECK(run.err ==
        "registry-duplicate-id.csv:14: error: column 'id_fs': structure 1001 is already listed at "
        "line 2: this row is left out [duplicate-structure]\n"
        "survey-utf16.csv:1: error: the file is UTF-16 (Excel's \"Texte Unicode\"), which fsbo "
        "does not read (save it from Excel as \"CSV UTF-8\" or \"CSV (séparateur : "
        "point-virgule)\") [encoding-error]\n"
        "survey-nul.csv:3: error: column 'commentaire': a NUL byte (0x00) at byte offset 113 "
        "[encoding-error]\n"
        "survey-nul.csv:5: error: column 'operateur': a NUL byte (0x00) at byte offset 150 "
        "[encoding-error]\n"
        "fsbo: 4 errors, 0 warnings (1 duplicate-structure, 3 encoding-error)\n");
}

// ---------------------------------------------------------------------------
// Structure registries

namespace {

/// `structures -f csv` of a corpus registry.
Run structures(const std::string& registry) {
  return in_malformed({"structures", "-r", registry, "-f", "csv"});
}

const std::string k_structures_header = "id_fs,insee_dep,lib_fs,lib_com,type_fs,format_fs\n";

/// The listing of the corpus registry's twelve structures, `changed` applied.
std::string listing(const std::vector<std::pair<std::string, std::string>>& changed = {},
                    const std::vector<std::string>& left_out = {}) {
  const std::vector<std::string> all = {
      "1001,77,Brie-les-Étangs", "1002,77,Val-Fleuri",       "1003,77,Montval",
      "1004,77,Sainte-Orne",     "1005,77,Coulon-sur-Marne", "1006,77,Boissy",
      "2001,2A,Capo-Rosso",      "2002,2A,Piana-Vecchia",    "2003,2A,Monte-Alto",
      "3001,971,Anse-Claire",    "3002,971,Morne-Vert",      "3003,971,Pointe-Sable"};
  std::string text = k_structures_header;
  for (std::string row : all) {
    const std::string id = row.substr(0, 4);
    if (std::find(left_out.begin(), left_out.end(), id) != left_out.end()) continue;
    for (const auto& [from, to] : changed) {
      if (row.rfind(from, 0) == 0) row = to;
    }
    text += row + ",,,\n";
  }
  return text;
}

}  // namespace

TEST_CASE("cli::malformed registry: empty file, BOM only, header only, binary garbage") {
  SUBCASE("empty file and BOM only") {
    for (const std::string name : {"registry-empty.csv", "registry-bom-only.csv"}) {
      INFO(name);
      const Run run = structures(name);
      CHECK(run.code == 1);
      CHECK(run.err == name +
                           ":1: error: the file is empty: there is no header line [empty-file]\n"
                           "fsbo: 1 error, 0 warnings (1 empty-file)\n");
      CHECK(run.out.empty());  // nothing to list: no -o file is touched
    }
  }
  SUBCASE("header only") {
    const Run run = structures("registry-header-only.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "registry-header-only.csv:1: error: the registry lists no structure: nothing can be "
          "computed [empty-registry]\nfsbo: 1 error, 0 warnings (1 empty-registry)\n");
    CHECK(run.out.empty());  // nothing to list: no -o file is touched
  }
  SUBCASE("binary garbage") {
    const Run run = structures("registry-binary.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(where(run.err) ==
          std::vector<std::string>{"1 single-column", "1 missing-column", "1 missing-column"});
    CHECK(lines(run.err).back() == "fsbo: 2 errors, 1 warning (2 missing-column, 1 single-column)");
    CHECK(run.out.empty());  // nothing to list: no -o file is touched
  }
  SUBCASE("a report against an unusable registry computes nothing") {
    for (const std::string name :
         {"registry-empty.csv", "registry-header-only.csv", "registry-binary.csv"}) {
      INFO(name);
      const Run run = in_malformed({"report", "-r", name, k_survey, "-f", "csv"});
      CHECK(run.code == 1);
      CHECK(run.out.empty());
    }
  }
}

TEST_CASE("cli::malformed registry: NUL byte and invalid UTF-8") {
  SUBCASE("NUL in a name") {
    const Run run = structures("registry-nul.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "registry-nul.csv:4: error: column 'lib_fs': a NUL byte (0x00) at byte offset 79 "
          "[encoding-error]\nfsbo: 1 error, 0 warnings (1 encoding-error)\n");
    CHECK(run.out == listing({{"1003", "1003,77,Mont\xEF\xBF\xBDval"}}));
  }
  SUBCASE("a Windows-1252 byte in a file with a UTF-8 BOM") {
    const Run run = structures("registry-bad-utf8.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "registry-bad-utf8.csv:3: error: column 'lib_fs': byte 0xE9 is not valid UTF-8 at "
          "byte offset 65 (if the file is not UTF-8, pass --encoding windows-1252) "
          "[encoding-error]\nfsbo: 1 error, 0 warnings (1 encoding-error)\n");
    // No mojibake: "Brie-les-Étangs" stays as written.
    CHECK(run.out == listing({{"1002", "1002,77,Val-Fl\xEF\xBF\xBDuri"}}));
  }
}

TEST_CASE("cli::malformed registry: separators, line ends and quotes") {
  SUBCASE("rows with ';' in a ',' file") {
    const Run run = structures("registry-mixed-separators.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    std::string expected;
    for (const char* line : {"8", "9", "10"}) {
      expected += std::string("registry-mixed-separators.csv:") + line +
                  ": error: column 'insee_dep': the row has 1 cell where the header has 3: the "
                  "row is left out [missing-cell]\n";
    }
    CHECK(run.err == expected + "fsbo: 3 errors, 0 warnings (3 missing-cell)\n");
    CHECK(run.out == listing({}, {"2001", "2002", "2003"}));
  }
  SUBCASE("lone CR line ends") {
    // 1004's name holds a CR inside quotes (lines 5-6), so 3003 is on line 14.
    const Run run = structures("registry-cr-line-ends.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "registry-cr-line-ends.csv:14: error: column 'insee_dep': '99' is not a French "
          "department code: structure 3003 is left out [unknown-department]\n"
          "fsbo: 1 error, 0 warnings (1 unknown-department)\n");
    CHECK(run.out == listing({{"1004", "1004,77,\"Sainte-Orne\nAntenne\""}}, {"3003"}));
  }
  SUBCASE("a quote never closed at the end") {
    const Run run = structures("registry-unterminated-quote.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "registry-unterminated-quote.csv:13: error: column 'lib_fs': a quoted field is never "
          "closed: the record is left out [unterminated-quote]\n"
          "fsbo: 1 error, 0 warnings (1 unterminated-quote)\n");
    CHECK(run.out == listing({}, {"3003"}));
  }
  SUBCASE("a quote in the middle of an unquoted field") {
    const Run run = structures("registry-stray-quote.csv");
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(where(run.err) == std::vector<std::string>{"4 stray-quote"});
    CHECK(run.out == listing({{"1003", "1003,77,\"Les \"\"Tilleuls\"\" de Montval\""}}));
  }
  SUBCASE("a header repeated in the middle") {
    const Run run = structures("registry-repeated-header.csv");
    INFO(run.err);
    CHECK(run.code == 0);
    CHECK(run.err ==
          "registry-repeated-header.csv:8: warning: the header line is repeated (concatenated "
          "exports?): it is skipped [repeated-header]\n"
          "fsbo: 0 errors, 1 warning (1 repeated-header)\n");
    CHECK(run.out == listing());
  }
  SUBCASE("duplicate header names") {
    // "INSEE DEP" (column 4, all 99) repeats insee_dep: the first one is read.
    const Run run = structures("registry-duplicate-header.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(run.err ==
          "registry-duplicate-header.csv:1: error: column 'INSEE DEP': column 4 repeats column "
          "2; only the first is read [duplicate-column]\n"
          "fsbo: 1 error, 0 warnings (1 duplicate-column)\n");
    CHECK(run.out == listing());
  }
}

TEST_CASE("cli::malformed registry: duplicate id_fs") {
  // Line 14 repeats 1001, in 2A: it is left out, 2A keeps its 3 structures.
  const Run run = structures("registry-duplicate-id.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  const std::string err =
      "registry-duplicate-id.csv:14: error: column 'id_fs': structure 1001 is already listed at "
      "line 2: this row is left out [duplicate-structure]\n";
  CHECK(run.err == err + "fsbo: 1 error, 0 warnings (1 duplicate-structure)\n");
  CHECK(run.out == listing());
  // survey-small.csv: 77 4/6, 2A 2/3, 971 1/3, France 7/12, as with registry-small.csv.
  const Run figures =
      in_malformed({"report", "-r", "registry-duplicate-id.csv", k_survey, "-f", "csv"});
  CHECK(figures.code == 1);
  CHECK(figures.err == run.err);
  check_france(figures.out, "0.583333333333,12,0.87,-0.286666666667,,,");
  check_row(figures.out, k_2a + ",participation", "0.666666666667,3,0.87,-0.203333333333,,,");
  check_row(figures.out, k_77 + ",participation", "0.666666666667,6,0.87,-0.203333333333,,,");
}

TEST_CASE("cli::malformed registry: unknown department codes") {
  // 1006 in "99" (line 7) and 3003 in "20" (line 13, Corsica before 1976).
  const Run run = structures("registry-unknown-department.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "registry-unknown-department.csv:7: error: column 'insee_dep': '99' is not a French "
        "department code: structure 1006 is left out [unknown-department]\n"
        "registry-unknown-department.csv:13: error: column 'insee_dep': '20' is not a French "
        "department code: structure 3003 is left out [unknown-department]\n"
        "fsbo: 2 errors, 0 warnings (2 unknown-department)\n");
  CHECK(run.out == listing({}, {"1006", "3003"}));
  // Neither answered in survey-small.csv: 77 4/5, 971 1/2, France 7/10.
  const Run figures =
      in_malformed({"report", "-r", "registry-unknown-department.csv", k_survey, "-f", "csv"});
  CHECK(figures.code == 1);
  check_france(figures.out, "0.7,10,0.87,-0.17,,,");
  check_row(figures.out, k_77 + ",participation", "0.8,5,0.87,-0.07,,,");
  check_row(figures.out, k_971 + ",participation", "0.5,2,0.87,-0.37,,,");
  check_row(figures.out, k_2a + ",participation", "0.666666666667,3,0.87,-0.203333333333,,,");
}

TEST_CASE("cli::malformed registry: a required column missing") {
  const std::string err =
      "registry-missing-column.csv:1: error: column 'insee_dep': the required column "
      "'insee_dep' is not in the header; no row of this file can be read [missing-column]\n"
      "fsbo: 1 error, 0 warnings (1 missing-column)\n";
  const Run run = structures("registry-missing-column.csv");
  CHECK(run.code == 1);
  CHECK(run.err == err);
  CHECK(run.out.empty());  // nothing to list: no -o file is touched
  const Run figures =
      in_malformed({"report", "-r", "registry-missing-column.csv", k_survey, "-f", "csv"});
  CHECK(figures.code == 1);
  CHECK(figures.err == err);
  CHECK(figures.out.empty());
}

// ---------------------------------------------------------------------------
// Operator registries

namespace {

Run operators(const std::string& file) {
  return in_malformed({"operators", "--operators", file, "-f", "csv"});
}

const std::string k_operators_header = "code,libelle,alias\n";
const std::string k_impots = "IMPOTS,Impôts,DGFIP|DDFIP|Finances publiques\n";
const std::string k_alloc = "ALLOC,Allocations,CAF|Cnaf\n";

}  // namespace

TEST_CASE("cli::malformed operators: empty file, BOM only, header only, binary garbage") {
  SUBCASE("empty file and BOM only") {
    for (const std::string name : {"operators-empty.csv", "operators-bom-only.csv"}) {
      INFO(name);
      const Run run = operators(name);
      CHECK(run.code == 1);
      CHECK(run.err == name +
                           ":1: error: the file is empty: there is no header line [empty-file]\n"
                           "fsbo: 1 error, 0 warnings (1 empty-file)\n");
      CHECK(run.out.empty());
    }
  }
  SUBCASE("header only") {
    const Run run = operators("operators-header-only.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "operators-header-only.csv:1: error: the operator registry lists no operator "
          "[empty-registry]\nfsbo: 1 error, 0 warnings (1 empty-registry)\n");
    // A report cannot resolve any operator: nothing is computed.
    const Run figures = in_malformed({"report", "-r", k_registry, k_survey, "--operators",
                                      "operators-header-only.csv", "-f", "csv"});
    CHECK(figures.code == 1);
    CHECK(figures.out.empty());
  }
  SUBCASE("binary garbage") {
    const Run run = operators("operators-binary.csv");
    INFO(run.err);
    CHECK(run.code == 1);
    CHECK(where(run.err) == std::vector<std::string>{"1 encoding-error", "1 encoding-error",
                                                     "1 unknown-column", "1 unknown-column",
                                                     "1 missing-column", "1 missing-column"});
    CHECK(lines(run.err).back() ==
          "fsbo: 4 errors, 2 warnings (2 encoding-error, 2 missing-column, 2 unknown-column)");
    CHECK(run.out.empty());
  }
}

TEST_CASE("cli::malformed operators: NUL byte, invalid UTF-8, CR, quotes, duplicate header") {
  SUBCASE("NUL in an alias") {
    const Run run = operators("operators-nul.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "operators-nul.csv:3: error: column 'alias': a NUL byte (0x00) at byte offset 89 "
          "[encoding-error]\nfsbo: 1 error, 0 warnings (1 encoding-error)\n");
    CHECK(run.out == k_operators_header + k_impots +
                         "ALLOC,Allocations,CAF|Cn\xEF\xBF\xBD"
                         "af\n");
  }
  SUBCASE("a Windows-1252 byte in a file with a UTF-8 BOM") {
    const Run run = operators("operators-bad-utf8.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "operators-bad-utf8.csv:3: error: column 'libelle': byte 0xF3 is not valid UTF-8 at "
          "byte offset 82 (if the file is not UTF-8, pass --encoding windows-1252) "
          "[encoding-error]\nfsbo: 1 error, 0 warnings (1 encoding-error)\n");
    // "Impôts" stays as written.
    CHECK(run.out == k_operators_header + k_impots + "ALLOC,Allocati\xEF\xBF\xBDns,CAF|Cnaf\n");
  }
  SUBCASE("lone CR line ends") {
    const Run run = operators("operators-cr-line-ends.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "operators-cr-line-ends.csv:3: error: column 'code': an operator needs a code and a "
          "label: the row is left out [missing-id]\nfsbo: 1 error, 0 warnings (1 missing-id)\n");
    CHECK(run.out == k_operators_header + k_impots + k_alloc);
  }
  SUBCASE("a quote never closed at the end") {
    const Run run = operators("operators-unterminated-quote.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "operators-unterminated-quote.csv:3: error: column 'libelle': a quoted field is never "
          "closed: the record is left out [unterminated-quote]\n"
          "fsbo: 1 error, 0 warnings (1 unterminated-quote)\n");
    CHECK(run.out == k_operators_header + k_impots);
  }
  SUBCASE("duplicate header names") {
    // "Alias" (column 4) would give IMPOTS the alias CAF: it is not read.
    const Run run = operators("operators-duplicate-header.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "operators-duplicate-header.csv:1: error: column 'Alias': column 4 repeats column 3; "
          "only the first is read [duplicate-column]\n"
          "fsbo: 1 error, 0 warnings (1 duplicate-column)\n");
    CHECK(run.out == k_operators_header + "IMPOTS,Impôts,DGFIP|DDFIP\n" + k_alloc);
  }
}

TEST_CASE("cli::malformed operators: two operators sharing an alias") {
  // TRESOR (line 4) claims "ddfip", an alias of IMPOTS: TRESOR is left out whole.
  const std::string err =
      "operators-shared-alias.csv:4: error: column 'alias': 'ddfip' already names operator "
      "IMPOTS: operator TRESOR is left out [duplicate-alias]\n";
  const Run run = operators("operators-shared-alias.csv");
  CHECK(run.code == 1);
  CHECK(run.err == err + "fsbo: 1 error, 0 warnings (1 duplicate-alias)\n");
  CHECK(run.out == k_operators_header + "IMPOTS,Impôts,DGFIP|DDFIP\n" + k_alloc);
  // survey-small.csv read with it: DGFIP, DGFiP and ddfip rows are IMPOTS
  // (1001, 1002, 1004, 2001, 3001: referent Oui, Non, oui, Oui, Faux = 3/5);
  // "Finances publiques" (TRESOR's alias, 1003) is unknown.
  const Run figures = in_malformed({"report", "-r", k_registry, k_survey, "--operators",
                                    "operators-shared-alias.csv", "-f", "csv"});
  CHECK(figures.code == 1);
  CHECK(lines_starting(figures.err, err.substr(0, err.size() - 1)).size() == 1);
  CHECK(lines_starting(figures.err,
                       "../survey-small.csv:6: error: column 'operateur': unknown "
                       "operator 'Finances publiques'")
            .size() == 1);
  CHECK(figure(figures.out, k_fr + "IMPOTS,referent") == "0.6,5");
}

// ---------------------------------------------------------------------------
// Baselines

namespace {

Run with_baseline(const std::string& baseline) {
  return in_malformed({"report", "-r", k_registry, k_survey, "-b", baseline, "-f", "csv"});
}

// survey-small.csv: France 7/12; DGFIP referent 4/6; CAF referent 2/3.
const std::string k_dgfip_referent = "0.666666666667,6,";
const std::string k_caf_referent = "0.666666666667,3,";

}  // namespace

TEST_CASE("cli::malformed baseline: empty file, header only, duplicate header") {
  SUBCASE("empty file: the figures without references") {
    const Run run = with_baseline("baseline-empty.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "baseline-empty.csv:1: error: the file is empty: there is no header line "
          "[empty-file]\nfsbo: 1 error, 0 warnings (1 empty-file)\n");
    check_france(run.out, "0.583333333333,12,,,,,");
  }
  SUBCASE("header only") {
    const Run run = with_baseline("baseline-header-only.csv");
    CHECK(run.code <= 1);
    check_france(run.out, "0.583333333333,12,,,,,");
  }
  SUBCASE("duplicate header names: the first valeur is read") {
    const Run run = with_baseline("baseline-duplicate-header.csv");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "baseline-duplicate-header.csv:1: error: column 'Valeur': column 4 repeats column 3; "
          "only the first is read [duplicate-column]\n"
          "fsbo: 1 error, 0 warnings (1 duplicate-column)\n");
    check_france(run.out, "0.583333333333,12,0.5,0.0833333333333,,,");
    check_row(
        run.out, k_fr + "DGFIP,referent",
        k_dgfip_referent + "0.6,0.0666666666667,0.299993315138,0.903228588894,petit_echantillon");
  }
}

TEST_CASE("cli::malformed baseline: a rate outside 0-1, a score outside 1-5") {
  const Run run = with_baseline("baseline-rate-out-of-range.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "baseline-rate-out-of-range.csv:2: error: column 'valeur': 1.2 is not a rate from 0 to 1 "
        "for participation [out-of-range]\n"
        "baseline-rate-out-of-range.csv:4: error: column 'valeur': -0.1 is not a rate from 0 to "
        "1 for taux_satisfaits [out-of-range]\n"
        "baseline-rate-out-of-range.csv:5: error: column 'valeur': 6 is not a score from 1 to 5 "
        "for satisfaction_moyenne [out-of-range]\n"
        "fsbo: 3 errors, 0 warnings (3 out-of-range)\n");
  // The bad lines give no reference; the good one (line 3) still does.
  check_france(run.out, "0.583333333333,12,,,,,");
  check_row(
      run.out, k_fr + "DGFIP,referent",
      k_dgfip_referent + "0.6,0.0666666666667,0.299993315138,0.903228588894,petit_echantillon");
  check_row(run.out, k_fr + "CAF,taux_satisfaits", "1,3,,,0.438502968245,1,");
  check_row(run.out, k_fr + "CAF,satisfaction_moyenne", "4.33333333333,3,,,2.89911575675,5,");
}

TEST_CASE("cli::malformed baseline: an unknown indicator") {
  const Run run = with_baseline("baseline-unknown-indicator.csv");
  INFO(run.err);
  CHECK(run.code == 1);
  CHECK(run.err ==
        "baseline-unknown-indicator.csv:3: error: column 'indicateur': unknown indicator "
        "'referents' (see the README for the indicator names) [unknown-indicator]\n"
        "baseline-unknown-indicator.csv:4: error: column 'indicateur': 'sollicitations' is a "
        "total, which a national reference cannot be compared with [unknown-indicator]\n"
        "fsbo: 2 errors, 0 warnings (2 unknown-indicator)\n");
  check_france(run.out, "0.583333333333,12,0.5,0.0833333333333,,,");
  check_row(run.out, k_fr + "DGFIP,referent",
            k_dgfip_referent + ",,0.299993315138,0.903228588894,");
  check_row(run.out, k_fr + "CAF,referent",
            k_caf_referent + "0.7,-0.0333333333333,0.207659600802,0.93850805528,petit_echantillon");
  check_row(run.out, k_fr + "CAF,sollicitations", "26,3,,,,,");
}

// ---------------------------------------------------------------------------
// Large inputs, generated: never committed

TEST_CASE("cli::malformed large: a 20 MB field on one line") {
  // Lines: 1 header, 2 1001, 3 1002 with a 20 MiB comment, 4 2001, 5 9999.
  const std::string dir = temp_dir();
  write_file(dir + "/long-line.csv", k_header + k_row_1001 + "2025,1002,DGFIP,Non,2," +
                                         std::string(20 << 20, 'x') + "\n" + k_row_2001 +
                                         k_row_9999);
  const Run run =
      in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "long-line.csv", "-f", "csv"});
  CHECK(run.code == 1);
  CHECK(run.err ==
        "long-line.csv:3: error: the line is longer than 16 MiB: its record is left out "
        "[line-too-long]\n"
        "long-line.csv:5: error: column 'id_fs': structure 9999 is not in the registry: the row "
        "is left out [unknown-structure]\n"
        "fsbo: 2 errors, 0 warnings (1 line-too-long, 1 unknown-structure)\n");
  // The rest of the file is read: 1001 and 2001 count, 1002 does not.
  check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,referent") == "1,1");
  CHECK(figure(run.out, k_fr + "CAF,referent") == "1,1");
}

TEST_CASE("cli::malformed large: a 20 MB quoted field over many lines") {
  // 1002's comment opens on line 3 and holds 21,000 lines of 1,000 bytes: it
  // closes on line 21003; 2001 is on line 21004, 9999 on line 21005.
  const std::string dir = temp_dir();
  write_file(dir + "/long-record.csv", k_header + k_row_1001 + "2025,1002,DGFIP,Non,2,\"" +
                                           repeat(std::string(1000, 'y') + "\n", 21000) + "\"\n" +
                                           k_row_2001 + k_row_9999);
  const Run run =
      in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "long-record.csv", "-f", "csv"});
  CHECK(run.code == 1);
  CHECK(run.err ==
        "long-record.csv:3: error: the record from line 3 to line 21003 is longer than 16 MiB: "
        "it is left out [record-too-long]\n"
        "long-record.csv:21005: error: column 'id_fs': structure 9999 is not in the registry: "
        "the row is left out [unknown-structure]\n"
        "fsbo: 2 errors, 0 warnings (1 record-too-long, 1 unknown-structure)\n");
  check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,referent") == "1,1");
}

TEST_CASE("cli::malformed large: a row of 100,000 columns") {
  // 1002's row: its five first cells, then 99,995 cells "z".
  std::string row = "2025,1002,DGFIP,Non,2,z";
  row += repeat(",z", 99994) + "\n";
  const std::string dir = temp_dir();
  write_file(dir + "/wide-row.csv", k_header + k_row_1001 + row + k_row_2001);
  const Run run =
      in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "wide-row.csv", "-f", "csv"});
  CHECK(run.code == 1);
  CHECK(run.err ==
        "wide-row.csv:3: error: column 'column 7': the row has 100000 cells where the header has "
        "6: the row is left out [extra-cell]\n"
        "fsbo: 1 error, 0 warnings (1 extra-cell)\n");
  check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,satisfaction_moyenne") == "4,1");
}

TEST_CASE("cli::malformed large: 1,000,000 empty lines") {
  const std::string dir = temp_dir();
  SUBCASE("between the header and the rows") {
    // Header on line 1, blank lines 2 to 1000001, then 1001, 2001, 9999.
    write_file(dir + "/blank.csv",
               k_header + std::string(1000000, '\n') + k_row_1001 + k_row_2001 + k_row_9999);
    const Run run =
        in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "blank.csv", "-f", "csv"});
    CHECK(run.code == 1);
    CHECK(run.err ==
          "blank.csv:1000004: error: column 'id_fs': structure 9999 is not in the registry: the "
          "row is left out [unknown-structure]\n"
          "fsbo: 1 error, 0 warnings (1 unknown-structure)\n");
    check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
    CHECK(figure(run.out, k_fr + "DGFIP,referent") == "1,1");
    CHECK(figure(run.out, k_fr + "CAF,satisfaction_moyenne") == "5,1");
  }
  SUBCASE("before the header") {
    write_file(dir + "/blank.csv",
               std::string(1000000, '\n') + k_header + k_row_1001 + k_row_2001 + k_row_9999);
    const Run run =
        in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "blank.csv", "-f", "csv"});
    CHECK(run.code == 1);
    CHECK(where(run.err) == std::vector<std::string>{"1000004 unknown-structure"});
    check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  }
}

TEST_CASE("cli::malformed 1,000,000 blank CRLF lines before a ';' header") {
  const std::string dir = temp_dir();
  write_file(dir + "/blank-excel.csv", repeat("\r\n", 1000000) +
                                           "annee;id_fs;operateur;referent_identifie\r\n"
                                           "2025;1001;DGFIP;Oui\r\n2025;2001;CAF;Oui\r\n");
  const Run run =
      in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "blank-excel.csv", "-f", "csv"});
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
}

TEST_CASE("cli::malformed large: a header of 100,000 columns") {
  // The six known columns, then 99,995 unknown ones "c0"… with empty cells.
  std::string header = "annee,id_fs,operateur,referent_identifie,satisfaction";
  for (int k = 0; k < 99995; ++k) header += ",c" + std::to_string(k);
  const std::string empties(99995, ',');
  const std::string dir = temp_dir();
  write_file(dir + "/wide-header.csv", header + "\n2025,1001,DGFIP,Oui,4" + empties +
                                           "\n2025,2001,CAF,Non,2" + empties + "\n");
  const Run run =
      in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "wide-header.csv", "-f", "csv"});
  CHECK(run.code == 0);
  const std::vector<std::string> err = lines(run.err);
  REQUIRE(err.size() == 22);  // 20 shown, a note, the totals
  CHECK(err[0] ==
        "wide-header.csv:1: warning: column 'c0': column 6 is not a known column and is ignored "
        "[unknown-column]");
  CHECK(err[19] ==
        "wide-header.csv:1: warning: column 'c19': column 25 is not a known column and is "
        "ignored [unknown-column]");
  CHECK(err[20] == "fsbo: note: 99975 more [unknown-column] not shown (--max-diagnostics)");
  CHECK(err[21] == "fsbo: 0 errors, 99995 warnings (99995 unknown-column)");
  check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  CHECK(figure(run.out, k_fr + "DGFIP,referent") == "1,1");
  CHECK(figure(run.out, k_fr + "CAF,referent") == "0,1");
  CHECK(figure(run.out, k_fr + "CAF,satisfaction_moyenne") == "2,1");
}

TEST_CASE("cli::malformed a huge invalid cell is quoted in part in its diagnostic") {
  const std::string dir = temp_dir();
  write_file(dir + "/huge-cell.csv",
             k_header + "2025,1001,DGFIP,Oui," + std::string(1 << 20, '9') + ",\n" + k_row_2001);
  const Run run = in_dir(dir, {"validate", "-r", fixture("registry-small.csv"), "huge-cell.csv"});
  CHECK(run.code == 1);
  for (const std::string& line : lines(run.err)) CHECK(line.size() < 4096);
}

// ---------------------------------------------------------------------------
// Paths that are not readable files

TEST_CASE("cli::malformed a directory in every role exits 3") {
  const std::string dir = temp_dir();
  REQUIRE(::mkdir((dir + "/folder").c_str(), 0700) == 0);
  const std::string registry = fixture("registry-small.csv");
  const std::string survey = fixture("survey-small.csv");
  const std::string err =
      "folder: error: cannot read the file: it is a directory [unreadable-file]\n"
      "fsbo: 1 error, 0 warnings (1 unreadable-file)\n";
  const std::vector<std::vector<std::string>> runs = {
      {"report", "-r", registry, "folder", "-f", "csv"},
      {"report", "-r", "folder", survey, "-f", "csv"},
      {"report", "-r", registry, survey, "--operators", "folder", "-f", "csv"},
      {"report", "-r", registry, survey, "-b", "folder", "-f", "csv"},
      {"validate", "-r", registry, "folder"},
      {"structures", "-r", "folder"},
      {"operators", "--operators", "folder"},
  };
  for (const auto& args : runs) {
    INFO(args[1] << " " << args[2] << " " << args[3]);
    const Run run = in_dir(dir, args);
    CHECK(run.code == 3);
    CHECK(run.err == err);
  }
}

TEST_CASE("cli::malformed a file without read permission exits 3") {
  if (::geteuid() == 0) {
    MESSAGE("skipped: the tests run as root, who can read a file of mode 000");
    return;
  }
  const std::string dir = temp_dir();
  write_file(dir + "/locked.csv", read_file(fixture("survey-small.csv")));
  REQUIRE(::chmod((dir + "/locked.csv").c_str(), 0) == 0);
  const std::string err =
      "locked.csv: error: cannot read the file: Permission denied [unreadable-file]\n"
      "fsbo: 1 error, 0 warnings (1 unreadable-file)\n";
  SUBCASE("as the survey") {
    const Run run =
        in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "locked.csv", "-f", "csv"});
    CHECK(run.code == 3);
    CHECK(run.err == err);
  }
  SUBCASE("as the registry") {
    const Run run = in_dir(dir, {"report", "-r", "locked.csv", fixture("survey-small.csv")});
    CHECK(run.code == 3);
    CHECK(run.err == err);
    CHECK(run.out.empty());
  }
}

// ---------------------------------------------------------------------------
// Streams that close early

TEST_CASE("cli::malformed a FIFO whose writer closes early") {
  const std::string dir = temp_dir();
  SUBCASE("in the middle of a row") {
    // Two writes; the second stops after "2025,1002,DG" (line 4, 3 cells).
    const Run run = report_fifo(dir, {k_header + k_row_1001, k_row_2001 + "2025,1002,DG"});
    CHECK(run.code == 1);
    CHECK(run.err ==
          "fifo.csv:4: error: column 'referent_identifie': the row has 3 cells where the header "
          "has 6: the row is left out [missing-cell]\n"
          "fsbo: 1 error, 0 warnings (1 missing-cell)\n");
    check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
    CHECK(figure(run.out, k_fr + "DGFIP,referent") == "1,1");
  }
  SUBCASE("inside a quoted field") {
    const Run run =
        report_fifo(dir, {k_header + k_row_1001, k_row_2001 + "2025,1002,DGFIP,Non,2,\"Répon"});
    CHECK(run.code == 1);
    CHECK(run.err ==
          "fifo.csv:4: error: column 'commentaire': a quoted field is never closed: the record "
          "is left out [unterminated-quote]\n"
          "fsbo: 1 error, 0 warnings (1 unterminated-quote)\n");
    check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  }
  SUBCASE("before writing anything") {
    const Run run = report_fifo(dir, {});
    CHECK(run.code == 1);
    CHECK(run.err ==
          "fifo.csv:1: error: the file is empty: there is no header line [empty-file]\n"
          "fsbo: 1 error, 0 warnings (1 empty-file)\n");
    CHECK(run.out.empty());
  }
}

TEST_CASE("cli::malformed standard input that closes early") {
  const auto piped = [](const std::string& input) {
    return in_malformed({"report", "-r", k_registry, "-", "-f", "csv"}, input);
  };
  SUBCASE("in the middle of a row") {
    const Run run = piped(k_header + k_row_1001 + k_row_2001 + "2025,1002,DG");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "-:4: error: column 'referent_identifie': the row has 3 cells where the header has 6: "
          "the row is left out [missing-cell]\n"
          "fsbo: 1 error, 0 warnings (1 missing-cell)\n");
    check_france(run.out, "0.166666666667,12,0.87,-0.703333333333,,,");
  }
  SUBCASE("inside a quoted field") {
    const Run run = piped(k_header + k_row_1001 + "2025,1002,DGFIP,Non,2,\"Réponse\nlente");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "-:3: error: column 'commentaire': a quoted field is never closed: the record is left "
          "out [unterminated-quote]\n"
          "fsbo: 1 error, 0 warnings (1 unterminated-quote)\n");
    check_france(run.out, "0.0833333333333,12,0.87,-0.786666666667,,,");
  }
  SUBCASE("inside the header") {
    const Run run = piped("annee,id_fs,oper");
    CHECK(run.code == 1);
    CHECK(where(run.err) == std::vector<std::string>{"1 unknown-column", "1 missing-column"});
    CHECK(run.out.empty());
  }
  SUBCASE("at once") {
    const Run run = piped("");
    CHECK(run.code == 1);
    CHECK(run.err ==
          "-:1: error: the file is empty: there is no header line [empty-file]\n"
          "fsbo: 1 error, 0 warnings (1 empty-file)\n");
  }
  SUBCASE("inside a UTF-8 character") {
    // survey-truncated-utf8.csv ends with the first byte of "é" (0xC3, byte
    // 185), in 1003's satisfaction cell on line 6. From a stream the file is
    // UTF-8 with one bad byte: 1001, 2001, 1002, 3001 and 1003 respond, and
    // "Pôle emploi" / "Chèque énergie" resolve.
    const Run run = piped(read_file(k_dir + "/survey-truncated-utf8.csv"));
    CHECK(run.code == 1);
    CHECK(run.err ==
          "-:6: error: column 'satisfaction': byte 0xC3 is not valid UTF-8 at byte offset 185 "
          "(if the file is not UTF-8, pass --encoding windows-1252) [encoding-error]\n"
          "-:6: error: column 'satisfaction': '\xEF\xBF\xBD' is not a number: the cell counts "
          "as no answer [invalid-number]\n"
          "fsbo: 2 errors, 0 warnings (1 encoding-error, 1 invalid-number)\n");
    check_france(run.out, "0.416666666667,12,0.87,-0.453333333333,,,");
    CHECK(figure(run.out, k_fr + "FRANCE_TRAVAIL,referent") == "1,2");
    CHECK(figure(run.out, k_fr + "FRANCE_TRAVAIL,satisfaction_moyenne") == "4,1");
    CHECK(figure(run.out, k_fr + "CHEQUE_ENERGIE,satisfaction_moyenne") == "3,1");
  }
}

TEST_CASE("cli::malformed a UTF-8 file cut inside its last character stays UTF-8") {
  const Run by_path = report("survey-truncated-utf8.csv");
  const Run piped = in_malformed({"report", "-r", k_registry, "-", "-f", "csv"},
                                 read_file(k_dir + "/survey-truncated-utf8.csv"));
  INFO(by_path.err);
  CHECK(by_path.code == 1);
  CHECK(where(by_path.err) == std::vector<std::string>{"6 encoding-error", "6 invalid-number"});
  check_france(by_path.out, "0.416666666667,12,0.87,-0.453333333333,,,");
  CHECK(by_path.out == piped.out);
}

// ---------------------------------------------------------------------------
// Every case ends, with a documented exit code

TEST_CASE("cli::malformed every corpus file ends in every role") {
  // Not a timed assertion: each run must return (no hang, no crash) with exit
  // 0 or 1, and a summary line closing whatever it reported.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(k_dir)) {
    if (entry.path().extension() == ".csv") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names.size() >= 40);
  const std::vector<std::vector<std::string>> roles = {
      {"validate", "-r", k_registry, "@"},
      {"report", "-r", k_registry, "@", "-f", "json"},
      {"convert", "-r", k_registry, "@", "--to", "wide"},
      {"validate", "-r", "@"},
      {"validate", "-r", k_registry, "--operators", "@"},
      {"validate", "-r", k_registry, "-b", "@"},
      {"validate", "-r", k_registry, "@", "--sep", ";", "--encoding", "utf-8", "-f", "json"},
  };
  for (const std::string& name : names) {
    for (std::vector<std::string> args : roles) {
      std::replace(args.begin(), args.end(), std::string("@"), name);
      INFO(name << " as " << args[0] << " " << args[1] << " " << args[2] << " " << args[3]);
      const Run run = in_malformed(args);
      CHECK((run.code == 0 || run.code == 1));
      if (!run.err.empty()) CHECK(lines(run.err).back().rfind("fsbo: ", 0) == 0);
    }
  }
}
