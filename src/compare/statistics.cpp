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

// log Γ(x) for x > 0. std::lgamma writes the global signgam, a data race
// when reports are built on two threads; lgamma_r (glibc, musl, the BSDs)
// keeps the sign to itself.
double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * std::log(x) +
                                b * std::log1p(-x));
  // The fraction converges fast only on one side of the mean; use symmetry.
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double student_cdf(double t, double df) {
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

double student_pdf(double t, double df) {
  const double log_norm =
      log_gamma((df + 1) / 2) - log_gamma(df / 2) - 0.5 * std::log(df * 3.14159265358979323846);
  return std::exp(log_norm - (df + 1) / 2 * std::log1p(t * t / df));
}

}  // namespace

double normal_quantile(double p) {
  if (p <= 0 || p >= 1) return p <= 0 ? -HUGE_VAL : HUGE_VAL;
  // Abramowitz and Stegun 26.2.23 (error below 4.5e-4), then Newton steps on
  // the exact CDF to full precision.
  const double q = std::min(p, 1 - p);
  const double w = std::sqrt(-2 * std::log(q));
  double x = w - (2.515517 + 0.802853 * w + 0.010328 * w * w) /
                     (1 + 1.432788 * w + 0.189269 * w * w + 0.001308 * w * w * w);
  if (p < 0.5) x = -x;
  for (int i = 0; i < 4; ++i) {
    const double error = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    x -= error / (std::exp(-x * x / 2) / std::sqrt(2 * 3.14159265358979323846));
  }
  return x;
}

double student_quantile(double p, double df) {
  // Newton's method from the normal quantile, kept inside a bracket that
  // bisection narrows whenever a step would leave it: a few CDF evaluations
  // where bisection alone needs a hundred.
  double low = -1e6;
  double high = 1e6;
  double t = normal_quantile(p);
  for (int i = 0; i < 100; ++i) {
    const double error = student_cdf(t, df) - p;
    (error < 0 ? low : high) = t;
    double next = t - error / student_pdf(t, df);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (std::fabs(next - t) <= 1e-13 * std::max(1.0, std::fabs(t))) return next;
    t = next;
  }
  return t;
}

namespace {

// Quantiles take several CDF evaluations and are asked again and again for the same
// few degrees of freedom: remember them.
double cached_quantile(double p, double df) {
  // One per thread: reports are built on two.
  thread_local std::map<std::pair<double, double>, double> cache;
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
