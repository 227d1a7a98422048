#include "fsbo/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace fsbo {

namespace {

// Continued fraction of the regularized incomplete beta function, evaluated
// with the modified Lentz method.
double beta_fraction(double a, double b, double x) {
  constexpr double k_tiny = 1e-300;
  constexpr double k_epsilon = 1e-15;
  double c = 1;
  double d = 1 - (a + b) * x / (a + 1);
  d = 1 / (std::fabs(d) < k_tiny ? k_tiny : d);
  double result = d;
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    for (const double numerator : {m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                                   -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))}) {
      d = 1 + numerator * d;
      d = 1 / (std::fabs(d) < k_tiny ? k_tiny : d);
      c = 1 + numerator / c;
      if (std::fabs(c) < k_tiny) c = k_tiny;
      result *= d * c;
    }
    if (std::fabs(d * c - 1) < k_epsilon) break;
  }
  return result;
}

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  // The fraction converges fast only on one side of the mean; use symmetry.
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double student_cdf(double t, double df) {
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

}  // namespace

double normal_quantile(double p) {
  // Bisection on the exact CDF: slow but only called a few times per run.
  double low = -40;
  double high = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = (low + high) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? low : high) = mid;
  }
  return (low + high) / 2;
}

double student_quantile(double p, double df) {
  double low = -1e6;
  double high = 1e6;
  for (int i = 0; i < 200; ++i) {
    const double mid = (low + high) / 2;
    (student_cdf(mid, df) < p ? low : high) = mid;
  }
  return (low + high) / 2;
}

namespace {

// Quantiles are costly (bisection) and asked again and again for the same
// few degrees of freedom: remember them.
double cached_quantile(double p, double df) {
  static std::map<std::pair<double, double>, double> cache;
  const auto [it, inserted] = cache.try_emplace({p, df}, 0.0);
  if (inserted) it->second = df <= 0 ? normal_quantile(p) : student_quantile(p, df);
  return it->second;
}

}  // namespace

Bounds wilson_interval(double p, std::size_t n, double confidence) {
  const double z = cached_quantile(1 - (1 - confidence) / 2, 0);
  const auto size = static_cast<double>(n);
  const double z2n = z * z / size;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z / (1 + z2n) * std::sqrt(p * (1 - p) / size + z2n / (4 * size));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::optional<Bounds> student_interval(double mean, double sd, std::size_t n, double confidence) {
  if (n < 2) return std::nullopt;
  const double t = cached_quantile(1 - (1 - confidence) / 2, static_cast<double>(n - 1));
  const double half = t * sd / std::sqrt(static_cast<double>(n));
  return Bounds{mean - half, mean + half};
}

}  // namespace fsbo
