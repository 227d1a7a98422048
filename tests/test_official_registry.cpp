// The official registry (ANCT, Licence Ouverte 2.0) read from ../shared/data,
// never copied into the project; skipped when it is not there.
#include <doctest/doctest.h>

#include <set>

#include "fsbo/structures.hpp"
#include "run.hpp"

namespace {

const char* k_official = "liste-fs-20240801.csv";

}  // namespace

TEST_CASE("official registry: liste-fs-20240801.csv") {
  if (!fsbo::test::have_shared(k_official)) {
    MESSAGE("skipped: ../shared/data/liste-fs-20240801.csv is not there");
    return;
  }
  fsbo::Diagnostics diagnostics;
  fsbo::CsvReader reader(fsbo::test::shared_file(k_official), {}, diagnostics);
  SUBCASE("dialect") {
    CHECK(reader.dialect().separator == ',');
    CHECK(reader.dialect().encoding == fsbo::Encoding::utf8);
    CHECK_FALSE(reader.dialect().bom);
    CHECK(reader.dialect().line_end == fsbo::LineEnd::lf);
  }
  SUBCASE("structures") {
    const fsbo::StructureRegistry registry = fsbo::load_structures(reader, diagnostics);
    CHECK(diagnostics.kept().empty());
    CHECK(reader.records() == 2846);
    CHECK(registry.size() == 2845);
    std::set<std::string> departments;
    std::size_t seine_et_marne = 0;
    std::size_t antennas = 0;
    for (std::size_t index = 0; index < registry.size(); ++index) {
      const fsbo::Structure s = registry.at(index);
      departments.emplace(s.department);
      seine_et_marne += s.department == "77";
      antennas += s.type == "Antenne";
    }
    CHECK(departments.size() == 102);
    CHECK(seine_et_marne == 34);
    CHECK(antennas == 124);
    CHECK(registry.at(registry.size() - 1).name == "France services de la préfecture de Belfort");
    // Physical lines count the line breaks inside the six multi-line records.
    const std::vector<std::tuple<const char*, std::size_t, const char*, std::size_t>> around = {
        {"426", 398, "427", 402},     {"844", 781, "845", 785},     {"1815", 1435, "1816", 1448},
        {"2092", 1716, "2093", 1732}, {"2632", 2264, "2633", 2268}, {"2668", 2303, "2669", 2307}};
    for (const auto& [id, line, next, next_line] : around) {
      INFO(id);
      CHECK(registry.line_of(*registry.find(id)) == line);
      CHECK(registry.line_of(*registry.find(next)) == next_line);
    }
    CHECK(registry.line_of(*registry.find("3264")) == 2885);
  }
  SUBCASE("the six multi-line records are read whole") {
    fsbo::Record record;
    std::vector<std::string> multi_line;
    while (reader.next(record)) {
      CHECK(record.fields.size() == 24);
      if (record.last_line > record.line) multi_line.emplace_back(record.fields[0]);
    }
    CHECK(multi_line == std::vector<std::string>{"426", "844", "1815", "2092", "2632", "2668"});
  }
}
