#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "fsbo/geography.hpp"
#include "fsbo/structures.hpp"
#include "run.hpp"

namespace {

const char* k_header =
    "\"id_fs\",\"insee_dep\",\"lib_fs\",\"adresse\",\"lib_com\",\"type_fs\",\"format_fs\"\n";

fsbo::StructureRegistry load(const std::string& body, fsbo::Diagnostics& diagnostics,
                             fsbo::Detail detail = fsbo::Detail::all) {
  const auto reader =
      fsbo::CsvReader::from_bytes("reg.csv", k_header + body, fsbo::DialectOverride{}, diagnostics);
  return fsbo::load_structures(*reader, diagnostics, detail);
}

}  // namespace

TEST_CASE("structures::load_structures") {
  fsbo::Diagnostics diagnostics;
  SUBCASE("reads the columns fsbo uses, multi-line fields included") {
    const auto registry = load(
        "\"454\",\"77\",\"France services de Melun\",\"1 rue\",\"Melun\",\"Principal\",\"Fixe\"\n"
        "\"12\",\"2a\",\"FS \"\"Ajaccio\"\"\",\"a\nb\",\"Ajaccio\",\"Antenne\",\"Itinérante\"\n"
        "\"13\",\"1\",\"FS Bourg\",,\"Bourg\",\"Principal\",\"Fixe\"\n",
        diagnostics);
    REQUIRE(registry.size() == 3);
    CHECK(diagnostics.kept().empty());
    const fsbo::Structure melun = registry.at(0);
    CHECK(melun.id == "454");
    CHECK(melun.department == "77");
    CHECK(melun.name == "France services de Melun");
    CHECK(melun.commune == "Melun");
    CHECK(melun.type == "Principal");
    CHECK(registry.at(1).department == "2A");
    CHECK(registry.at(1).name == "FS \"Ajaccio\"");
    CHECK(registry.at(1).format == "Itinérante");
    CHECK(registry.at(2).department == "01");
    CHECK(registry.find(" 12 ") == std::optional<std::size_t>(1));
    CHECK_FALSE(registry.find("99"));
    CHECK(registry.line_of(2) == 5);  // the record after a two-line one
  }
  SUBCASE("for figures, only ids and departments are kept") {
    const std::string body =
        "\"454\",\"77\",\"France services de Melun\",\"1 rue\",\"Melun\",\"Principal\",\"Fixe\"\n"
        "\"12\",\"2a\",\"FS Ajaccio\",,\"Ajaccio\",\"Antenne\",\"Itinérante\"\n"
        "\"12\",\"2a\",\"FS Ajaccio bis\",,\"Ajaccio\",\"Antenne\",\"Fixe\"\n";
    fsbo::Diagnostics all_diagnostics;
    const auto all = load(body, all_diagnostics);
    const auto ids = load(body, diagnostics, fsbo::Detail::ids);
    REQUIRE(ids.size() == 2);
    REQUIRE(all.size() == 2);
    for (std::size_t s = 0; s < ids.size(); ++s) {
      CHECK(ids.at(s).id == all.at(s).id);
      CHECK(ids.at(s).department == all.at(s).department);
      CHECK(ids.at(s).name.empty());
      CHECK(ids.at(s).commune.empty());
      CHECK(ids.at(s).type.empty());
      CHECK(ids.at(s).format.empty());
    }
    CHECK(all.at(1).name == "FS Ajaccio");
    CHECK(ids.find("12") == std::optional<std::size_t>(1));
    CHECK(ids.line_of(1) == 3);
    REQUIRE(diagnostics.kept().size() == 1);
    CHECK(fsbo::format_text(diagnostics.kept()[0]) == fsbo::format_text(all_diagnostics.kept()[0]));
  }
  SUBCASE("bad rows are reported and left out") {
    const auto registry = load(
        "\"1\",\"77\",\"A\",,\"X\",\"Principal\",\"Fixe\"\n"
        "\"1\",\"77\",\"B\",,\"X\",\"Principal\",\"Fixe\"\n"
        "\"2\",\"99\",\"C\",,\"X\",\"Principal\",\"Fixe\"\n"
        ",\"77\",\"D\",,\"X\",\"Principal\",\"Fixe\"\n"
        "\"3\",\"77\",\"E\"\n",
        diagnostics);
    CHECK(registry.size() == 1);
    REQUIRE(diagnostics.kept().size() == 4);
    CHECK(fsbo::format_text(diagnostics.kept()[0]) ==
          "reg.csv:3: error: column 'id_fs': structure 1 is already listed at line 2: this row "
          "is left out [duplicate-structure]");
    CHECK(fsbo::format_text(diagnostics.kept()[1]) ==
          "reg.csv:4: error: column 'insee_dep': '99' is not a French department code: "
          "structure 2 is left out [unknown-department]");
    CHECK(fsbo::format_text(diagnostics.kept()[2]) ==
          "reg.csv:5: error: column 'id_fs': the structure has no id_fs: the row is left out "
          "[missing-id]");
    CHECK(fsbo::format_text(diagnostics.kept()[3]) ==
          "reg.csv:6: error: column 'adresse': the row has 3 cells where the header has 7: the "
          "row is left out [missing-cell]");
  }
  SUBCASE("a registry with a header and no structure is an error") {
    const auto registry = load("", diagnostics);
    CHECK(registry.size() == 0);
    REQUIRE(diagnostics.kept().size() == 1);
    CHECK(fsbo::format_text(diagnostics.kept()[0]) ==
          "reg.csv:1: error: the registry lists no structure: nothing can be computed "
          "[empty-registry]");
  }
  SUBCASE("an id a spreadsheet would run is refused") {
    const auto registry =
        load("\"=1+1\",\"77\",\"A\",,\"X\",\"Principal\",\"Fixe\"\n", diagnostics);
    CHECK(registry.size() == 0);
    REQUIRE(diagnostics.kept().size() == 2);
    CHECK(fsbo::format_text(diagnostics.kept()[0]) ==
          "reg.csv:2: error: column 'id_fs': a spreadsheet would take this id for a formula: the "
          "row is left out [invalid-name]");
  }
  SUBCASE("a registry without id_fs cannot be read") {
    const auto reader = fsbo::CsvReader::from_bytes("reg.csv", "insee_dep,lib_fs\n77,A\n",
                                                    fsbo::DialectOverride{}, diagnostics);
    CHECK(fsbo::load_structures(*reader, diagnostics).size() == 0);
    REQUIRE(diagnostics.kept().size() == 1);
    CHECK(diagnostics.kept()[0].kind == "missing-column");
    CHECK(diagnostics.kept()[0].column == "id_fs");
  }
}

