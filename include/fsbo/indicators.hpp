// The per-operator indicators, defined in one table: each has an id, a
// French label, a unit, the interval that fits it and how to compute it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "fsbo/aggregate.hpp"

namespace fsbo {

enum class Measure { share, days, score, count };
enum class Interval { wilson, student, none };

/// An indicator's value with what its interval needs.
struct Estimate {
  std::optional<double> value;  // empty when no valid answer
  std::size_t n = 0;            // valid answers it rests on
  double spread = 0;            // sample standard deviation, for means
};

struct IndicatorDef {
  std::string_view id;     // `referent`, `delai_median`…
  std::string_view label;  // French label for tables
  Measure measure;
  Interval interval;
  // Whether a national reference means something for any area: not for a
  // total, which grows with the size of the area.
  bool comparable;
  // Whether the figure rests on answers (a sample) rather than on the whole
  // registry (participation, a census).
  bool sampled;
  Estimate (*estimate)(const Tally& tally);  // nullptr for participation, see below
};

/// The per-operator indicators, in report order.
const std::vector<IndicatorDef>& indicator_defs();
/// Participation: the share of registered structures that responded.
const IndicatorDef& participation_def();
/// The indicator `id` (participation included), or nullptr.
const IndicatorDef* find_indicator(std::string_view id);

/// The participation estimate of an area (n = registered structures).
Estimate participation(const Area& area);

}  // namespace fsbo
