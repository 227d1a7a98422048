#include "fsbo/report.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include "fsbo/geography.hpp"
#include "fsbo/halves.hpp"
#include "fsbo/statistics.hpp"

namespace fsbo {

namespace {

struct Place {
  Level level;
  std::string code;
  std::size_t departments = 1;  // merged into its figures
};

// Sorts `codes` in the geographic table's order and drops repeats and codes
// the table does not know.
template <typename Find>
void sort_unique(std::vector<std::string>& codes, Find find) {
  codes.erase(std::remove_if(codes.begin(), codes.end(),
                             [&](const std::string& c) { return find(c) == nullptr; }),
              codes.end());
  std::sort(codes.begin(), codes.end(),
            [&](const std::string& a, const std::string& b) { return find(a) < find(b); });
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
}

// France, then the regions, then the departments `deps`.
std::vector<Place> places(const std::vector<std::string>& deps) {
  std::vector<std::string> regs;
  regs.reserve(deps.size());
  for (const std::string& dep : deps) regs.emplace_back(find_department(dep)->region);
  sort_unique(regs, find_region);
  std::vector<Place> result = {{Level::national, "FR", deps.size()}};
  for (const std::string& reg : regs) {
    const auto in_region = [&](const std::string& dep) {
      return find_department(dep)->region == reg;
    };
    result.push_back(
        {Level::region, reg,
         static_cast<std::size_t>(std::count_if(deps.begin(), deps.end(), in_region))});
  }
  for (const std::string& dep : deps) result.push_back({Level::department, dep});
  return result;
}

// The baseline's reference for each row of an area in one year: looked up
// once per year, not once per area (searching the baseline for each of the
// thousands of rows was a sixteenth of the national report's work).
struct References {
  std::optional<double> participation;
  std::vector<std::optional<double>> indicators;  // by operator, then indicator
};

References references(const Baseline& baseline, const OperatorRegistry& operators, int year) {
  const auto reference = [&](const IndicatorDef& def, std::string_view op_code) {
    return def.comparable ? baseline.get(year, def.id, op_code) : std::nullopt;
  };
  References result;
  result.participation = reference(participation_def(), "");
  for (const Operator& op : operators.all()) {
    for (const IndicatorDef& def : indicator_defs())
      result.indicators.push_back(reference(def, op.code));
  }
  return result;
}

// One area in one year: a report's rows come by area, year after year.
struct Item {
  int year;
  const Place* place;
  const References* references;
};

// Where to split `items` between the two cores so that each gets about half
// the work: an area costs its rows, `row_cost` times the merging of one
// department, and the merging of its departments, so that France and the
// regions, at the head of each year's areas, weigh as much as many departments.
std::size_t balanced_split(const std::vector<Item>& items, std::size_t row_cost) {
  const auto weight = [&](const Item& item) { return row_cost + item.place->departments; };
  std::size_t total = 0;
  for (const Item& item : items) total += weight(item);
  std::size_t split = 0;
  for (std::size_t first = 0; split < items.size() && 2 * (first + weight(items[split])) <= total;
       ++split) {
    first += weight(items[split]);
  }
  return std::max<std::size_t>(split, 1);
}

// A mean's interval cannot leave the values' own range (delays ≥ 0, scores 1–5).
Bounds within_range(Bounds bounds, Measure measure) {
  const double low = measure == Measure::score ? 1.0 : 0.0;
  const double high = measure == Measure::score ? 5.0 : measure == Measure::share ? 1.0 : HUGE_VAL;
  return {std::max(bounds.low, low), std::min(bounds.high, high)};
}

}  // namespace

void compare(const Estimate& estimate, const IndicatorDef& def, Row& row) {
  row.value = estimate.value;
  row.n = estimate.n;
  if (!row.value) return;
  if (row.reference) row.difference = *row.value - *row.reference;
  std::optional<Bounds> bounds;
  if (def.interval == Interval::wilson) bounds = wilson_interval(*row.value, estimate.n);
  // Answers all alike give a zero-width interval that would call any
  // difference significant: no interval then.
  if (def.interval == Interval::student && estimate.spread > 0) {
    bounds = student_interval(*row.value, estimate.spread, estimate.n);
  }
  if (bounds) *bounds = within_range(*bounds, def.measure);
  if (bounds) {
    row.low = bounds->low;
    row.high = bounds->high;
  }
  if (!row.reference || !def.sampled) return;
  if (estimate.n < k_small_sample) {
    row.significance = Significance::small_sample;
  } else if (bounds) {
    const bool outside = *row.reference < bounds->low || *row.reference > bounds->high;
    row.significance = outside ? Significance::yes : Significance::no;
  }
}

namespace {

// The rows of one area in one year, written from `out` on.
void area_rows(const Aggregate& aggregate, const OperatorRegistry& operators,
               const ReportOptions& options, const Item& item, Row* out) {
  const int year = item.year;
  const Area area = aggregate.area(year, item.place->level, item.place->code);
  const auto row_for = [&](const IndicatorDef& def, const Operator* op,
                           const std::optional<double>& reference) {
    Row row;
    row.year = year;
    row.level = area.level;
    row.code = area.code;
    row.label = area.label;
    if (op != nullptr) {
      row.op_code = op->code;
      row.op_label = op->label;
    }
    row.indicator = &def;
    row.reference = reference;
    return row;
  };
  if (options.participation) {
    Row row = row_for(participation_def(), nullptr, item.references->participation);
    compare(participation(area), participation_def(), row);
    row.responded = area.responded;
    *out++ = row;
  }
  if (!options.indicators) return;
  const std::optional<double>* reference = item.references->indicators.data();
  for (std::size_t op = 0; op < operators.size(); ++op) {
    for (const IndicatorDef& def : indicator_defs()) {
      Row row = row_for(def, &operators.all()[op], *reference++);
      compare(def.estimate(area.operators[op]), def, row);
      *out++ = row;
    }
  }
}

// What a report is built from, and the order of its areas.
class Builder {
public:
  Builder(const Aggregate& aggregate, const OperatorRegistry& operators, const Baseline& baseline,
          const ReportOptions& options)
      : m_aggregate(aggregate), m_operators(operators), m_options(options) {
    m_years = aggregate.years();
    if (m_years.empty()) m_years.push_back(options.year.value_or(0));
    for (const int year : m_years) m_references.push_back(references(baseline, operators, year));
    // Without a scope, every department holding registered structures.
    std::vector<std::string> deps = options.scope.empty() ? aggregate.departments() : options.scope;
    sort_unique(deps, find_department);
    if (!options.scope.empty()) m_scope = deps;
    m_where = places(deps);
    for (std::size_t y = 0; y < m_years.size(); ++y) {
      for (const Place& place : m_where) m_items.push_back({m_years[y], &place, &m_references[y]});
    }
    m_per_item = (options.participation ? 1 : 0) +
                 (options.indicators ? operators.size() * indicator_defs().size() : 0);
  }

