// The compare stage: puts each figure of the areas in scope beside the
// national baseline, with its difference and 95 % interval, as report rows.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fsbo/aggregate.hpp"
#include "fsbo/baseline.hpp"
#include "fsbo/indicators.hpp"
#include "fsbo/operators.hpp"
#include "fsbo/survey.hpp"

namespace fsbo {

/// Below this many answers a figure is a small sample, never significant.
constexpr std::size_t k_small_sample = 10;

enum class Significance { none, yes, no, small_sample };

/// One line of the tidy output: an indicator of an operator (or
/// participation) in one area and year, beside its reference.
struct Row {
  int year = 0;
  Level level = Level::national;
  // Views into the geography table and the operator registry, which outlive
  // the report: ten thousand rows, no string of their own.
  std::string_view code;
  std::string_view label;
  std::string_view op_code;   // empty for participation
  std::string_view op_label;  // empty for participation
  const IndicatorDef* indicator = nullptr;
  std::optional<double> value;
  std::size_t n = 0;                     // answers, or registered structures for participation
  std::optional<std::size_t> responded;  // participation only
  std::optional<double> reference;
  std::optional<double> difference;  // value − reference
  std::optional<double> low;         // 95 % interval
  std::optional<double> high;
  Significance significance = Significance::none;
};

struct ReportOptions {
  std::vector<std::string> scope;  // department codes; empty: every level
  bool participation = true;
  bool indicators = true;
  std::optional<int> year;  // the year to show when no answer was accepted
};

/// Everything a renderer needs, and nothing it must compute.
struct Report {
  std::vector<Row> rows;
  std::vector<int> years;
  std::vector<std::string> scope;
  std::vector<InputSummary> inputs;
  std::string registry;  // file the structures came from
  std::string baseline;  // file, `built-in` or `computed`
  std::size_t errors = 0;
  std::size_t warnings = 0;
};

/// Builds the rows: national first, then regions, then departments, each
/// with participation then operators in registry order.
Report build_report(const Aggregate& aggregate, const OperatorRegistry& operators,
                    const Baseline& baseline, const ReportOptions& options);

/// Takes the rows of a report as they are built, in parts: sink(0, first
/// rows) and sink(1, the rest), which may run at once on two threads, or
/// sink(0, all) for a small report.
using RowSink = std::function<void(std::size_t part, const std::vector<Row>& rows)>;

/// The rows build_report would give, handed to `sink` instead of kept: a
/// caller that writes rows out as they come needs no table of them all.
void report_rows(const Aggregate& aggregate, const OperatorRegistry& operators,
                 const Baseline& baseline, const ReportOptions& options, const RowSink& sink);

/// Compares one figure with its reference (interval and significance).
void compare(const Estimate& estimate, const IndicatorDef& def, Row& row);

}  // namespace fsbo