TEST_CASE("structures::StructureRegistry department indices") {
  const auto index_of = [](std::string_view code) {
    return static_cast<std::size_t>(fsbo::find_department(code) - fsbo::departments().data());
  };
  fsbo::StructureRegistry registry;
  // In blocks, as the official registry lists them, then back to one met before.
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"1", "77"}, {"2", "77"}, {"3", "2A"}, {"4", "971"}, {"5", "971"}, {"6", "77"}, {"7", "01"}};
  std::size_t line = 2;
  for (const auto& [id, department] : rows) {
    // The caller's text goes once added: the registry keeps the table's code.
    const std::string code = department;
    CHECK(registry.add({id, code, "", "", "", ""}, line++));
  }
  REQUIRE(registry.department_indices().size() == rows.size());
  for (std::size_t s = 0; s < rows.size(); ++s) {
    CAPTURE(s);
    CHECK(registry.department_indices()[s] == index_of(rows[s].second));
    CHECK(registry.at(s).department == rows[s].second);
    CHECK(registry.at(s).department.data() == fsbo::find_department(rows[s].second)->code.data());
  }
  CHECK_THROWS_AS(registry.add({"8", "99", "", "", "", ""}, line), std::invalid_argument);
  CHECK(registry.size() == rows.size());
  // Refused whole: its id is still free.
  CHECK(registry.add({"8", "2B", "", "", "", ""}, line));
  CHECK(registry.department_indices().back() == index_of("2B"));
}

TEST_CASE("structures::StructureRegistry keeps the details it is made for") {
  fsbo::StructureRegistry ids(fsbo::Detail::ids);
  fsbo::StructureRegistry all(fsbo::Detail::all);
  const fsbo::Structure melun{"454", "77", "FS Melun", "Melun", "Principal", "Fixe"};
  REQUIRE(ids.add(melun, 2));
  REQUIRE(all.add(melun, 2));
  CHECK(ids.id(0) == "454");
  CHECK(ids.department(0) == "77");
  CHECK(ids.at(0).name.empty());
  CHECK(ids.at(0).format.empty());
  CHECK(all.at(0).name == "FS Melun");
  CHECK(all.at(0).commune == "Melun");
  CHECK(all.at(0).type == "Principal");
  CHECK(all.at(0).format == "Fixe");
  CHECK(all.at(0).department == "77");
}

