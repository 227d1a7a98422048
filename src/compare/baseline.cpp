#include "fsbo/baseline.hpp"

#include <fmt/format.h>

#include "builtin_data.hpp"
#include "fsbo/columns.hpp"
#include "fsbo/indicators.hpp"
#include "fsbo/text.hpp"

namespace fsbo {

namespace {

enum Column : std::size_t { annee, indicateur, operateur, valeur };

const std::vector<ColumnSpec> k_columns = {{{"annee", "year"}, false},
                                           {{"indicateur", "indicator"}, true},
                                           {{"operateur", "operator"}, true},
                                           {{"valeur", "value"}, true}};

bool in_range(Measure measure, double value) {
  switch (measure) {
    case Measure::share: return value >= 0 && value <= 1;
    case Measure::score: return value >= 1 && value <= 5;
    case Measure::days:
    case Measure::count: return value >= 0;
  }
  return false;
}

const char* range_text(Measure measure) {
  switch (measure) {
    case Measure::share: return "a rate from 0 to 1";
    case Measure::score: return "a score from 1 to 5";
    case Measure::days: return "a number of days of 0 or more";
    case Measure::count: return "a count of 0 or more";
  }
  return "";
}

struct Reference {
  int year = 0;  // 0: every year
  const IndicatorDef* def = nullptr;
  std::string op_code;  // empty for participation
  double value = 0;
};

// The line being read, to report about its cells.
struct Line {
  const CsvReader& reader;
  const Columns& columns;
  const Record& record;
  Diagnostics& diagnostics;

  std::string_view cell(Column column) const { return trim(columns.cell(record, column)); }
  bool report(const char* kind, Column column, std::string message, std::string hint = {}) const {
    return columns.report(diagnostics, reader, record, column, kind, std::move(message),
                          std::move(hint));
  }
};

// What the reference is about: its indicator, operator and year.
bool read_key(const Line& line, const OperatorRegistry& operators, Reference& reference) {
  const std::string_view name = line.cell(indicateur);
  reference.def = find_indicator(name);
  if (reference.def == nullptr) {
    return line.report("unknown-indicator", indicateur,
                       fmt::format("unknown indicator '{}'", quote(name)),
                       "see the README for the indicator names");
  }
  if (!reference.def->comparable) {
    return line.report(
        "unknown-indicator", indicateur,
        fmt::format("'{}' is a total, which a national reference cannot be compared with", name));
  }
  if (reference.def != &participation_def()) {
    const std::string_view spelling = line.cell(operateur);
    const std::optional<std::size_t> op = operators.resolve(spelling);
    if (!op) {
      return line.report("unknown-operator", operateur,
                         fmt::format("unknown operator '{}'", quote(spelling)),
                         operators.hint(spelling));
    }
    reference.op_code = operators.all()[*op].code;
  }
  if (const std::string_view year = line.cell(annee); !year.empty()) {
    const std::optional<int> parsed = parse_year(year);
    if (!parsed) {
      return line.report("invalid-number", annee,
                         fmt::format("'{}' is not a survey year", quote(year)));
    }
    reference.year = *parsed;
  }
  return true;
}

bool read_value(const Line& line, Reference& reference) {
  const std::string_view text = line.cell(valeur);
  const std::optional<double> value = parse_decimal(text);
  if (!value)
    return line.report("invalid-number", valeur, fmt::format("'{}' is not a number", quote(text)));
  const Measure measure = reference.def->measure;
  if (!in_range(measure, *value)) {
    return line.report(
        "out-of-range", valeur,
        fmt::format("{} is not {} for {}", quote(text), range_text(measure), reference.def->id));
  }
  reference.value = *value;
  return true;
}

}  // namespace

bool Baseline::set(int year, std::string indicator, std::string op_code, double value) {
  return m_values.try_emplace({year, std::move(indicator), std::move(op_code)}, value).second;
}

std::optional<double> Baseline::get(int year, std::string_view indicator,
                                    std::string_view op_code) const {
  for (const int y : {year, 0}) {
    // std::less<> compares the stored strings with these views: no copy.
    const auto it = m_values.find(std::make_tuple(y, indicator, op_code));
    if (it != m_values.end()) return it->second;
  }
  return std::nullopt;
}

Baseline load_baseline(CsvReader& reader, const OperatorRegistry& operators,
                       Diagnostics& diagnostics) {
  Baseline baseline;
  Record record;
  if (!reader.next(record)) return baseline;
  const Columns columns(reader, record, k_columns, true, diagnostics);
  if (!columns.complete()) return baseline;
  const std::size_t header_line = record.line;
  const Line line{reader, columns, record, diagnostics};
  bool any_row = false;
  while (reader.next(record)) {
    any_row = true;
    if (!columns.check_width(reader, record, diagnostics)) continue;
    Reference reference;
    if (!read_key(line, operators, reference) || !read_value(line, reference)) continue;
    if (!baseline.set(reference.year, std::string(reference.def->id), reference.op_code,
                      reference.value)) {
      line.report("duplicate-reference", indicateur,
                  fmt::format("a reference for {}{} is already given: this line is ignored",
                              reference.def->id,
                              reference.op_code.empty() ? "" : " / " + reference.op_code));
    }
  }
  if (!any_row && reader.read_to_end()) {
    diagnostics.add({Severity::warning, "no-rows", reader.name(), header_line, "", "",
                     "the baseline has its header and no row: nothing is compared", ""});
  }
  return baseline;
}

Baseline builtin_baseline(const OperatorRegistry& operators) {
  // With a replaced operator registry, lines about operators it lacks simply do not apply.
  Diagnostics ignored;
  const auto reader = CsvReader::from_bytes("reference-nationale.csv",
                                            std::string(builtin_baseline_csv()), {}, ignored);
  return load_baseline(*reader, operators, ignored);
}

Baseline computed_baseline(const Aggregate& aggregate, const OperatorRegistry& operators) {
  Baseline baseline;
  for (const int year : aggregate.years()) {
    const Area france = aggregate.area(year, Level::national, "FR");
    if (const auto rate = participation(france).value) {
      baseline.set(year, std::string(participation_def().id), "", *rate);
    }
    for (std::size_t op = 0; op < operators.size(); ++op) {
      for (const IndicatorDef& def : indicator_defs()) {
        if (!def.comparable) continue;
        if (const auto value = def.estimate(france.operators[op]).value) {
          baseline.set(year, std::string(def.id), operators.all()[op].code, *value);
        }
      }
    }
  }
  return baseline;
}

}  // namespace fsbo
