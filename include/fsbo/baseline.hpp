// The national baseline that figures are compared with: read from a CSV
// `indicateur,operateur,valeur` or computed from a national export.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "fsbo/aggregate.hpp"
#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "fsbo/operators.hpp"

namespace fsbo {

class Baseline {
public:
  /// Sets the reference of `indicator` for operator `op_code` (empty for
  /// participation) in `year`, 0 meaning every year; false, and nothing
  /// changed, when that reference is already set.
  bool set(int year, std::string indicator, std::string op_code, double value);
  /// The reference for `year`, or the every-year one, or nullopt.
  std::optional<double> get(int year, std::string_view indicator, std::string_view op_code) const;
  std::size_t size() const { return m_values.size(); }

private:
  std::map<std::tuple<int, std::string, std::string>, double, std::less<>> m_values;
};

/// Reads a baseline file. Unknown indicators or operators, values that are
/// not numbers or lie outside the indicator's range are reported and left out.
Baseline load_baseline(CsvReader& reader, const OperatorRegistry& operators,
                       Diagnostics& diagnostics);
/// The compiled-in data/reference-nationale.csv.
Baseline builtin_baseline(const OperatorRegistry& operators);
/// The national figures of `aggregate`, year by year (`--baseline computed`).
Baseline computed_baseline(const Aggregate& aggregate, const OperatorRegistry& operators);

}  // namespace fsbo
