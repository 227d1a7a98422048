#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fsbo/survey.hpp"
#include "run.hpp"

namespace {

fsbo::StructureRegistry registry() {
  fsbo::StructureRegistry r;
  r.add({"454", "77", "FS Melun", "Melun", "Principal", "Fixe"}, 2);
  r.add({"12", "2A", "FS Ajaccio", "Ajaccio", "Principal", "Fixe"}, 3);
  return r;
}

// A registry of `count` structures with ids 1…count.
fsbo::StructureRegistry numbered_registry(int count) {
  fsbo::StructureRegistry structures;
  for (int id = 1; id <= count; ++id) {
    const std::string text = std::to_string(id);
    structures.add({text, id % 2 == 0 ? "77" : "2A", "FS", "Melun", "Principal", "Fixe"},
                   static_cast<std::size_t>(id));
  }
  return structures;
}

struct Read {
  std::vector<fsbo::Answer> answers;
  fsbo::InputSummary summary;
};

Read read(fsbo::SurveyReader& surveys, const std::string& name, const std::string& text,
          fsbo::Diagnostics& diagnostics) {
  Read result;
  const auto reader = fsbo::CsvReader::from_bytes(name, text, {}, diagnostics);
  // A comment views its record, gone once read: kept answers keep none.
  result.summary = surveys.read(*reader, [&](const fsbo::Answer& a) {
    result.answers.push_back(a);
    result.answers.back().comment = {};
  });
  return result;
}

std::vector<std::string> texts(const fsbo::Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& d : diagnostics.kept()) lines.push_back(fsbo::format_text(d));
  return lines;
}

}  // namespace

TEST_CASE("survey::SurveyReader valid rows") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  const Read r = read(surveys, "s.csv",
                      "Année;ID FS;Opérateur;Référent identifié;Canal dédié;Délai réponse "
                      "(jours);Satisfaction;Nb sollicitations;Commentaire\n"
                      "2025;454;Pôle emploi;Oui;non;2,5;4;12;\"ok; merci\"\n"
                      "2025; 12 ;CPAM;;;;;;\n",
                      diagnostics);
  CHECK(texts(diagnostics).empty());
  CHECK(r.summary.rows == 2);
  CHECK(r.summary.accepted == 2);
  REQUIRE(r.answers.size() == 2);
  const fsbo::Answer& a = r.answers[0];
  CHECK(a.year == 2025);
  CHECK(a.structure == 0);
  CHECK(fsbo::builtin_operators().all()[a.op].code == "FRANCE_TRAVAIL");
  CHECK(a.referent == std::optional<bool>(true));
  CHECK(a.channel == std::optional<bool>(false));
  CHECK(a.delay_days == std::optional<double>(2.5));
  CHECK(a.satisfaction == std::optional<int>(4));
  CHECK(a.requests == std::optional<long long>(12));
  const fsbo::Answer& blank = r.answers[1];
  CHECK(blank.structure == 1);
  CHECK_FALSE(blank.referent);
  CHECK_FALSE(blank.delay_days);
  CHECK_FALSE(blank.satisfaction);
  CHECK_FALSE(blank.requests);
}

