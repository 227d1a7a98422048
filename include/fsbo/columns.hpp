// Header matching shared by every CSV input: finds the expected columns by
// normalized name and checks each row's cell count against the header.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"

namespace fsbo {

/// Adds `missing-cell` or `extra-cell` and returns false when `record` does
/// not have `width` cells, the header's count.
bool check_width(const CsvReader& reader, const Record& record, std::size_t width,
                 Diagnostics& diagnostics);
/// Adds an error of `kind` about cell `column` of `record`, naming its file,
/// line, column and value. Returns false, for `return report_cell(…)`.
bool report_cell(Diagnostics& diagnostics, const CsvReader& reader, const Record& record,
                 std::size_t column, const char* kind, std::string message, std::string hint = {});
/// The same, for a cell whose record is gone: its line and value given.
bool report_cell(Diagnostics& diagnostics, const CsvReader& reader, std::size_t line,
                 std::size_t column, std::string value, const char* kind, std::string message,
                 std::string hint = {});

/// A column an input may have; `names` are normalized (`delai_reponse_jours`).
struct ColumnSpec {
  std::vector<std::string_view> names;
  bool required = false;
};

/// Where each expected column sits in a file's header.
class Columns {
public:
  /// Matches `header` against `specs`. Adds `missing-column` for each
  /// required column absent, `duplicate-column` for a name given twice and,
  /// when `warn_unknown`, `unknown-column` warnings.
  Columns(const CsvReader& reader, const Record& header, const std::vector<ColumnSpec>& specs,
          bool warn_unknown, Diagnostics& diagnostics);

  /// Whether every required column was found.
  bool complete() const { return m_complete; }
  /// The index of spec `spec` in the header, if present.
  std::optional<std::size_t> index(std::size_t spec) const { return m_index[spec]; }
  /// The cell of spec `spec` in `record`, empty when the column is absent.
  std::string_view cell(const Record& record, std::size_t spec) const;
  /// The header name of spec `spec` as written in the file.
  const std::string& name(std::size_t spec) const { return m_names[spec]; }
  /// Adds `missing-cell` or `extra-cell` and returns false when `record` does
  /// not have as many cells as the header.
  bool check_width(const CsvReader& reader, const Record& record, Diagnostics& diagnostics) const;
  /// Adds an error of `kind` about the cell of `spec` in `record`, naming its
  /// file, line, column and value. Returns false, for `return report(…)`.
  bool report(Diagnostics& diagnostics, const CsvReader& reader, const Record& record,
              std::size_t spec, const char* kind, std::string message, std::string hint = {}) const;

private:
  std::vector<std::optional<std::size_t>> m_index;
  std::vector<std::string> m_names;
  std::size_t m_width = 0;
  bool m_complete = true;
};

}  // namespace fsbo
