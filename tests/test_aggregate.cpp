#include <doctest/doctest.h>

#include "fsbo/aggregate.hpp"

namespace {

// Three structures in 77 (Île-de-France, 11), one in 78 (11), one in 2A (94).
fsbo::StructureRegistry registry() {
  fsbo::StructureRegistry r;
  r.add({"1", "77", "A", "a", "Principal", "Fixe"}, 2);
  r.add({"2", "77", "B", "b", "Principal", "Fixe"}, 3);
  r.add({"3", "77", "C", "c", "Antenne", "Fixe"}, 4);
  r.add({"4", "78", "D", "d", "Principal", "Fixe"}, 5);
  r.add({"5", "2A", "E", "e", "Principal", "Fixe"}, 6);
  return r;
}

fsbo::Answer answer(int year, std::size_t structure, std::size_t op, bool referent) {
  fsbo::Answer a;
  a.year = year;
  a.structure = structure;
  a.op = op;
  a.referent = referent;
  return a;
}

}  // namespace

TEST_CASE("aggregate::Aggregate areas") {
  const auto structures = registry();
  fsbo::Aggregate aggregate(structures, 2);
  aggregate.add(answer(2025, 0, 0, true));
  aggregate.add(answer(2025, 0, 1, false));  // same structure, other operator
  aggregate.add(answer(2025, 3, 0, false));
  aggregate.add(answer(2025, 4, 1, true));
  aggregate.add(answer(2024, 1, 0, true));
  CHECK(aggregate.years() == std::vector<int>{2024, 2025});
  CHECK(aggregate.departments() == std::vector<std::string>{"2A", "77", "78"});

  SUBCASE("France") {
    const fsbo::Area france = aggregate.area(2025, fsbo::Level::national, "FR");
    CHECK(france.code == "FR");
    CHECK(france.label == "France");
    CHECK(france.registered == 5);
    CHECK(france.responded == 3);
    CHECK(france.operators[0].referent_n == 2);
    CHECK(france.operators[0].referent_yes == 1);
    CHECK(france.operators[1].referent_n == 2);
    CHECK(france.operators[1].referent_yes == 1);
  }
  SUBCASE("a region rolls up its departments") {
    const fsbo::Area idf = aggregate.area(2025, fsbo::Level::region, "11");
    CHECK(idf.label == "Île-de-France");
    CHECK(idf.registered == 4);
    CHECK(idf.responded == 2);
    CHECK(idf.operators[0].referent_n == 2);
  }
  SUBCASE("a department") {
    const fsbo::Area seine_et_marne = aggregate.area(2025, fsbo::Level::department, "77");
    CHECK(seine_et_marne.label == "Seine-et-Marne");
    CHECK(seine_et_marne.registered == 3);
    CHECK(seine_et_marne.responded == 1);
    const fsbo::Area corse = aggregate.area(2024, fsbo::Level::department, "2A");
    CHECK(corse.registered == 1);
    CHECK(corse.responded == 0);
  }
  SUBCASE("a year without answers still counts registered structures") {
    const fsbo::Area none = aggregate.area(2023, fsbo::Level::department, "77");
    CHECK(none.registered == 3);
    CHECK(none.responded == 0);
  }
  SUBCASE("missing lists non-responding structures of the scope") {
    CHECK(aggregate.missing(2025, {"77"}) == std::vector<std::size_t>{1, 2});
    CHECK(aggregate.missing(2025, {}) == std::vector<std::size_t>{1, 2});
    CHECK(aggregate.missing(2024, {"77", "2A"}) == std::vector<std::size_t>{0, 2, 4});
  }
}

TEST_CASE("aggregate::Tally merge is exact") {
  fsbo::Tally a;
  fsbo::Tally b;
  fsbo::Answer x;
  x.delay_days = 2.5;
  x.satisfaction = 5;
  x.requests = 7;
  a.add(x);
  b.add(x);
  x.delay_days = 1;
  b.add(x);
  a.merge(b);
  CHECK(a.delays == std::vector<std::pair<double, std::size_t>>{{1.0, 1}, {2.5, 2}});
  CHECK(a.satisfaction[4] == 3);
  CHECK(a.requests_sum == 21);
  CHECK(a.requests_n == 3);
}

TEST_CASE("aggregate::Aggregate merge gives the figures of one aggregate given every answer") {
  const auto structures = registry();
  fsbo::Aggregate one(structures, 2);
  fsbo::Aggregate first(structures, 2);
  fsbo::Aggregate second = first.empty_like();
  std::size_t k = 0;
  for (const int year : {2024, 2025}) {
    for (std::size_t structure = 0; structure < 5; ++structure) {
      for (std::size_t op = 0; op < 2; ++op) {
        if ((structure + op + static_cast<std::size_t>(year)) % 3 == 0) continue;
        fsbo::Answer a = answer(year, structure, op, k % 2 == 0);
        a.delay_days = 0.25 * static_cast<double>(k % 7) + (k % 5 == 0 ? 100.1 : 0);
        a.satisfaction = static_cast<int>(1 + k % 5);
        one.add(a);
        // A structure may answer in both parts, for different operators.
        (k++ % 2 == 0 ? first : second).add(a);
      }
    }
  }
  first.merge(second);
  CHECK(first.years() == one.years());
  for (const int year : {2024, 2025}) {
    for (const auto& [level, code] :
         {std::pair{fsbo::Level::national, "FR"}, std::pair{fsbo::Level::department, "77"},
          std::pair{fsbo::Level::region, "94"}}) {
      CAPTURE(year);
      CAPTURE(code);
      const fsbo::Area expected = one.area(year, level, code);
      const fsbo::Area merged = first.area(year, level, code);
      CHECK(merged.registered == expected.registered);
      CHECK(merged.responded == expected.responded);
      for (std::size_t op = 0; op < 2; ++op) {
        const fsbo::Tally& a = merged.operators[op];
        const fsbo::Tally& b = expected.operators[op];
        CHECK(a.referent_yes == b.referent_yes);
        CHECK(a.referent_n == b.referent_n);
        CHECK(a.satisfaction == b.satisfaction);
        CHECK(std::vector<fsbo::ValueCounts::Entry>(a.delays.begin(), a.delays.end()) ==
              std::vector<fsbo::ValueCounts::Entry>(b.delays.begin(), b.delays.end()));
      }
    }
    CHECK(first.missing(year, {}) == one.missing(year, {}));
  }
  CHECK(one.area(2025, fsbo::Level::national, "FR").responded == 5);
  // An aggregate like another counts the same structures, and no answer.
  const fsbo::Aggregate empty = one.empty_like();
  CHECK(empty.years().empty());
  CHECK(empty.departments() == one.departments());
  CHECK(empty.area(2025, fsbo::Level::region, "11").registered == 4);
}
