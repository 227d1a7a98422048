// The operator registry: the twelve national operators and the spellings
// (codes, labels, aliases) under which survey exports name them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"

namespace fsbo {

struct Operator {
  std::string code;   // DGFIP, CAF…
  std::string label;  // DGFiP, Caf…
  std::vector<std::string> aliases;
};

class OperatorRegistry {
public:
  /// Adds an operator; returns the spelling it shares with an operator
  /// already there (and is then not added), or an empty string.
  std::string add(Operator op);
  /// Index of the operator named `name` by code, label or alias, ignoring
  /// case, accents, spaces, hyphens and apostrophes.
  std::optional<std::size_t> resolve(std::string_view name) const;
  /// The label or alias closest to `name`, for "did you mean" hints; empty
  /// when nothing is close.
  std::string suggest(std::string_view name) const;
  /// The hint for an unknown `name`: "did you mean '…'?", or where to look.
  std::string hint(std::string_view name) const;
  const std::vector<Operator>& all() const { return m_operators; }
  std::size_t size() const { return m_operators.size(); }

private:
  std::vector<Operator> m_operators;
  std::unordered_map<std::string, std::size_t> m_by_key;
};

/// The twelve operators of data/operateurs.csv, compiled in.
const OperatorRegistry& builtin_operators();

/// Reads a registry in the form `code,libelle,alias` (aliases split by `|`).
OperatorRegistry load_operators(CsvReader& reader, Diagnostics& diagnostics);

}  // namespace fsbo
