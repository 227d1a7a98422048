#include "fsbo/columns.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fsbo/text.hpp"

namespace fsbo {

Columns::Columns(const CsvReader& reader, const Record& header,
                 const std::vector<ColumnSpec>& specs, bool warn_unknown, Diagnostics& diagnostics)
    : m_index(specs.size()),
      m_names(specs.size()),
      m_width(header.fields.size() + header.cells_dropped) {
  for (std::size_t column = 0; column < header.fields.size(); ++column) {
    const std::string written(header.fields[column]);
    const std::string normalized = normalize_header(written);
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ColumnSpec& s) {
      return std::find(s.names.begin(), s.names.end(), normalized) != s.names.end();
    });
    if (spec == specs.end()) {
      if (warn_unknown) {
        diagnostics.add({Severity::warning, "unknown-column", reader.name(), header.line,
                         reader.column_name(column), written,
                         fmt::format("column {} is not a known column and is ignored", column + 1),
                         ""});
      }
      continue;
    }
    const auto k = static_cast<std::size_t>(spec - specs.begin());
    if (m_index[k]) {
      diagnostics.add({Severity::error, "duplicate-column", reader.name(), header.line, written,
                       written,
                       fmt::format("column {} repeats column {}; only the first is read",
                                   column + 1, *m_index[k] + 1),
                       ""});
      continue;
    }
    m_index[k] = column;
    m_names[k] = written;
  }
  for (std::size_t k = 0; k < specs.size(); ++k) {
    if (m_index[k] || !specs[k].required) continue;
    m_complete = false;
    m_names[k] = std::string(specs[k].names.front());
    diagnostics.add({Severity::error, "missing-column", reader.name(), header.line, m_names[k], "",
                     fmt::format("the required column '{}' is not in the header; no row of "
                                 "this file can be read",
                                 m_names[k]),
                     ""});
  }
}

std::string_view Columns::cell(const Record& record, std::size_t spec) const {
  const auto& index = m_index[spec];
  if (!index || *index >= record.fields.size()) return {};
  return record.fields[*index];
}

bool Columns::report(Diagnostics& diagnostics, const CsvReader& reader, const Record& record,
                     std::size_t spec, const char* kind, std::string message,
                     std::string hint) const {
  diagnostics.add({Severity::error, kind, reader.name(), record.line, m_names[spec],
                   std::string(cell(record, spec)), std::move(message), std::move(hint)});
  return false;
}

bool Columns::check_width(const CsvReader& reader, const Record& record,
                          Diagnostics& diagnostics) const {
  return fsbo::check_width(reader, record, m_width, diagnostics);
}

bool check_width(const CsvReader& reader, const Record& record, std::size_t width,
                 Diagnostics& diagnostics) {
  const std::size_t cells = record.fields.size() + record.cells_dropped;
  if (cells == width) return true;
  const bool extra = cells > width;
  diagnostics.add({Severity::error, extra ? "extra-cell" : "missing-cell", reader.name(),
                   record.line, reader.column_name(extra ? width : cells),
                   std::string(extra && width < record.fields.size() ? record.fields[width] : ""),
                   fmt::format("the row has {} cell{} where the header has {}: the row is left out",
                               cells, cells == 1 ? "" : "s", width),
                   ""});
  return false;
}

bool report_cell(Diagnostics& diagnostics, const CsvReader& reader, const Record& record,
                 std::size_t column, const char* kind, std::string message, std::string hint) {
  return report_cell(diagnostics, reader, record.line, column,
                     std::string(column < record.fields.size() ? record.fields[column] : ""), kind,
                     std::move(message), std::move(hint));
}

bool report_cell(Diagnostics& diagnostics, const CsvReader& reader, std::size_t line,
                 std::size_t column, std::string value, const char* kind, std::string message,
                 std::string hint) {
  diagnostics.add({Severity::error, kind, reader.name(), line, reader.column_name(column),
                   std::move(value), std::move(message), std::move(hint)});
  return false;
}

}  // namespace fsbo
