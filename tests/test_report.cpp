#include <doctest/doctest.h>

#include <array>

#include "fsbo/report.hpp"

using doctest::Approx;

namespace {

// 12 structures in 77 and 2 in 23; in 2025 every 77 structure answers about
// the Caf (10 referents of 12) and one 23 structure answers too.
fsbo::StructureRegistry make_structures() {
  fsbo::StructureRegistry structures;
  for (int k = 0; k < 12; ++k) structures.add({std::to_string(k + 1), "77", "", "", "", ""}, 2);
  structures.add({"20", "23", "", "", "", ""}, 14);
  structures.add({"21", "23", "", "", "", ""}, 15);
  return structures;
}

struct Fixture {
  fsbo::StructureRegistry structures = make_structures();
  fsbo::Aggregate aggregate{structures, fsbo::builtin_operators().size()};
  Fixture() {
    for (std::size_t s = 0; s < 13; ++s) {
      fsbo::Answer a;
      a.year = 2025;
      a.structure = s;
      a.op = 1;  // CAF
      a.referent = s < 10;
      a.satisfaction = s < 12 ? 4 : 1;
      aggregate.add(a);
    }
  }
};

const fsbo::Row& find(const fsbo::Report& report, const std::string& code, const std::string& op,
                      const std::string& indicator) {
  for (const fsbo::Row& row : report.rows) {
    if (row.code == code && row.op_code == op && row.indicator->id == indicator) return row;
  }
  FAIL("no such row");
  return report.rows.front();
}

}  // namespace

TEST_CASE("report::build_report") {
  Fixture f;
  fsbo::Baseline baseline;
  baseline.set(0, "participation", "", 0.87);
  baseline.set(0, "referent", "CAF", 0.5);
  baseline.set(0, "satisfaction_moyenne", "CAF", 4.0);
  SUBCASE("scope: France, the region, the department, in that order") {
    const fsbo::Report report = fsbo::build_report(f.aggregate, fsbo::builtin_operators(), baseline,
                                                   {{"77"}, true, true, {}});
    CHECK(report.years == std::vector<int>{2025});
    // 3 areas × (1 participation + 12 operators × 7 indicators).
    CHECK(report.rows.size() == 3 * (1 + 12 * 7));
    CHECK(report.rows[0].level == fsbo::Level::national);
    CHECK(report.rows[85].level == fsbo::Level::region);
    CHECK(report.rows[85].code == "11");
    CHECK(report.rows[170].code == "77");
    const fsbo::Row& p77 = find(report, "77", "", "participation");
    CHECK(*p77.value == 1.0);
    CHECK(p77.n == 12);
    CHECK(p77.responded == std::optional<std::size_t>(12));
    CHECK(*p77.difference == Approx(0.13));
    CHECK_FALSE(p77.low);  // a census: no interval
    CHECK(p77.significance == fsbo::Significance::none);
    const fsbo::Row& france = find(report, "FR", "", "participation");
    CHECK(*france.value == Approx(13.0 / 14.0));
    CHECK(france.n == 14);
  }
  SUBCASE("shares get a Wilson interval and a significance") {
    const fsbo::Report report = fsbo::build_report(f.aggregate, fsbo::builtin_operators(), baseline,
                                                   {{"77"}, true, true, {}});
    const fsbo::Row& referent = find(report, "77", "CAF", "referent");
    CHECK(*referent.value == Approx(10.0 / 12.0));
    CHECK(referent.n == 12);
    CHECK(*referent.low == Approx(0.5519691).epsilon(1e-6));
    CHECK(*referent.high == Approx(0.9530349).epsilon(1e-6));
    CHECK(referent.significance == fsbo::Significance::yes);  // 0.5 is below the interval
    // Answers all alike (every score 4): no interval, so no verdict either way.
    const fsbo::Row& satisfaction = find(report, "77", "CAF", "satisfaction_moyenne");
    CHECK(*satisfaction.value == 4.0);
    CHECK_FALSE(satisfaction.low);
    CHECK(satisfaction.significance == fsbo::Significance::none);
    // No baseline, no comparison.
    const fsbo::Row& channel = find(report, "77", "CAF", "canal_dedie");
    CHECK_FALSE(channel.value);
    CHECK(channel.n == 0);
    CHECK_FALSE(channel.reference);
  }
  SUBCASE("fewer than 10 answers is a small sample, never significant") {
    const fsbo::Report report = fsbo::build_report(f.aggregate, fsbo::builtin_operators(), baseline,
                                                   {{"23"}, true, true, {}});
    const fsbo::Row& referent = find(report, "23", "CAF", "referent");
    CHECK(*referent.value == 0.0);
    CHECK(referent.n == 1);
    CHECK(referent.significance == fsbo::Significance::small_sample);
  }
  SUBCASE("without scope: every department holding structures") {
    const fsbo::Report report =
        fsbo::build_report(f.aggregate, fsbo::builtin_operators(), baseline, {{}, true, false, {}});
    std::vector<std::string> codes;
    for (const fsbo::Row& row : report.rows) codes.emplace_back(row.code);
    CHECK(codes == std::vector<std::string>{"FR", "11", "75", "23", "77"});
  }
  SUBCASE("no answer at all: the year given, zero responding") {
    fsbo::Aggregate empty(f.structures, fsbo::builtin_operators().size());
    const fsbo::Report report =
        fsbo::build_report(empty, fsbo::builtin_operators(), baseline, {{}, true, false, 2024});
    CHECK(report.years == std::vector<int>{2024});
    CHECK(*report.rows[0].value == 0.0);
    CHECK(report.rows[0].n == 14);
  }
}

