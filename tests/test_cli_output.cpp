// End-to-end tests of what fsbo writes (issue 4): output that does not depend
// on row order, -o that never leaves half a file nor writes over an input,
// formulas guarded, a closed pipe ending quietly.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli_support.hpp"
#include "fsbo/operators.hpp"
#include "fsbo/survey.hpp"

using namespace fsbo::test;
using namespace fsbo::test::cli;

namespace {

// `text` with its data lines (all but the first) in a shuffled order; the
// multi-line records of the sample survey stay whole.
std::string shuffled(const std::string& text, unsigned seed) {
  std::vector<std::string> records;
  std::string current;
  bool quoted = false;
  for (const char c : text) {
    current.push_back(c);
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      records.push_back(current);
      current.clear();
    }
  }
  std::mt19937 random(seed);
  std::shuffle(records.begin() + 1, records.end(), random);
  std::string out;
  for (const std::string& record : records) out += record;
  return out;
}

}  // namespace

TEST_CASE("cli::output is the same whatever the order of the input rows") {
  const std::string survey = read_file(project_file("data/enquete-exemple.csv"));
  const std::string registry = project_file("data/registre-exemple.csv");
  const std::string a = temp_dir();
  const std::string b = temp_dir();
  write_file(a + "/enquete.csv", survey);
  write_file(b + "/enquete.csv", shuffled(survey, 7));
  REQUIRE(read_file(b + "/enquete.csv") != survey);
  for (const char* format : {"table", "csv", "tsv", "json", "markdown"}) {
    INFO(format);
    const Run first = in_dir(a, {"report", "-r", registry, "enquete.csv", "-f", format});
    const Run second = in_dir(b, {"report", "-r", registry, "enquete.csv", "-f", format});
    CHECK(first.code == 0);
    CHECK(first.out == second.out);
  }
  for (const char* to : {"long", "wide"}) {
    INFO(to);
    CHECK(in_dir(a, {"convert", "--to", to, "-r", registry, "enquete.csv"}).out ==
          in_dir(b, {"convert", "--to", to, "-r", registry, "enquete.csv"}).out);
  }
}

