// French departments and regions from the official geographic code (COG),
// so that every structure's department rolls up to its region.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fsbo {

struct Department {
  std::string_view code;  // `01`…`95`, `2A`, `2B`, `971`…`978`
  std::string_view name;
  std::string_view region;  // code of its region
};

struct Region {
  std::string_view code;  // official region code, `11` Île-de-France…
  std::string_view name;
};

/// Every department, in code order.
const std::vector<Department>& departments();
/// Every region, in code order.
const std::vector<Region>& regions();
const Department* find_department(std::string_view code);
const Region* find_region(std::string_view code);
/// Whether `department` is one of `scope`; an empty scope holds them all.
bool in_scope(const std::vector<std::string>& scope, std::string_view department);
/// A department code as the registry writes it: `1` → `01`, `2a` → `2A`;
/// nullopt when it names no department.
std::optional<std::string> canonical_department(std::string_view text);

}  // namespace fsbo