TEST_CASE("survey::SurveyReader diagnostics") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {2025, nullptr, {}},
                             diagnostics);
  const Read r = read(surveys, "s.csv",
                      "id_fs,operateur,referent_identifie,delai_reponse_jours,satisfaction,"
                      "nb_sollicitations,remarque\n"
                      "454,DGFiP,peut-être,-1,6,2.5,x\n"    // 2: three bad cells, row kept
                      "999,Caf,oui,1,5,1,x\n"               // 3: unknown structure
                      ",Caf,oui,1,5,1,x\n"                  // 4: no id
                      "454,Pole emplo,oui,1,5,1,x\n"        // 5: unknown operator
                      "454,DDFIP,oui,abc,5,1,x\n"           // 6: duplicate of line 2
                      "12,\"La\nPoste\",oui,1,5,1,x\n"      // 7-8: a line break is punctuation
                      "12,MSA,oui,1,5,1,x,extra\n"          // 9: extra cell
                      "12,MSA,oui,1,5,1,x\n"                // 10: accepted
                      "12,Banque de France,oui,1,5,1,x\n",  // 11: nothing close
                      diagnostics);
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{
            "s.csv:1: warning: column 'remarque': column 7 is not a known column and is ignored "
            "[unknown-column]",
            "s.csv:2: error: column 'referent_identifie': 'peut-être' is not yes or no: the cell "
            "counts as no answer [invalid-yes-no]",
            "s.csv:2: error: column 'delai_reponse_jours': -1 is not a delay from 0 to 3650 days: "
            "the cell counts as no answer [out-of-range]",
            "s.csv:2: error: column 'satisfaction': 6 is not a whole score from 1 to 5: the cell "
            "counts as no answer [out-of-range]",
            "s.csv:2: error: column 'nb_sollicitations': 2.5 is not a whole count of 0 or more: "
            "the cell counts as no answer [out-of-range]",
            "s.csv:3: error: column 'id_fs': structure 999 is not in the registry: the row is "
            "left out [unknown-structure]",
            "s.csv:4: error: column 'id_fs': no structure id: the row is left out [missing-id]",
            "s.csv:5: error: column 'operateur': unknown operator 'Pole emplo': the row is left "
            "out (did you mean 'Pôle emploi'?) [unknown-operator]",
            "s.csv:6: error: duplicate answer for structure 454 / DGFiP in 2025, first at line 2: "
            "this answer is left out [duplicate-answer]",
            "s.csv:9: error: column 'column 8': the row has 8 cells where the header has 7: the "
            "row is left out [extra-cell]",
            "s.csv:11: error: column 'operateur': unknown operator 'Banque de France': the row is "
            "left out (see `fsbo operators`) [unknown-operator]",
        });
  CHECK(r.summary.rows == 9);
  REQUIRE(r.answers.size() == 3);
  CHECK(r.answers[0].year == 2025);
  CHECK_FALSE(r.answers[0].referent);
  CHECK_FALSE(r.answers[0].delay_days);
  CHECK_FALSE(r.answers[0].satisfaction);
  CHECK_FALSE(r.answers[0].requests);
  CHECK(fsbo::builtin_operators().all()[r.answers[1].op].code == "LA_POSTE");
  CHECK(r.answers[2].structure == 1);
  CHECK(fsbo::builtin_operators().all()[r.answers[2].op].code == "MSA");
}

TEST_CASE("survey::SurveyReader duplicates across files and years") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  read(surveys, "a.csv", "annee,id_fs,operateur\n2025,454,Caf\n2024,454,Caf\n", diagnostics);
  const Read b =
      read(surveys, "b.csv", "annee,id_fs,operateur\n2024,454,CAF\n,12,Caf\n", diagnostics);
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{
            "b.csv:2: error: duplicate answer for structure 454 / Caf in 2024, first at a.csv:3: "
            "this answer is left out [duplicate-answer]",
            "b.csv:3: error: column 'annee': no survey year (give --year): the row is left out "
            "[missing-year]"});
  CHECK(b.answers.empty());
  SUBCASE("a file without an annee column has no year, and that is no error") {
    const Read c = read(surveys, "c.csv", "id_fs,operateur\n12,Caf\n", diagnostics);
    REQUIRE(c.answers.size() == 1);
    CHECK(c.answers[0].year == 0);
  }
}

TEST_CASE("survey::SurveyReader duplicates in a registry whose pair table passes the cache") {
  // 30,000 structures × 12 operators: where each pair was first seen takes
  // 1.4 MB, written around the cache; it still reads back for a duplicate.
  const fsbo::StructureRegistry structures = numbered_registry(30'000);
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  read(surveys, "a.csv", "annee,id_fs,operateur\n2025,19999,Caf\n2025,7,Urssaf\n", diagnostics);
  const Read b =
      read(surveys, "b.csv", "annee,id_fs,operateur\n2025,7,DGFIP\n2025,7,URSSAF\n2025,19999,CAF\n",
           diagnostics);
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{
            "b.csv:3: error: duplicate answer for structure 7 / Urssaf in 2025, first at a.csv:3: "
            "this answer is left out [duplicate-answer]",
            "b.csv:4: error: duplicate answer for structure 19999 / Caf in 2025, first at "
            "a.csv:2: this answer is left out [duplicate-answer]"});
  CHECK(b.answers.size() == 1);
}

TEST_CASE("survey::SurveyReader missing required column") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  const Read r = read(surveys, "s.csv", "id_fs,satisfaction\n454,5\n", diagnostics);
  CHECK(r.answers.empty());
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{"s.csv:1: error: column 'operateur': the required column "
                                 "'operateur' is not in the header; no row of this file can be "
                                 "read [missing-column]"});
}