TEST_CASE("structures::StructureRegistry finds ids that are not plain numbers") {
  fsbo::StructureRegistry registry(fsbo::Detail::ids);
  // Enough to grow the table several times; numbers written otherwise
  // (leading zero, sign) are text ids, apart from the plain numbers.
  std::vector<std::string> ids;
  for (std::size_t n = 0; n < 5000; ++n) {
    ids.push_back(n % 3 == 0   ? "FS-" + std::to_string(n)
                  : n % 3 == 1 ? "0" + std::to_string(n)
                               : std::to_string(n) + "-bis-with-a-longer-tail");
  }
  ids.emplace_back("12");
  ids.emplace_back("Q");
  for (std::size_t s = 0; s < ids.size(); ++s)
    REQUIRE(registry.add({ids[s], "77", "", "", "", ""}, s + 2));
  REQUIRE(registry.size() == ids.size());
  for (std::size_t s = 0; s < ids.size(); ++s) {
    CAPTURE(ids[s]);
    CHECK(registry.find(ids[s]) == std::optional<std::size_t>(s));
    CHECK(registry.id(s) == ids[s]);
    // A duplicate is refused, and nothing of it is kept.
    CHECK_FALSE(registry.add({ids[s], "2A", "", "", "", ""}, 1));
  }
  CHECK(registry.size() == ids.size());
  CHECK(registry.find(" FS-3 ") == std::optional<std::size_t>(3));
  CHECK_FALSE(registry.find("FS-1"));
  CHECK_FALSE(registry.find("FS-30000"));
  CHECK_FALSE(registry.find("012"));
  CHECK_FALSE(registry.find("1-bis-with-a-longer-tai"));
  CHECK_FALSE(registry.find("q"));
  CHECK(registry.find("0012") == std::nullopt);
  CHECK(registry.find("01") == std::optional<std::size_t>(1));
}

TEST_CASE("structures::StructureRegistry absorb adds a second part's structures after its own") {
  fsbo::StructureRegistry first(fsbo::Detail::all);
  REQUIRE(first.add({"1", "77", "Melun", "Melun", "Principal", "Fixe"}, 2));
  REQUIRE(first.add({"FS-a", "2A", "Ajaccio", "Ajaccio", "Antenne", "Fixe"}, 3));
  const auto second = [] {
    fsbo::StructureRegistry part(fsbo::Detail::all);
    // Lines counted from the part's start.
    REQUIRE(part.add({"7", "971", "Basse-Terre", "Basse-Terre", "Principal", "Fixe"}, 1));
    REQUIRE(part.add({"FS-b", "01", "Bourg", "Bourg", "Principal", "Itinérante"}, 4));
    return part;
  };
  SUBCASE("ids all new: indices follow, lines move, ids are found") {
    REQUIRE(first.absorb(second(), 9));
    REQUIRE(first.size() == 4);
    CHECK(first.find("7") == std::optional<std::size_t>(2));
    CHECK(first.find("FS-b") == std::optional<std::size_t>(3));
    CHECK(first.find("1") == std::optional<std::size_t>(0));
    CHECK(first.find("FS-a") == std::optional<std::size_t>(1));
    CHECK(first.line_of(2) == 10);
    CHECK(first.line_of(3) == 13);
    CHECK(first.at(3).department == "01");
    CHECK(first.at(3).format == "Itinérante");
    CHECK(first.department_indices().size() == 4);
    // Adds go on after it, a duplicate of an absorbed id refused.
    CHECK_FALSE(first.add({"FS-b", "77", "", "", "", ""}, 20));
    CHECK(first.add({"8", "77", "", "", "", ""}, 20));
    CHECK(first.find("8") == std::optional<std::size_t>(4));
  }
  SUBCASE("an id in both, a number or text: refused, nothing changed") {
    for (const std::string clash : {"1", "FS-a"}) {
      CAPTURE(clash);
      fsbo::StructureRegistry part = second();
      REQUIRE(part.add({clash, "77", "", "", "", ""}, 6));
      CHECK_FALSE(first.absorb(std::move(part), 9));
      CHECK(first.size() == 2);
      CHECK_FALSE(first.find("7"));
      CHECK_FALSE(first.find("FS-b"));
      CHECK(first.line_of(1) == 3);
    }
  }
}

