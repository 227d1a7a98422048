// Work split between the two cores: every item done once, in its half, and
// a failure on either side reaching the caller.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif

#include "fsbo/halves.hpp"

TEST_CASE("halves::in_halves does every item once, in two halves") {
  for (const std::size_t count : {0, 1, 15, 16, 17, 1000}) {
    CAPTURE(count);
    std::vector<int> part_of(count, -1);
    std::vector<std::size_t> calls(2, 0);
    fsbo::in_halves(count, 16, [&](std::size_t part, std::size_t begin, std::size_t end) {
      ++calls[part];
      for (std::size_t k = begin; k < end; ++k) part_of[k] = static_cast<int>(part);
    });
    const bool split = count >= 16;
    CHECK(calls[0] == 1);
    CHECK(calls[1] == (split ? 1U : 0U));
    for (std::size_t k = 0; k < count; ++k) {
      CHECK(part_of[k] == (split && k >= count / 2 ? 1 : 0));
    }
  }
}

TEST_CASE("halves::in_halves throws what either half threw") {
  for (const std::size_t failing : {0, 1}) {
    CAPTURE(failing);
    const auto work = [&](std::size_t part, std::size_t, std::size_t) {
      if (part == failing) throw std::runtime_error("half " + std::to_string(part));
    };
    CHECK_THROWS_WITH_AS(fsbo::in_halves(100, 16, work),
                         ("half " + std::to_string(failing)).c_str(), std::runtime_error);
  }
}

TEST_CASE("halves::in_two splits where it is told") {
  for (const std::size_t split : {0, 1, 7, 99, 100}) {
    CAPTURE(split);
    std::vector<int> part_of(100, -1);
    fsbo::in_two(split, 100, [&](std::size_t part, std::size_t begin, std::size_t end) {
      for (std::size_t k = begin; k < end; ++k) part_of[k] = static_cast<int>(part);
    });
    for (std::size_t k = 0; k < 100; ++k) CHECK(part_of[k] == (k < split ? 0 : 1));
  }
}

#if defined(__linux__)
namespace {

cpu_set_t allowed_here() {
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  return set;
}

}  // namespace

TEST_CASE("halves::ApartThread runs its body once, then on any core its creator may use") {
  const cpu_set_t creator = allowed_here();
  int runs = 0;
  cpu_set_t inside;
  CPU_ZERO(&inside);
  {
    fsbo::ApartThread thread([&] {
      ++runs;
      inside = allowed_here();
    });
    thread.join();
    thread.join();  // a second join does nothing
  }
  CHECK(runs == 1);
  CHECK(CPU_EQUAL(&inside, &creator));
  SUBCASE("a process held to one core still gets its thread, on that core") {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
    cpu_set_t held;
    CPU_ZERO(&held);
    {
      fsbo::ApartThread thread([&] { held = allowed_here(); });
    }
    sched_setaffinity(0, sizeof creator, &creator);
    CHECK(CPU_EQUAL(&held, &one));
  }
}
#endif