  // Items point into the areas: a copy's would point into this one's.
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  Builder(Builder&&) = delete;
  Builder& operator=(Builder&&) = delete;

  const std::vector<int>& years() const { return m_years; }
  // The departments asked for, in order; empty without a scope.
  const std::vector<std::string>& scope() const { return m_scope; }
  std::size_t items() const { return m_items.size(); }
  std::size_t rows(std::size_t items) const { return items * m_per_item; }

  // An area's rows depend on that area alone: the areas are shared between
  // the two cores, `work(part, begin, end)` given items [begin, end);
  // `row_cost` as balanced_split's.
  template <typename Work>
  void in_parts(std::size_t row_cost, Work work) const {
    if (m_where.size() < 16) {
      work(0, 0, m_items.size());
    } else {
      in_two(balanced_split(m_items, row_cost), m_items.size(), work);
    }
  }

  // The rows of items [begin, end), written from `out` on.
  void build(std::size_t begin, std::size_t end, Row* out) const {
    for (std::size_t k = begin; k < end; ++k, out += m_per_item) {
      area_rows(m_aggregate, m_operators, m_options, m_items[k], out);
    }
  }

private:
  const Aggregate& m_aggregate;
  const OperatorRegistry& m_operators;
  const ReportOptions& m_options;
  std::vector<int> m_years;
  std::vector<References> m_references;  // by year, as m_years
  std::vector<std::string> m_scope;
  std::vector<Place> m_where;
  std::vector<Item> m_items;
  std::size_t m_per_item = 0;
};

}  // namespace

Report build_report(const Aggregate& aggregate, const OperatorRegistry& operators,
                    const Baseline& baseline, const ReportOptions& options) {
  const Builder builder(aggregate, operators, baseline, options);
  Report report;
  report.years = builder.years();
  report.scope = builder.scope();
  report.rows.resize(builder.rows(builder.items()));
  // Building an area's rows costs about two mergings of a department.
  builder.in_parts(2, [&](std::size_t, std::size_t begin, std::size_t end) {
    builder.build(begin, end, &report.rows[builder.rows(begin)]);
  });
  return report;
}

void report_rows(const Aggregate& aggregate, const OperatorRegistry& operators,
                 const Baseline& baseline, const ReportOptions& options, const RowSink& sink) {
  const Builder builder(aggregate, operators, baseline, options);
  // Building and writing out an area's rows costs about seven mergings of a
  // department (measured on the national case: 18 µs to build a department's
  // rows, 28 µs to write them, 6 µs per department merged).
  builder.in_parts(7, [&](std::size_t part, std::size_t begin, std::size_t end) {
    // Each core makes its own rows: no table of them all made on one first.
    std::vector<Row> rows(builder.rows(end - begin));
    builder.build(begin, end, rows.data());
    sink(part, rows);
  });
}

}  // namespace fsbo
