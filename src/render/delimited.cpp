// CSV and TSV: the tidy rows of a report, or a listing, for other tools.
#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "fsbo/text.hpp"
#include "render/formats.hpp"

namespace fsbo::render {

namespace {

std::string optional_number(const std::optional<double>& value, bool decimal_comma) {
  return value ? machine_number(*value, decimal_comma) : std::string();
}

const char* significance_word(Significance significance) {
  switch (significance) {
    case Significance::yes: return "oui";
    case Significance::no: return "non";
    case Significance::small_sample: return "petit_echantillon";
    case Significance::none: return "";
  }
  return "";
}

// One CSV or TSV field. Text from input that a spreadsheet would take for a
// formula gets a leading apostrophe (OWASP CSV injection advice).
std::string delimited_field(const Cell& cell, char separator) {
  std::string text = cell.text;
  if (cell.from_input && !text.empty() &&
      std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
    text.insert(0, "'");
  }
  if (separator == '\t') {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return text;
  }
  if (text.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string year_text(int year) {
  return year == 0 ? std::string() : std::to_string(year);
}

std::vector<Cell> tidy_cells(const Row& row, bool comma) {
  return {{year_text(row.year), false},
          {level_name(row.level), false},
          {row.code, false},
          {row.label, false},
          {row.op_code, true},
          {std::string(row.indicator->id), false},
          {optional_number(row.value, comma), false},
          {std::to_string(row.n), false},
          {optional_number(row.reference, comma), false},
          {optional_number(row.difference, comma), false},
          {optional_number(row.low, comma), false},
          {optional_number(row.high, comma), false},
          {significance_word(row.significance), false}};
}

}  // namespace

std::string delimited(const std::vector<std::string>& columns,
                      const std::vector<std::vector<Cell>>& rows, Format format,
                      const RenderOptions& options) {
  const char separator = format == Format::tsv ? '\t' : options.excel ? ';' : ',';
  std::string out =
      options.excel && format == Format::csv ? std::string(k_utf8_bom) : std::string();
  const auto line = [&](const std::vector<Cell>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (k > 0) out.push_back(separator);
      out += delimited_field(cells[k], separator);
    }
    out += options.excel ? "\r\n" : "\n";
  };
  std::vector<Cell> header;
  header.reserve(columns.size());
  for (const std::string& column : columns) header.push_back({column, false});
  line(header);
  for (const auto& row : rows) line(row);
  return out;
}

std::string machine_number(double value, bool decimal_comma) {
  if (std::fabs(value) < 1e-12) value = 0;
  std::string text = fmt::format("{:.12g}", value);
  if (decimal_comma) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string delimited_report(const Report& report, Format format, const RenderOptions& options) {
  const bool comma = options.excel && format == Format::csv;
  std::vector<std::vector<Cell>> rows;
  rows.reserve(report.rows.size());
  for (const Row& row : report.rows) rows.push_back(tidy_cells(row, comma));
  return delimited({tidy_columns().begin(), tidy_columns().end()}, rows, format, options);
}

std::string delimited_listing(const Listing& listing, Format format, const RenderOptions& options) {
  std::vector<std::vector<Cell>> rows;
  rows.reserve(listing.rows.size());
  for (const auto& row : listing.rows) {
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (const std::string& text : row) cells.push_back({text, true});
    rows.push_back(std::move(cells));
  }
  return delimited(listing.columns, rows, format, options);
}

}  // namespace fsbo::render
