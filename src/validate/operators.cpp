#include "fsbo/operators.hpp"

#include <fmt/format.h>

#include "builtin_data.hpp"
#include "fsbo/columns.hpp"
#include "fsbo/text.hpp"

namespace fsbo {

namespace {

enum Column : std::size_t { code, libelle, alias };

const std::vector<ColumnSpec> k_columns = {
    {{"code"}, true}, {{"libelle", "label"}, true}, {{"alias", "aliases"}, false}};

std::vector<std::string> split_aliases(std::string_view cell) {
  std::vector<std::string> aliases;
  while (!cell.empty()) {
    const std::size_t bar = cell.find('|');
    const std::string_view alias = trim(cell.substr(0, bar));
    if (!alias.empty()) aliases.emplace_back(alias);
    cell = bar == std::string_view::npos ? std::string_view() : cell.substr(bar + 1);
  }
  return aliases;
}

}  // namespace

std::string OperatorRegistry::add(Operator op) {
  std::vector<std::string> spellings = {op.code, op.label};
  spellings.insert(spellings.end(), op.aliases.begin(), op.aliases.end());
  std::vector<std::string> keys;
  for (const std::string& spelling : spellings) {
    const std::string key = normalize_name(spelling);
    // A spelling of punctuation only would match any punctuation-only cell.
    if (key.empty()) continue;
    if (m_by_key.count(key) != 0) return spelling;
    keys.push_back(key);
  }
  for (const std::string& key : keys) m_by_key.emplace(key, m_operators.size());
  m_operators.push_back(std::move(op));
  return {};
}

std::optional<std::size_t> OperatorRegistry::resolve(std::string_view name) const {
  const std::string key = normalize_name(name);
  if (key.empty()) return std::nullopt;
  const auto it = m_by_key.find(key);
  if (it == m_by_key.end()) return std::nullopt;
  return it->second;
}

std::string OperatorRegistry::suggest(std::string_view name) const {
  // No operator name is this long: a huge cell gets no costly guess.
  if (name.size() > 200) return {};
  const std::string key = normalize_name(name);
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const Operator& op : m_operators) {
    std::vector<const std::string*> spellings = {&op.label};
    for (const std::string& alias : op.aliases) spellings.push_back(&alias);
    for (const std::string* spelling : spellings) {
      const std::size_t distance = edit_distance(key, normalize_name(*spelling));
      if (distance < best_distance) {
        best_distance = distance;
        best = *spelling;
      }
    }
  }
  return best;
}

std::string OperatorRegistry::hint(std::string_view name) const {
  const std::string guess = suggest(name);
  return guess.empty() ? "see `fsbo operators`" : fmt::format("did you mean '{}'?", guess);
}

OperatorRegistry load_operators(CsvReader& reader, Diagnostics& diagnostics) {
  OperatorRegistry registry;
  Record record;
  if (!reader.next(record)) return registry;
  const Columns columns(reader, record, k_columns, true, diagnostics);
  if (!columns.complete()) return registry;
  while (reader.next(record)) {
    if (!columns.check_width(reader, record, diagnostics)) continue;
    Operator op{std::string(trim(columns.cell(record, code))),
                std::string(trim(columns.cell(record, libelle))),
                split_aliases(columns.cell(record, alias))};
    if (op.code.empty() || op.label.empty()) {
      diagnostics.add({Severity::error, "missing-id", reader.name(), record.line,
                       columns.name(op.code.empty() ? code : libelle), "",
                       "an operator needs a code and a label: the row is left out", ""});
      continue;
    }
    // Codes and labels are written to CSV output as they are, to be read back.
    const std::string* formula = is_formula_start(op.code)    ? &op.code
                                 : is_formula_start(op.label) ? &op.label
                                                              : nullptr;
    if (formula != nullptr) {
      diagnostics.add({Severity::error, "invalid-name", reader.name(), record.line,
                       columns.name(formula == &op.code ? code : libelle), quote(*formula),
                       "a spreadsheet would take this name for a formula: the operator is left out",
                       ""});
      continue;
    }
    const std::string clash = registry.add(op);
    if (!clash.empty()) {
      const Column where = clash == op.code ? code : clash == op.label ? libelle : alias;
      diagnostics.add({Severity::error, "duplicate-alias", reader.name(), record.line,
                       columns.name(where), clash,
                       fmt::format("'{}' already names operator {}: operator {} is left out", clash,
                                   registry.all()[*registry.resolve(clash)].code, op.code),
                       ""});
    }
  }
  if (registry.size() == 0) {
    diagnostics.add({Severity::error, "empty-registry", reader.name(), record.line, "", "",
                     "the operator registry lists no operator", ""});
  }
  return registry;
}

const OperatorRegistry& builtin_operators() {
  static const OperatorRegistry registry = [] {
    Diagnostics ignored;
    const auto reader =
        CsvReader::from_bytes("operateurs.csv", std::string(builtin_operators_csv()), {}, ignored);
    return load_operators(*reader, ignored);
  }();
  return registry;
}

}  // namespace fsbo