namespace {

constexpr const char* k_long_header =
    "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
    "nb_sollicitations,commentaire\n";

// The records of a long export: every structure answers for the 12
// operators, with blank, invalid and out-of-range cells, comments with line
// breaks and quotes, and unknown structures, here and there.
std::vector<std::string> long_records(int structures) {
  const auto& operators = fsbo::builtin_operators().all();
  std::vector<std::string> records;
  int row = 0;
  for (int id = 1; id <= structures; ++id) {
    for (const auto& op : operators) {
      ++row;
      const std::string yes = row % 9 == 0 ? "" : row % 2 == 0 ? "Oui" : "non";
      const std::string delay = row % 13 == 0 ? "abc" : std::to_string(row % 40) + ".5";
      const std::string score = row % 17 == 0 ? "9" : std::to_string(1 + row % 5);
      const std::string comment = row % 5 == 0   ? "\"ligne\nsuivante, \"\"cit\xC3\xA9\"\"\""
                                  : row % 3 == 0 ? "merci"
                                                 : "";
      const std::string structure = row % 997 == 0 ? "999999" : std::to_string(id);
      records.push_back("2025," + structure + "," + std::string(op.code) + "," + yes + ",Oui," +
                        delay + "," + score + "," + std::to_string(row % 7) + "," + comment + "\n");
    }
  }
  return records;
}

std::string joined(const std::vector<std::string>& records) {
  std::string text = k_long_header;
  for (const std::string& record : records) text += record;
  return text;
}

std::string long_export(int structures) {
  return joined(long_records(structures));
}

struct Reading {
  std::vector<std::string> answers;  // each answer as text, in file order
  std::vector<std::string> diagnostics;
  std::size_t rows = 0;
  std::size_t accepted = 0;
  bool merged = false;
};

std::string answer_text(const fsbo::Answer& a) {
  return fmt::format("{}:{}/{}/{} r{} c{} d{} s{} n{} '{}'", a.line, a.year, a.structure, a.op,
                     a.referent ? int(*a.referent) : -1, a.channel ? int(*a.channel) : -1,
                     a.delay_days ? *a.delay_days : -1.0, a.satisfaction ? *a.satisfaction : -1,
                     a.requests ? *a.requests : -1, a.comment);
}

// Reads the files at `paths` with one SurveyReader, the one at `split` (if
// any) in two parts.
Reading read_files(const fsbo::StructureRegistry& structures, const std::vector<std::string>& paths,
                   std::optional<std::size_t> split, const fsbo::SurveyOptions& options = {}) {
  Reading reading;
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), options, diagnostics);
  std::vector<fsbo::Answer> second;  // comments kept apart: they view the record
  std::vector<std::string> comments;
  fsbo::SurveyReader::Split parts{[&] {
                                    return fsbo::SurveyReader::Sink([&](const fsbo::Answer& a) {
                                      second.push_back(a);
                                      comments.emplace_back(a.comment);
                                    });
                                  },
                                  [&](std::size_t line_offset) {
                                    reading.merged = true;
                                    for (std::size_t k = 0; k < second.size(); ++k) {
                                      fsbo::Answer answer = second[k];
                                      answer.line += line_offset;
                                      answer.comment = comments[k];
                                      reading.answers.push_back(answer_text(answer));
                                    }
                                  },
                                  1};
  for (const std::string& path : paths) {
    fsbo::CsvReader reader(path, {}, diagnostics);
    const bool in_parts = split == static_cast<std::size_t>(&path - paths.data());
    const fsbo::InputSummary summary = surveys.read(
        reader, [&](const fsbo::Answer& a) { reading.answers.push_back(answer_text(a)); },
        in_parts ? &parts : nullptr);
    reading.rows += summary.rows;
    reading.accepted += summary.accepted;
  }
  reading.diagnostics = texts(diagnostics);
  return reading;
}

// A reading in two parts gives what one reading gave; `merged`: whether its
// second part was kept rather than read again.
void check_same(const Reading& two, const Reading& one, bool merged) {
  CHECK(two.merged == merged);
  CHECK(two.answers == one.answers);
  CHECK(two.diagnostics == one.diagnostics);
  CHECK(two.rows == one.rows);
  CHECK(two.accepted == one.accepted);
}

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = fsbo::test::temp_dir() + "/" + name;
  fsbo::test::write_file(path, text);
  return path;
}

}  // namespace

