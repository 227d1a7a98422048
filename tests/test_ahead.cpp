// Reading ahead: batches come in order, with their diagnostics, from a thread
// that stops when asked and hands over what stopped it.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "read/ahead.hpp"

namespace fsbo {

namespace {

// A fill that writes batches numbered 0, 1, 2…: `count` records each, `batches` in all.
struct Numbered {
  std::size_t batches;
  std::size_t count;
  std::atomic<std::size_t> filled{0};

  void operator()(Batch& batch) {
    const std::size_t n = filled++;
    Record record;
    for (std::size_t k = 0; k < count; ++k) {
      const std::string text = std::to_string(n) + "." + std::to_string(k);
      record.fields = {text, "x"};
      record.line = n * count + k + 1;
      record.last_line = record.line;
      batch.diagnostics.emplace_back(
          batch.records.size(),
          Diagnostic{Severity::warning, "w", "f", record.line, "", "", text, ""});
      batch.add(record, {});
    }
    batch.last = n + 1 == batches;
  }
};

std::vector<std::string> texts(const Batch& batch) {
  std::vector<std::string> texts;
  Record record;
  for (std::size_t k = 0; k < batch.records.size(); ++k) {
    batch.view(k, record);
    texts.emplace_back(record.fields[0]);
  }
  return texts;
}

}  // namespace

TEST_CASE("ahead::ReadAhead hands batches over in order, threaded or not") {
  for (const bool threaded : {true, false}) {
    CAPTURE(threaded);
    Numbered fill{50, 3};
    ReadAhead ahead([&](Batch& batch) { fill(batch); }, threaded);
    for (std::size_t n = 0; n < 50; ++n) {
      const Batch& batch = ahead.next();
      CHECK(texts(batch) == std::vector<std::string>{std::to_string(n) + ".0",
                                                     std::to_string(n) + ".1",
                                                     std::to_string(n) + ".2"});
      REQUIRE(batch.diagnostics.size() == 3);
      CHECK(batch.diagnostics[2].first == 2);
      CHECK(batch.diagnostics[2].second.message == std::to_string(n) + ".2");
      CHECK(batch.last == (n == 49));
    }
    // Past the last batch, the last batch again, and nothing more is filled.
    CHECK(ahead.next().last);
    CHECK(texts(ahead.next()).front() == "49.0");
    CHECK(fill.filled == 50);
  }
}

TEST_CASE("ahead::ReadAhead fills one batch before the first is asked for, then reads ahead") {
  Numbered fill{100, 2};
  ReadAhead ahead([&](Batch& batch) { fill(batch); }, true);
  // Time for the thread to fill all it may: one batch, until one is asked for.
  for (int wait = 0; wait < 50 && fill.filled < 1; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(fill.filled == 1);
  CHECK(texts(ahead.next()).front() == "0.0");
  for (int wait = 0; wait < 200 && fill.filled < 3; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  CHECK(fill.filled >= 3);  // reading ahead once asked
  for (std::size_t n = 1; n < 100; ++n)
    CHECK(texts(ahead.next()).front() == std::to_string(n) + ".0");
  CHECK(ahead.next().last);
}

TEST_CASE("ahead::ReadAhead stops a thread that is ahead of its reader") {
  Numbered fill{1'000'000, 2};
  {
    ReadAhead ahead([&](Batch& batch) { fill(batch); }, true);
    CHECK(texts(ahead.next()).front() == "0.0");
  }  // destroyed with batches waiting: the thread stops instead of filling a million
  CHECK(fill.filled < 10);
}

TEST_CASE("ahead::ReadAhead hands over what stopped the reading thread") {
  std::size_t calls = 0;
  ReadAhead ahead(
      [&](Batch& batch) {
        if (++calls == 2) throw std::runtime_error("no memory left");
        Record record;
        record.fields = {"a"};
        batch.add(record, {});
      },
      true);
  CHECK(ahead.next().error == nullptr);
  const Batch& failed = ahead.next();
  CHECK(failed.last);
  REQUIRE(failed.error != nullptr);
  CHECK_THROWS_WITH_AS(std::rethrow_exception(failed.error), "no memory left", std::runtime_error);
}

TEST_CASE("ahead::Batch copies a record's bytes once, and decoded cells after them") {
  const std::string raw = "ab,\"c\"\"d\",e";
  Record record;
  record.fields = {std::string_view(raw).substr(0, 2),
                   std::string_view(raw).substr(4, 4),
                   {},
                   std::string_view(raw).substr(10, 1)};
  Batch batch;
  batch.add(record, raw);
  const std::string decoded = "é";
  record.fields = {decoded, std::string_view(raw).substr(0, 2)};
  batch.add(record, raw);  // a decoded cell lies elsewhere: it follows the record's bytes
  CHECK(batch.text == raw + raw + "é");
  Record out;
  batch.view(0, out);
  CHECK(out.fields == std::vector<std::string_view>{"ab", "c\"\"d", "", "e"});
  batch.view(1, out);
  CHECK(out.fields == std::vector<std::string_view>{"é", "ab"});
}

}  // namespace fsbo