namespace {

// `file` read an input from `path` and `piped` the same from standard input:
// the same exit code, output and diagnostics, `path:` read as `-:`.
void check_same_run(const Run& file, const Run& piped, const std::string& path) {
  CHECK(piped.code == file.code);
  CHECK(file.out == piped.out);
  std::string err = file.err;
  for (std::size_t at = err.find(path + ":"); at != std::string::npos;
       at = err.find(path + ":", at)) {
    err.replace(at, path.size(), "-");
  }
  CHECK(err == piped.err);
}

// A 35 MB export, past fsbo::k_split_bytes, read from its file (in two parts
// at once) and from standard input (in one) gives the same output and the
// same diagnostics. 7,500 structures answer for the 12 operators over ten
// years, with errors and duplicates in both parts.
void check_two_parts(const std::string& separator, const std::string& line_end,
                     const std::string& decimal, const std::string& comment) {
  const std::string dir = temp_dir();
  std::string registry = "id_fs,insee_dep,lib_fs\n";
  const std::vector<std::string> departments = {"77", "2A", "971", "01", "13"};
  for (int id = 1; id <= 7500; ++id) {
    registry += fmt::format("{},{},FS {}\n", id, departments[id % 5], id);
  }
  write_file(dir + "/registre.csv", registry);
  const auto line = [&](const std::vector<std::string>& cells) {
    return fmt::format("{}{}", fmt::join(cells, separator), line_end);
  };
  std::string survey =
      line({"annee", "id_fs", "operateur", "referent_identifie", "canal_dedie",
            "delai_reponse_jours", "satisfaction", "nb_sollicitations", "commentaire"});
  std::size_t row = 0;
  for (int year = 2016; year <= 2025; ++year) {
    for (int id = 1; id <= 7500; ++id) {
      for (const fsbo::Operator& op : fsbo::builtin_operators().all()) {
        ++row;
        survey += line(
            {std::to_string(year), std::to_string(row % 20'011 == 7 ? 99'999 : id),
             std::string(op.code), row % 3 == 0 ? "Oui" : "non", row % 11 == 0 ? "" : "O",
             std::to_string(row % 40) + decimal +
                 (row % 65'537 == 3 ? "x" : std::to_string(row % 4 * 25)),
             std::to_string(1 + row % 5), std::to_string(row % 9), row % 97 == 0 ? comment : ""});
      }
    }
    if (year == 2017) survey += line({"2016", "10", "CAF", "Oui", "", "", "", "", ""});
  }
  survey += line({"2025", "5990", "URSSAF", "non", "", "", "", "", ""});
  REQUIRE(survey.size() > fsbo::k_split_bytes);
  write_file(dir + "/enquete.csv", survey);
  // 45 unknown structures, past the 20 shown of a kind: the counts of both
  // parts are merged.
  const std::vector<std::string> args = {"report", "-r", dir + "/registre.csv", "-f", "csv"};
  std::vector<std::string> from_file = args;
  from_file.push_back(dir + "/enquete.csv");
  std::vector<std::string> from_stdin = args;
  from_stdin.push_back("-");
  const Run file = fsbo::test::fsbo(from_file);
  const Run piped = fsbo::test::fsbo(from_stdin, survey);
  CHECK(file.code == 1);
  check_same_run(file, piped, dir + "/enquete.csv");
  CHECK(piped.err.find("25 more [unknown-structure] not shown") != std::string::npos);
  // The second part's lines are the file's, in the diagnostics and in their
  // text (where a duplicate was first seen).
  CHECK(piped.err.find("-:909281: error: duplicate answer for structure 5990 / Urssaf in 2025, "
                       "first at line 890973") != std::string::npos);
  CHECK(piped.err.find("fsbo: 61 errors, 0 warnings (2 duplicate-answer, 14 invalid-number, 45 "
                       "unknown-structure)") != std::string::npos);
}

}  // namespace

TEST_CASE("cli::output a large export read in two parts gives what one reading gives") {
  SUBCASE("UTF-8, judged as it is read") {
    check_two_parts(",", "\n", ".", "\"deux\nlignes, \"\"dont une\"\"\"");
  }
  SUBCASE("French Excel (Windows-1252, ';', CRLF, decimal comma)") {
    check_two_parts(";", "\r\n", ",", "\"d\xE9j\xE0\r\nvu; \"\"oui\"\"\"");
  }
}

TEST_CASE("cli::output a large registry read in two parts gives what one reading gives") {
  // 600,000 structures (past 32 MiB), some names over two lines; read from
  // its file (in two parts at once) and from standard input (in one).
  const std::string dir = temp_dir();
  const auto registry_with = [](const std::string& late) {
    std::string registry = "id_fs,insee_dep,lib_fs\n";
    const std::vector<std::string> departments = {"77", "2A", "971", "01", "13"};
    for (int id = 1; id <= 600'000; ++id) {
      if (id == 450'000) registry += late;
      registry += fmt::format(
          id % 1000 == 0 ? "{},{},\"FS\n{}\"\n"
                         : "{},{},France services intercommunale de la commune numero {}\n",
          id, departments[id % 5], id);
    }
    return registry;
  };
  std::string survey = "annee,id_fs,operateur,referent_identifie\n";
  for (const int id : {1, 299'999, 300'001, 449'999, 450'001, 599'999, 600'001}) {
    survey += fmt::format("2025,{},CAF,Oui\n", id);
  }
  write_file(dir + "/enquete.csv", survey);
  // Reports in the second part send it back to one reading: the lines they
  // name are the file's.
  for (const std::string late : {"", "300001,77,again\n600002,99,nowhere\n"}) {
    CAPTURE(late);
    const std::string registry = registry_with(late);
    REQUIRE(registry.size() > fsbo::k_split_bytes);
    write_file(dir + "/registre.csv", registry);
    const Run file = fsbo::test::fsbo(
        {"participation", "-r", dir + "/registre.csv", dir + "/enquete.csv", "-f", "csv"});
    const Run piped =
        fsbo::test::fsbo({"participation", "-r", "-", dir + "/enquete.csv", "-f", "csv"}, registry);
    CHECK(file.code == 1);  // the survey names an unknown structure
    check_same_run(file, piped, dir + "/registre.csv");
    CHECK(file.out.find("2025,national,FR,France,,participation,1e-05,600000") !=
          std::string::npos);
    CHECK(file.err.find("structure 600001 is not in the registry") != std::string::npos);
    if (!late.empty()) {
      // The header, 449,999 rows and 449 names over two lines before it; and
      // before 300001, the header, 300,000 rows and 300 such names.
      CHECK(piped.err.find("-:450450: error: column 'id_fs': structure 300001 is already listed "
                           "at line 300302") != std::string::npos);
      CHECK(piped.err.find("-:450451: error: column 'insee_dep': '99'") != std::string::npos);
    }
  }
}

TEST_CASE("cli::output -o never writes over an input") {
  const std::string dir = temp_dir();
  const std::string survey = read_file(fixture("survey-small.csv"));
  write_file(dir + "/survey.csv", survey);
  const Run run = in_dir(dir, {"report", "-r", fixture("registry-small.csv"), "survey.csv", "-o",
                               "survey.csv", "-f", "csv"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "fsbo: error: -o survey.csv is also an input: fsbo never writes over its "
        "inputs\n");
  CHECK(read_file(dir + "/survey.csv") == survey);
}

TEST_CASE("cli::output -o interrupted leaves the old file whole and no temporary file") {
  const std::string dir = temp_dir();
  const std::string old_text = "the previous report\n";
  const Run full = in_project(
      {"report", "-r", "data/registre-exemple.csv", "data/enquete-exemple.csv", "-f", "json"});
  REQUIRE(full.code == 0);
  // Stop fsbo at several moments of its run; whatever the moment, the file is
  // the old one or the new one, whole.
  for (const int delay_ms : {0, 2, 5, 10, 20, 40}) {
    CAPTURE(delay_ms);
    write_file(dir + "/out.json", old_text);
    // The child must not run the test binary's own SIGTERM handler: the signal
    // stays blocked until the child has put back the default.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &term, nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::signal(SIGTERM, SIG_DFL);
      ::sigprocmask(SIG_UNBLOCK, &term, nullptr);
      if (::chdir(FSBO_SOURCE_DIR) != 0) ::_exit(127);
      ::execl(FSBO_BINARY, FSBO_BINARY, "report", "-r", "data/registre-exemple.csv",
              "data/enquete-exemple.csv", "-f", "json", "-o", (dir + "/out.json").c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::sigprocmask(SIG_UNBLOCK, &term, nullptr);
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const std::string now = read_file(dir + "/out.json");
    CHECK((now == old_text || now == full.out));
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      (void)entry;
      ++files;
    }
    CHECK(files == 1);
  }
}

TEST_CASE("cli::output a closed pipe ends quietly with exit 0") {
  const std::string dir = temp_dir();
  const std::string command = std::string("'") + FSBO_BINARY + "' report -r '" +
                              project_file("data/registre-exemple.csv") + "' '" +
                              project_file("data/enquete-exemple.csv") +
                              "' -f csv 2>err.txt | head -1 >/dev/null; echo ${PIPESTATUS[0]}";
  const Run run = fsbo::test::shell(command, dir);
  CHECK(run.out == "0\n");
  CHECK(read_file(dir + "/err.txt").empty());
}

TEST_CASE("cli::output formulas in comments are guarded and read back") {
  const std::string dir = temp_dir();
  write_file(dir + "/long.csv",
             "annee,id_fs,operateur,satisfaction,commentaire\n"
             "2025,1001,DGFiP,4,=HYPERLINK(\"http://x\")\n"
             "2025,1001,Caf,3,- pas de réponse\n"
             "2025,1002,Caf,5,+33 1 23\n");
  const std::string registry = fixture("registry-small.csv");
  const Run wide =
      in_dir(dir, {"convert", "--to", "wide", "-r", registry, "long.csv", "-o", "wide.csv"});
  CHECK(wide.code == 0);
  const std::string written = read_file(dir + "/wide.csv");
  CHECK(written.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
  CHECK(written.find(",'- pas de réponse,") != std::string::npos);
  CHECK(written.find(",'+33 1 23") != std::string::npos);
  // Read back, the guard comes off: converting again gives the same file.
  const Run back = in_dir(dir, {"convert", "--to", "long", "-r", registry, "wide.csv"});
  const Run direct = in_dir(dir, {"convert", "--to", "long", "-r", registry, "long.csv"});
  CHECK(back.out == direct.out);
  CHECK(direct.out.find("2025,1001,CAF,,,,3,,'- pas de réponse\n") != std::string::npos);
  // Numbers keep their sign: a negative difference is not guarded.
  const Run report = in_dir(dir, {"report", "-r", registry, "long.csv", "-f", "csv", "--excel"});
  CHECK(report.out.find(";-0,") != std::string::npos);
  CHECK(report.out.find(";'-") == std::string::npos);
}

TEST_CASE("cli::output -o to a device or a symbolic link") {
  SUBCASE("/dev/null is written to, not replaced") {
    const Run run = in_project({"operators", "-o", "/dev/null"});
    CHECK(run.code == 0);
    CHECK(std::filesystem::is_character_file("/dev/null"));
  }
  SUBCASE("a link stays a link, and its target gets the result") {
    const std::string dir = temp_dir();
    write_file(dir + "/target.csv", "old\n");
    std::filesystem::create_symlink(dir + "/target.csv", dir + "/link.csv");
    const Run run = in_project({"operators", "-f", "csv", "-o", dir + "/link.csv"});
    CHECK(run.code == 0);
    CHECK(std::filesystem::is_symlink(dir + "/link.csv"));
    CHECK(read_file(dir + "/target.csv") == read_file(project_file("data/operateurs.csv")));
  }
}

TEST_CASE("cli::output -o keeps a file's mode, appends to a redirected /dev/stdout") {
  const std::string dir = temp_dir();
  SUBCASE("a private file stays private") {
    write_file(dir + "/private.csv", "old\n");
    std::filesystem::permissions(dir + "/private.csv", std::filesystem::perms::owner_read |
                                                           std::filesystem::perms::owner_write);
    CHECK(in_project({"operators", "-f", "csv", "-o", dir + "/private.csv"}).code == 0);
    CHECK(std::filesystem::status(dir + "/private.csv").permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  }
  SUBCASE("-o /dev/stdout >> log appends") {
    write_file(dir + "/log.csv", "first\n");
    const Run run = fsbo::test::shell(
        std::string("'") + FSBO_BINARY + "' operators -f csv -o /dev/stdout >> log.csv", dir);
    CHECK(run.code == 0);
    CHECK(read_file(dir + "/log.csv") ==
          "first\n" + read_file(project_file("data/operateurs.csv")));
  }
  SUBCASE("a dangling link gets its target created") {
    std::filesystem::create_symlink(dir + "/target.csv", dir + "/link.csv");
    CHECK(in_project({"operators", "-f", "csv", "-o", dir + "/link.csv"}).code == 0);
    CHECK(std::filesystem::is_symlink(dir + "/link.csv"));
    CHECK(read_file(dir + "/target.csv") == read_file(project_file("data/operateurs.csv")));
  }
  SUBCASE("an unreadable registry leaves -o alone") {
    write_file(dir + "/keep.csv", "keep\n");
    CHECK(in_project({"structures", "-r", dir + "/missing.csv", "-o", dir + "/keep.csv"}).code ==
          3);
    CHECK(read_file(dir + "/keep.csv") == "keep\n");
  }
}
