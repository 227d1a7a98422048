#include "fsbo/indicators.hpp"

#include <cmath>

namespace fsbo {

namespace {

Estimate share(std::size_t yes, std::size_t n) {
  Estimate e;
  e.n = n;
  if (n > 0) e.value = static_cast<double>(yes) / static_cast<double>(n);
  return e;
}

// Mean and sample standard deviation of values given as (value, count) pairs.
template <typename Pairs>
Estimate mean_of(const Pairs& pairs) {
  Estimate e;
  double sum = 0;
  for (const auto& [value, count] : pairs) {
    e.n += count;
    sum += value * static_cast<double>(count);
  }
  if (e.n == 0) return e;
  const double mean = sum / static_cast<double>(e.n);
  double squares = 0;
  for (const auto& [value, count] : pairs) {
    squares += (value - mean) * (value - mean) * static_cast<double>(count);
  }
  e.value = mean;
  e.spread = e.n > 1 ? std::sqrt(squares / static_cast<double>(e.n - 1)) : 0;
  return e;
}

std::vector<std::pair<double, std::size_t>> scores(const Tally& t) {
  std::vector<std::pair<double, std::size_t>> pairs;
  for (std::size_t s = 0; s < t.satisfaction.size(); ++s) {
    pairs.emplace_back(static_cast<double>(s + 1), t.satisfaction[s]);
  }
  return pairs;
}

Estimate referent(const Tally& t) {
  return share(t.referent_yes, t.referent_n);
}
Estimate channel(const Tally& t) {
  return share(t.channel_yes, t.channel_n);
}

Estimate delay_median(const Tally& t) {
  Estimate e;
  for (const auto& entry : t.delays) e.n += entry.second;
  if (e.n == 0) return e;
  // The values of ranks n/2 and n/2 + 1 (1-based) for even n; rank (n+1)/2 for odd n.
  const std::size_t low_rank = (e.n + 1) / 2;
  const std::size_t high_rank = e.n / 2 + 1;
  std::optional<double> low;
  std::size_t seen = 0;
  for (const auto& [delay, count] : t.delays) {
    seen += count;
    if (!low && seen >= low_rank) low = delay;
    if (seen >= high_rank) {
      e.value = (*low + delay) / 2;
      break;
    }
  }
  return e;
}

Estimate delay_mean(const Tally& t) {
  return mean_of(t.delays);
}
Estimate satisfaction_mean(const Tally& t) {
  return mean_of(scores(t));
}

Estimate satisfied(const Tally& t) {
  std::size_t n = 0;
  for (const std::size_t count : t.satisfaction) n += count;
  return share(t.satisfaction[3] + t.satisfaction[4], n);
}

Estimate requests(const Tally& t) {
  Estimate e;
  e.n = t.requests_n;
  if (e.n > 0) e.value = static_cast<double>(t.requests_sum);
  return e;
}

const std::vector<IndicatorDef> k_indicators = {
    {"referent", "Référent identifié", Measure::share, Interval::wilson, true, true, referent},
    {"canal_dedie", "Canal dédié", Measure::share, Interval::wilson, true, true, channel},
    {"delai_median", "Délai médian", Measure::days, Interval::none, true, true, delay_median},
    {"delai_moyen", "Délai moyen", Measure::days, Interval::student, true, true, delay_mean},
    {"satisfaction_moyenne", "Satisfaction moyenne", Measure::score, Interval::student, true, true,
     satisfaction_mean},
    {"taux_satisfaits", "Satisfaits (4-5)", Measure::share, Interval::wilson, true, true,
     satisfied},
    {"sollicitations", "Sollicitations", Measure::count, Interval::none, false, true, requests},
};

// Participation is a census of the registry, not a sample: no interval.
const IndicatorDef k_participation = {
    "participation", "Participation", Measure::share, Interval::none, true, false, nullptr};

}  // namespace

const std::vector<IndicatorDef>& indicator_defs() {
  return k_indicators;
}
const IndicatorDef& participation_def() {
  return k_participation;
}

const IndicatorDef* find_indicator(std::string_view id) {
  if (id == k_participation.id) return &k_participation;
  for (const IndicatorDef& def : k_indicators) {
    if (def.id == id) return &def;
  }
  return nullptr;
}

Estimate participation(const Area& area) {
  return share(area.responded, area.registered);
}

}  // namespace fsbo