namespace {

// A registry of structures `first`… (every seventh with a line break in its
// address), `extra` put in the middle of the second half: past a
// megabyte, more than a reading reads ahead, so that it is read in two parts.
std::string big_registry(const std::string& extra, std::size_t rows = 20000) {
  std::string text = k_header;
  for (std::size_t k = 1; k <= rows; ++k) {
    if (k == rows * 3 / 4) text += extra;
    const std::string id = std::to_string(k);
    text += "\"" + id + "\",\"" + (k % 3 == 0 ? "2A" : "77") + "\",\"France services " + id +
            "\",\"" + (k % 7 == 0 ? "1 rue\nbis" : "2 place") + "\",\"Commune " + id +
            "\",\"Principal\",\"Fixe\"\n";
  }
  return text;
}

struct Loaded {
  std::vector<std::tuple<std::string, std::string, std::string, std::size_t>> structures;
  std::vector<std::string> diagnostics;
  bool misjudged = false;
  std::size_t records = 0;
  bool read_to_end = false;
};

Loaded load_file(const std::string& path, std::uint64_t split_at_least) {
  fsbo::Diagnostics diagnostics(0);
  fsbo::CsvReader reader(path, {}, diagnostics, fsbo::Plan::may_reread);
  const fsbo::StructureRegistry registry =
      fsbo::load_structures(reader, diagnostics, fsbo::Detail::all, split_at_least);
  Loaded loaded;
  for (std::size_t s = 0; s < registry.size(); ++s) {
    const fsbo::Structure structure = registry.at(s);
    loaded.structures.emplace_back(structure.id, structure.department, structure.name,
                                   registry.line_of(s));
  }
  for (const fsbo::Diagnostic& d : diagnostics.kept()) loaded.diagnostics.push_back(format_text(d));
  loaded.misjudged = reader.misjudged();
  loaded.records = reader.records();
  loaded.read_to_end = reader.read_to_end();
  return loaded;
}

}  // namespace

TEST_CASE("structures::load_structures in two parts gives the structures of one reading") {
  struct Case {
    const char* name;
    std::string text;
    std::size_t diagnostics;
  };
  const std::string row = "\"FS Melun\",\"2 place\",\"Melun\",\"Principal\",\"Fixe\"\n";
  const std::vector<Case> cases = {
      {"clean", big_registry(""), 0},
      {"text ids", big_registry("\"FS-1\",\"01\"," + row + "\"FS-2\",\"01\"," + row), 0},
      {"a problem in the first part",
       k_header + ("\"\",\"77\"," + row) + big_registry("").substr(std::string(k_header).size()),
       1},
      // The second part reports these with lines of its own, moved when the
      // parts join; an id in both parts makes the first read on instead.
      {"a duplicate within the second part", big_registry("\"15001\",\"77\"," + row), 1},
      {"an id of the first part again", big_registry("\"5\",\"77\"," + row), 1},
      {"an unknown department", big_registry("\"99999\",\"99\"," + row), 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string path = fsbo::test::temp_dir() + "/registry.csv";
    fsbo::test::write_file(path, c.text);
    const Loaded whole = load_file(path, UINT64_MAX);
    const Loaded parts = load_file(path, 1);
    CHECK(whole.diagnostics.size() == c.diagnostics);
    CHECK(whole.structures.size() > 20000 - 2);
    CHECK(parts.structures == whole.structures);
    CHECK(parts.diagnostics == whole.diagnostics);
    CHECK(parts.records == whole.records);
    CHECK(parts.read_to_end);
    CHECK_FALSE(parts.misjudged);
  }
  SUBCASE("UTF-8 then not, in the second part: misjudged, to be read again") {
    const std::string path = fsbo::test::temp_dir() + "/registry-1252.csv";
    fsbo::test::write_file(path, big_registry("\"99998\",\"77\",\"Cr\xE9teil\"," + row.substr(11)));
    CHECK(load_file(path, UINT64_MAX).misjudged);
    CHECK(load_file(path, 1).misjudged);
  }
}
