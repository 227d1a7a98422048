#include <doctest/doctest.h>

#include <cmath>

#include "fsbo/statistics.hpp"

using doctest::Approx;

TEST_CASE("statistics::student_quantile") {
  // Reference values from published t tables (two-sided 95 %).
  CHECK(fsbo::student_quantile(0.975, 1) == Approx(12.706204736).epsilon(1e-8));
  CHECK(fsbo::student_quantile(0.975, 9) == Approx(2.262157163).epsilon(1e-8));
  CHECK(fsbo::student_quantile(0.975, 29) == Approx(2.045229642).epsilon(1e-8));
  CHECK(fsbo::student_quantile(0.975, 1000) == Approx(1.962339).epsilon(1e-6));
  CHECK(std::fabs(fsbo::student_quantile(0.5, 7)) < 1e-6);
  CHECK(fsbo::student_quantile(0.025, 9) == Approx(-2.262157163).epsilon(1e-8));
}

TEST_CASE("statistics::normal_quantile") {
  CHECK(fsbo::normal_quantile(0.975) == Approx(1.959963985).epsilon(1e-9));
  CHECK(fsbo::normal_quantile(0.5) == Approx(0.0).epsilon(1e-12));
}

TEST_CASE("statistics::wilson_interval") {
  SUBCASE("8 of 10") {
    const fsbo::Bounds b = fsbo::wilson_interval(0.8, 10);
    CHECK(b.low == Approx(0.4901624715).epsilon(1e-9));
    CHECK(b.high == Approx(0.9433178485).epsilon(1e-9));
  }
  SUBCASE("none of 10: the interval starts at 0 and is not empty") {
    const fsbo::Bounds b = fsbo::wilson_interval(0.0, 10);
    CHECK(b.low == 0.0);
    CHECK(b.high == Approx(0.2775327999).epsilon(1e-9));
  }
  SUBCASE("all of 35: capped at 1") {
    const fsbo::Bounds b = fsbo::wilson_interval(1.0, 35);
    CHECK(b.low == Approx(0.9010990077).epsilon(1e-9));
    CHECK(b.high <= 1.0);
    CHECK(b.high == Approx(1.0));
  }
}

TEST_CASE("statistics::student_interval") {
  SUBCASE("ten scores") {
    // Scores 1,2,3,4,5,5,4,4,3,2: mean 3.3, sd 1.3374935.
    const auto b = fsbo::student_interval(3.3, 1.3374935098492586, 10);
    REQUIRE(b);
    CHECK(b->low == Approx(2.3432147811).epsilon(1e-9));
    CHECK(b->high == Approx(4.2567852189).epsilon(1e-9));
  }
  SUBCASE("one answer has no interval") {
    CHECK_FALSE(fsbo::student_interval(3.0, 0.0, 1));
  }
}
