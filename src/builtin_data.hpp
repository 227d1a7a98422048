// The data files compiled into the binary (see CMakeLists.txt), so fsbo runs
// from any folder with the built-in operator registry and baseline.
#pragma once

#include <string_view>

namespace fsbo {

std::string_view builtin_operators_csv();
std::string_view builtin_baseline_csv();

}  // namespace fsbo