TEST_CASE("report::report_rows hands build_report's rows over in parts") {
  // A structure in each of 30 departments, answering in 2024 and 2025: 2 ×
  // (France, the regions, 30 departments), enough areas to be built in two
  // parts, one on each core.
  const std::vector<std::string> deps = {
      "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
      "16", "17", "18", "19", "21", "22", "23", "24", "25", "26", "27", "28", "29", "2A", "2B"};
  fsbo::StructureRegistry structures;
  for (std::size_t k = 0; k < deps.size(); ++k) {
    structures.add({std::to_string(k + 1), deps[k], "", "", "", ""}, k + 2);
  }
  fsbo::Aggregate aggregate(structures, fsbo::builtin_operators().size());
  for (const int year : {2024, 2025}) {
    for (std::size_t s = 0; s < deps.size(); ++s) {
      fsbo::Answer a;
      a.year = year;
      a.structure = s;
      a.op = s % 12;
      a.referent = (s + static_cast<std::size_t>(year)) % 3 == 0;
      a.delay_days = static_cast<double>(s % 7);
      aggregate.add(a);
    }
  }
  const fsbo::Baseline baseline = fsbo::builtin_baseline(fsbo::builtin_operators());
  const fsbo::ReportOptions options{{}, true, true, {}};
  const fsbo::Report kept =
      fsbo::build_report(aggregate, fsbo::builtin_operators(), baseline, options);
  std::array<std::vector<fsbo::Row>, 2> parts;
  std::array<int, 2> calls{};
  fsbo::report_rows(aggregate, fsbo::builtin_operators(), baseline, options,
                    [&](std::size_t part, const std::vector<fsbo::Row>& rows) {
                      REQUIRE(part < 2);
                      ++calls[part];
                      parts[part] = rows;
                    });
  CHECK(calls == std::array<int, 2>{1, 1});
  CHECK(kept.years == std::vector<int>{2024, 2025});
  CHECK(!parts[0].empty());
  CHECK(!parts[1].empty());
  std::vector<fsbo::Row> joined = parts[0];
  joined.insert(joined.end(), parts[1].begin(), parts[1].end());
  REQUIRE(joined.size() == kept.rows.size());
  for (std::size_t k = 0; k < joined.size(); ++k) {
    INFO("row ", k);
    CHECK(joined[k].year == kept.rows[k].year);
    CHECK(joined[k].code == kept.rows[k].code);
    CHECK(joined[k].op_code == kept.rows[k].op_code);
    CHECK(joined[k].indicator == kept.rows[k].indicator);
    CHECK(joined[k].value == kept.rows[k].value);
    CHECK(joined[k].n == kept.rows[k].n);
    CHECK(joined[k].low == kept.rows[k].low);
    CHECK(joined[k].significance == kept.rows[k].significance);
  }
  // The first year's areas, then the second's, across the two parts.
  CHECK(joined.front().year == 2024);
  CHECK(joined.back().year == 2025);
}