TEST_CASE("survey::SurveyReader reads an export in two parts as in one") {
  // 1,500 structures × 12 operators: 1.2 MB, split past what is read ahead.
  const auto structures = numbered_registry(1500);
  std::string text = long_export(1500);
  // Duplicates inside each part, far from their first answers.
  text.insert(text.find("\n2025,700,") + 1, "2025,3,CAF,,,,,,\n");
  text += "2025,1400,DGFIP,Oui,,,,,\n";
  const std::string path = write_file("long.csv", text);
  const Reading one = read_files(structures, {path}, std::nullopt);
  check_same(read_files(structures, {path}, 0), one, true);
  CHECK(one.rows == 18002);
  SUBCASE("a file read after it finds the first answers of both parts") {
    const std::string after =
        write_file("after.csv", "annee,id_fs,operateur\n2025,2,CAF\n2025,1490,CAF\n");
    const Reading first = read_files(structures, {path, after}, std::nullopt);
    const Reading both = read_files(structures, {path, after}, 0);
    check_same(both, first, true);
    // Structure 1490's first answer lies in the second part.
    CHECK(both.diagnostics.back().find("first at " + path + ":21445:") != std::string::npos);
  }
  CHECK(one.accepted < 18000);
  CHECK(std::count_if(one.diagnostics.begin(), one.diagnostics.end(), [](const std::string& d) {
          return d.find("duplicate answer") != std::string::npos;
        }) == 2);
}

TEST_CASE("survey::SurveyReader a pair answered in both parts is read again in one") {
  const auto structures = numbered_registry(1500);
  const std::string text = long_export(1500);
  SUBCASE("within the file") {
    // Structure 3's first answer, again at the end: the second part has it
    // too, so its answers are dropped and the first part reads on.
    const std::string path = write_file("twice.csv", text + "2025,3,DGFIP,Oui,,,,,\n");
    const Reading one = read_files(structures, {path}, std::nullopt);
    check_same(read_files(structures, {path}, 0), one, false);
    REQUIRE_FALSE(one.diagnostics.empty());
    CHECK(one.diagnostics.back().find("duplicate answer for structure 3 / DGFiP in 2025, first "
                                      "at line 30") != std::string::npos);
  }
  SUBCASE("across files") {
    const std::string before = write_file("before.csv", "annee,id_fs,operateur\n2025,1490,CAF\n");
    const std::string path = write_file("after.csv", text);
    check_same(read_files(structures, {before, path}, 1),
               read_files(structures, {before, path}, std::nullopt), false);
  }
}

namespace {

// An export in no order: the records of long_records shuffled one by one,
// with duplicates, unknown operators and years, short rows, ids that are not
// read as written, stray quotes and a repeated header among them.
std::string scattered_export(int structures) {
  std::vector<std::string> records = long_records(structures);
  std::mt19937 random(20251128);
  std::shuffle(records.begin(), records.end(), random);
  const std::vector<std::string> odd = {"2025,5,Banque,Oui,,,,,\n",
                                        "20x5,6,CAF,Oui,,,,,\n",
                                        "2025,8,URSSAF\n",
                                        "2025,9,MSA,O\"ui,,,,,\n",
                                        "2025, 10,MSA,Oui,,,,,\n",
                                        "2025,000000000000000000000000011,MSA,,,,,,\n",
                                        "2025,999998,MSA,Oui,,,,,\n",
                                        std::string(k_long_header),
                                        "2025,12,,Oui,,,,,\n",
                                        "2025,13,DGFIP,Oui,Non,1.5,4,2,\"tard\"\n",
                                        "2025, 999997,CAF,,,,,,\n"};
  for (std::size_t k = 0; k < 600; ++k) {
    const std::size_t at = 300 + (k * 7919) % (records.size() - 300);
    // Half of them a row already there: a duplicate, or its first answer.
    records.insert(records.begin() + static_cast<std::ptrdiff_t>(at),
                   k % 2 == 0 ? records[(k * 104729) % records.size()] : odd[k / 2 % odd.size()]);
  }
  return joined(records);
}

struct Queueing {
  std::vector<std::string> answers;
  std::vector<std::string> diagnostics;
  std::map<std::string, std::size_t> counts;
  std::size_t rows = 0;
  std::size_t accepted = 0;
  std::size_t batched = 0;  // answers given while the reader stood at the record before's
};

Queueing read_scattered(const fsbo::StructureRegistry& structures, const std::string& text,
                        bool comments, std::size_t cap) {
  Queueing result;
  fsbo::Diagnostics diagnostics(cap);
  fsbo::SurveyOptions options;
  options.comments = comments;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), options, diagnostics);
  const auto reader = fsbo::CsvReader::from_bytes("no-order.csv", text, {}, diagnostics);
  std::size_t last = 0;
  const fsbo::InputSummary summary = surveys.read(*reader, [&](const fsbo::Answer& a) {
    fsbo::Answer answer = a;
    answer.comment = {};
    result.answers.push_back(answer_text(answer));
    result.batched += reader->records() == last ? 1 : 0;
    last = reader->records();
  });
  for (const fsbo::Diagnostic& d : diagnostics.kept()) {
    result.diagnostics.push_back(fsbo::format_text(d) + " value '" + d.value + "'");
  }
  result.counts = diagnostics.counts();
  result.rows = summary.rows;
  result.accepted = summary.accepted;
  return result;
}

}  // namespace

