// 95 % confidence intervals for the compare stage: Wilson score intervals
// for shares and Student t intervals for means.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

namespace fsbo {

struct Bounds {
  double low = 0;
  double high = 0;
};

/// Wilson score interval for a share `p` observed on `n` answers (n > 0).
Bounds wilson_interval(double p, std::size_t n, double confidence = 0.95);
/// Student t interval for a mean with sample standard deviation `sd` on
/// `n` answers; nullopt when n < 2.
std::optional<Bounds> student_interval(double mean, double sd, std::size_t n,
                                       double confidence = 0.95);
/// Quantile `p` of Student's t distribution with `df` degrees of freedom.
double student_quantile(double p, double df);
/// Quantile `p` of the standard normal distribution.
double normal_quantile(double p);

}  // namespace fsbo
