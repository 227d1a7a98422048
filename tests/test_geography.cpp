// Unit tests of fsbo/geography.hpp: departments, regions and department codes.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/geography.hpp"

namespace fsbo {

namespace {

// The region of a department, or "" when it is unknown.
std::string region_of(std::string_view code) {
  const Department* department = find_department(code);
  return department == nullptr ? "" : std::string(department->region);
}

}  // namespace

TEST_CASE("geography::departments") {
  const std::vector<Department>& all = departments();
  SUBCASE("96 metropolitan, 5 overseas departments and 3 overseas collectivities") {
    CHECK(all.size() == 104);
    CHECK(std::count_if(all.begin(), all.end(),
                        [](const Department& d) { return d.region != "COM"; }) == 101);
    CHECK(std::count_if(all.begin(), all.end(),
                        [](const Department& d) { return d.code.size() == 2; }) == 96);
  }
  SUBCASE("in code order, each code once") {
    CHECK(std::is_sorted(all.begin(), all.end(),
                         [](const Department& a, const Department& b) { return a.code < b.code; }));
    CHECK(std::adjacent_find(all.begin(), all.end(), [](const Department& a, const Department& b) {
            return a.code == b.code;
          }) == all.end());
    CHECK(all.front().code == "01");
    CHECK(all.back().code == "978");
  }
  SUBCASE("every department's region exists") {
    for (const Department& d : all) {
      CAPTURE(d.code);
      CHECK_FALSE(d.name.empty());
      CHECK(find_region(d.region) != nullptr);
    }
  }
  SUBCASE("departments per region, as in the official geographic code") {
    std::map<std::string, int> per_region;
    for (const Department& d : all) ++per_region[std::string(d.region)];
    const std::map<std::string, int> expected = {
        {"01", 1},  {"02", 1},  {"03", 1}, {"04", 1},  {"06", 1}, {"11", 8}, {"24", 6},
        {"27", 8},  {"28", 5},  {"32", 5}, {"44", 10}, {"52", 5}, {"53", 4}, {"75", 12},
        {"76", 13}, {"84", 12}, {"93", 6}, {"94", 2},  {"COM", 3}};
    CHECK(per_region == expected);
  }
  SUBCASE("each department found by its code, and only by it") {
    for (const Department& d : all) {
      CAPTURE(d.code);
      CHECK(find_department(d.code) == &d);
      CHECK(find_department(std::string(d.code) + "0") == nullptr);
      CHECK(find_department(std::string(d.code) + '\0') == nullptr);
      CHECK(find_department(d.code.substr(0, d.code.size() - 1)) == nullptr);
    }
  }
  SUBCASE("no department 20, 96 or 99") {
    for (const char* code : {"20", "96", "99", "00", "2C", "970", "979", "2a", "1", "", "COM",
                             "01234567", "0123456789"}) {
      CAPTURE(code);
      CHECK(find_department(code) == nullptr);
    }
  }
}

TEST_CASE("geography::find_department") {
  REQUIRE(find_department("77") != nullptr);
  CHECK(find_department("77")->name == "Seine-et-Marne");
  CHECK(region_of("77") == "11");
  CHECK(find_region(region_of("77"))->name == "Île-de-France");
  CHECK(region_of("75") == "11");
  CHECK(region_of("01") == "84");
  CHECK(region_of("13") == "93");
  CHECK(region_of("29") == "53");
  CHECK(region_of("59") == "32");
  CHECK(region_of("67") == "44");
  CHECK(region_of("90") == "27");
  CHECK(region_of("95") == "11");
  SUBCASE("Corsica") {
    CHECK(find_department("2A")->name == "Corse-du-Sud");
    CHECK(find_department("2B")->name == "Haute-Corse");
    CHECK(region_of("2A") == "94");
    CHECK(region_of("2B") == "94");
    CHECK(find_region("94")->name == "Corse");
  }
  SUBCASE("overseas departments are regions of their own") {
    CHECK(region_of("971") == "01");
    CHECK(region_of("972") == "02");
    CHECK(region_of("973") == "03");
    CHECK(region_of("974") == "04");
    CHECK(region_of("976") == "06");
    CHECK(find_region("01")->name == "Guadeloupe");
    CHECK(find_region("06")->name == "Mayotte");
    CHECK(find_department("974")->name == "La Réunion");
  }
  SUBCASE("overseas collectivities share the pseudo-region COM") {
    CHECK(region_of("975") == "COM");
    CHECK(region_of("977") == "COM");
    CHECK(region_of("978") == "COM");
    CHECK(find_department("978")->name == "Saint-Martin");
    CHECK(find_region("COM")->name == "Collectivités d'outre-mer");
  }
}

TEST_CASE("geography::regions") {
  const std::vector<Region>& all = regions();
  CHECK(all.size() == 19);
  CHECK(std::is_sorted(all.begin(), all.end(),
                       [](const Region& a, const Region& b) { return a.code < b.code; }));
  std::set<std::string_view> used;
  for (const Department& d : departments()) used.insert(d.region);
  for (const Region& r : all) {
    CAPTURE(r.code);
    CHECK(used.count(r.code) == 1);  // every region has departments
    CHECK(find_region(r.code) == &r);
  }
  CHECK(find_region("11")->name == "Île-de-France");
  CHECK(find_region("84")->name == "Auvergne-Rhône-Alpes");
  CHECK(find_region("05") == nullptr);
  CHECK(find_region("") == nullptr);
  CHECK(find_region("com") == nullptr);
}

TEST_CASE("geography::canonical_department") {
  using Code = std::optional<std::string>;
  SUBCASE("canonical forms") {
    CHECK(canonical_department("1") == Code("01"));
    CHECK(canonical_department("9") == Code("09"));
    CHECK(canonical_department("01") == Code("01"));
    CHECK(canonical_department("77") == Code("77"));
    CHECK(canonical_department(" 77 ") == Code("77"));
    CHECK(canonical_department("\xC2\xA0"
                               "75\t") == Code("75"));
    CHECK(canonical_department("2a") == Code("2A"));
    CHECK(canonical_department("2b") == Code("2B"));
    CHECK(canonical_department("2A") == Code("2A"));
    CHECK(canonical_department(" 2b ") == Code("2B"));
    CHECK(canonical_department("971") == Code("971"));
    CHECK(canonical_department("978") == Code("978"));
  }
  SUBCASE("no such department") {
    for (const char* text : {"20", "99", "96", "0", "00", "", "   ", "2C", "2c", "A2", "1A", "979",
                             "7 7", "77.0", "Paris"}) {
      CAPTURE(text);
      CHECK(canonical_department(text) == std::nullopt);
    }
  }
}

}  // namespace fsbo