TEST_CASE(
    "survey::SurveyReader rows in no order, looked up a batch at a time, read as one by one") {
  const auto structures = numbered_registry(400);
  const std::string text = scattered_export(400);
  for (const std::size_t cap : {std::size_t{0}, std::size_t{3}, std::size_t{20}}) {
    CAPTURE(cap);
    const Queueing one_by_one = read_scattered(structures, text, true, cap);
    const Queueing queued = read_scattered(structures, text, false, cap);
    // The rows were queued: answers came in batches, a structure's rows
    // being apart.
    CHECK(one_by_one.batched == 0);
    CHECK(queued.batched > 1000);
    CHECK(queued.answers == one_by_one.answers);
    CHECK(queued.diagnostics == one_by_one.diagnostics);
    CHECK(queued.counts == one_by_one.counts);
    CHECK(queued.rows == one_by_one.rows);
    CHECK(queued.accepted == one_by_one.accepted);
    for (const char* kind :
         {"duplicate-answer", "unknown-structure", "unknown-operator", "invalid-number",
          "out-of-range", "missing-cell", "stray-quote", "repeated-header", "missing-id"}) {
      CAPTURE(kind);
      CHECK(one_by_one.counts.count(kind) == 1);
    }
  }
}

TEST_CASE("survey::SurveyReader rows of a structure together are read one by one") {
  const auto structures = numbered_registry(400);
  const Queueing read = read_scattered(structures, long_export(400), false, 20);
  CHECK(read.batched == 0);
  CHECK(read.answers == read_scattered(structures, long_export(400), true, 20).answers);
}

TEST_CASE("survey::SurveyReader operators written in thousands of ways") {
  // Three labels in 3,000 cases each (a bit of the row number per letter):
  // past the 4,096 spellings kept, the others are resolved each time.
  const auto structures = numbered_registry(9000);
  const std::vector<std::string> labels = {"assurance maladie", "assurance retraite",
                                           "france travail"};
  std::string text = "id_fs,operateur\n";
  std::vector<std::size_t> expected;
  for (int row = 0; row < 9000; ++row) {
    const std::string& label = labels[static_cast<std::size_t>(row % 3)];
    std::string spelling = label;
    for (std::size_t k = 0; k < spelling.size(); ++k) {
      if ((row / 3 >> (k % 12) & 1) != 0 && spelling[k] != ' ') spelling[k] -= 'a' - 'A';
    }
    text += std::to_string(row + 1) + "," + spelling + "\n";
    expected.push_back(*fsbo::builtin_operators().resolve(label));
  }
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  const Read r = read(surveys, "many.csv", text, diagnostics);
  CHECK(texts(diagnostics).empty());
  std::vector<std::size_t> ops;
  for (const fsbo::Answer& a : r.answers) ops.push_back(a.op);
  CHECK(ops == expected);
}

namespace {

// The reading without the answers' comments, which answers read a batch at
// a time do not carry.
Reading without_comments(Reading reading) {
  for (std::string& answer : reading.answers) answer.erase(answer.find(" '"));
  return reading;
}

}  // namespace

TEST_CASE("survey::SurveyReader rows in no order, in two parts and in several files") {
  const auto structures = numbered_registry(1500);
  // Two years mixed row by row, no pair answered twice: the parts join.
  std::vector<std::string> records = long_records(1500);
  std::mt19937 random(11);
  std::shuffle(records.begin(), records.end(), random);
  for (std::size_t k = 0; k < records.size(); k += 3) records[k].replace(0, 4, "2024");
  const std::string first = write_file("no-order-a.csv", joined(records));
  // Pairs of the first file again, and duplicates of its own.
  const std::string second = write_file("no-order-b.csv", scattered_export(300));
  fsbo::SurveyOptions queueing;
  queueing.comments = false;
  const Reading one = without_comments(read_files(structures, {first, second}, std::nullopt));
  REQUIRE(one.rows > 20'000);
  check_same(without_comments(read_files(structures, {first, second}, 0, queueing)), one, true);
  const Reading second_in_parts =
      without_comments(read_files(structures, {first, second}, 1, queueing));
  CHECK(second_in_parts.answers == one.answers);
  CHECK(second_in_parts.diagnostics == one.diagnostics);
  CHECK(std::count_if(one.diagnostics.begin(), one.diagnostics.end(), [&](const std::string& d) {
          return d.find("first at " + first + ":") != std::string::npos;
        }) > 0);
}
