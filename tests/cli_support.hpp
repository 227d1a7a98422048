// Helpers shared by the end-to-end tests of the binary (test_cli*.cpp): run
// fsbo from tests/fixtures, and pick lines, rows and cells out of its output.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "run.hpp"

namespace fsbo::test::cli {

/// Runs fsbo from tests/fixtures, so that file names in messages are short.
inline Run in_fixtures(const std::vector<std::string>& args, const std::string& input = "") {
  return fsbo::test::fsbo(args, input, FSBO_FIXTURES);
}

/// Runs fsbo from the project root (data/ files), or from `dir`.
inline Run in_project(const std::vector<std::string>& args) {
  return fsbo::test::fsbo(args, "", FSBO_SOURCE_DIR);
}
inline Run in_dir(const std::string& dir, const std::vector<std::string>& args) {
  return fsbo::test::fsbo(args, "", dir);
}
/// Runs fsbo from `dir` with `args` as given, and again with `--encoding
/// cp1252`: a file judged Windows-1252 must read as one said to be.
inline std::pair<Run, Run> judged_and_given(const std::string& dir,
                                            const std::vector<std::string>& args) {
  std::vector<std::string> given = args;
  given.insert(given.end(), {"--encoding", "cp1252"});
  return {in_dir(dir, args), in_dir(dir, given)};
}

inline std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  for (;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

/// The lines of `text`, without the empty piece after a final line break.
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result = split(text, '\n');
  if (!result.empty() && result.back().empty()) result.pop_back();
  return result;
}

/// The lines of `text` that start with `prefix`.
inline std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> found;
  for (const std::string& line : lines(text)) {
    if (line.compare(0, prefix.size(), prefix) == 0) found.push_back(line);
  }
  return found;
}

/// The cells of a line of the aligned table: runs of two or more spaces separate them.
inline std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string::size_type at = 0;
  while (at < line.size()) {
    auto end = line.find("  ", at);
    if (end == std::string::npos) end = line.size();
    cells.push_back(line.substr(at, end - at));
    at = line.find_first_not_of(' ', end);
  }
  return cells;
}

/// The table line whose first cells are `first`, as cells; empty when absent.
inline std::vector<std::string> table_row(const std::string& table,
                                          const std::vector<std::string>& first) {
  for (const std::string& line : lines(table)) {
    const std::vector<std::string> cells = table_cells(line);
    if (cells.size() >= first.size() && std::equal(first.begin(), first.end(), cells.begin())) {
      return cells;
    }
  }
  return {};
}

/// Checks the one tidy-CSV row whose first six cells are `key`
/// (annee,niveau,code,libelle,operateur,indicateur) against `expected`, the
/// seven others (valeur,n,reference,ecart,ic_bas,ic_haut,significatif).
/// Interval bounds rest on a quantile found by bisection: they are compared
/// to nine significant digits; every other cell must be exactly as written.
inline void check_row(const std::string& csv, const std::string& key, const std::string& expected) {
  const std::vector<std::string> found = lines_starting(csv, key + ",");
  INFO("row " << key);
  REQUIRE(found.size() == 1);
  const std::vector<std::string> got = split(found[0].substr(key.size() + 1), ',');
  const std::vector<std::string> want = split(expected, ',');
  INFO("got " << found[0]);
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    const bool bound = k == 4 || k == 5;
    if (bound && !want[k].empty() && !got[k].empty()) {
      CHECK(std::strtod(got[k].c_str(), nullptr) ==
            doctest::Approx(std::strtod(want[k].c_str(), nullptr)).epsilon(1e-9));
    } else {
      CHECK(got[k] == want[k]);
    }
  }
}

/// The tidy CSV header, exactly as the issue fixes it.
inline const std::string k_tidy_header =
    "annee,niveau,code,libelle,operateur,indicateur,valeur,n,reference,ecart,ic_bas,ic_haut,"
    "significatif";

}  // namespace fsbo::test::cli
