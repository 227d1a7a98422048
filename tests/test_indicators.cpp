#include <doctest/doctest.h>

#include "fsbo/indicators.hpp"

using doctest::Approx;

namespace {

fsbo::Answer answer() {
  return fsbo::Answer{};
}

fsbo::Estimate estimate_of(const char* id, const fsbo::Tally& tally) {
  const fsbo::IndicatorDef* def = fsbo::find_indicator(id);
  REQUIRE(def != nullptr);
  return def->estimate(tally);
}

}  // namespace

TEST_CASE("indicators::indicator_defs") {
  std::vector<std::string_view> ids;
  for (const auto& def : fsbo::indicator_defs()) ids.push_back(def.id);
  CHECK(ids == std::vector<std::string_view>{"referent", "canal_dedie", "delai_median",
                                             "delai_moyen", "satisfaction_moyenne",
                                             "taux_satisfaits", "sollicitations"});
  CHECK(fsbo::find_indicator("participation") == &fsbo::participation_def());
  CHECK(fsbo::find_indicator("nope") == nullptr);
}

TEST_CASE("indicators::estimates") {
  fsbo::Tally tally;
  // Five answers: referent yes, yes, no, blank, yes; delays 2, 10, 4, 4, blank;
  // satisfaction 5, 4, 2, blank, 3; requests 10, blank, 0, 5, 7.
  const std::vector<std::optional<bool>> referent = {true, true, false, std::nullopt, true};
  const std::vector<std::optional<double>> delay = {2.0, 10.0, 4.0, 4.0, std::nullopt};
  const std::vector<std::optional<int>> score = {5, 4, 2, std::nullopt, 3};
  const std::vector<std::optional<long long>> requests = {10, std::nullopt, 0, 5, 7};
  for (std::size_t k = 0; k < 5; ++k) {
    fsbo::Answer a = answer();
    a.referent = referent[k];
    a.delay_days = delay[k];
    a.satisfaction = score[k];
    a.requests = requests[k];
    tally.add(a);
  }
  SUBCASE("shares count only valid answers") {
    const auto e = estimate_of("referent", tally);
    CHECK(e.n == 4);
    CHECK(*e.value == Approx(0.75));
    CHECK_FALSE(estimate_of("canal_dedie", tally).value);
    CHECK(estimate_of("canal_dedie", tally).n == 0);
  }
  SUBCASE("median of an even count averages the two middle values") {
    const auto e = estimate_of("delai_median", tally);
    CHECK(e.n == 4);
    CHECK(*e.value == Approx(4.0));
  }
  SUBCASE("mean and spread") {
    const auto e = estimate_of("delai_moyen", tally);
    CHECK(*e.value == Approx(5.0));
    CHECK(e.spread == Approx(3.4641016151));  // sd of 2, 10, 4, 4
    const auto s = estimate_of("satisfaction_moyenne", tally);
    CHECK(s.n == 4);
    CHECK(*s.value == Approx(3.5));
  }
  SUBCASE("satisfied share is scores 4 and 5") {
    const auto e = estimate_of("taux_satisfaits", tally);
    CHECK(e.n == 4);
    CHECK(*e.value == Approx(0.5));
  }
  SUBCASE("requests are a sum, 0 included") {
    const auto e = estimate_of("sollicitations", tally);
    CHECK(e.n == 4);
    CHECK(*e.value == Approx(22.0));
  }
}

TEST_CASE("indicators::delai_median odd count") {
  fsbo::Tally tally;
  for (const double d : {7.0, 1.5, 3.0}) {
    fsbo::Answer a;
    a.delay_days = d;
    tally.add(a);
  }
  CHECK(*estimate_of("delai_median", tally).value == Approx(3.0));
}

TEST_CASE("indicators::participation") {
  fsbo::Area area;
  area.registered = 35;
  area.responded = 35;
  CHECK(*fsbo::participation(area).value == Approx(1.0));
  CHECK(fsbo::participation(area).n == 35);
  area.registered = 0;
  area.responded = 0;
  CHECK_FALSE(fsbo::participation(area).value);
}
