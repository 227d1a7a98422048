// CSV and TSV: the tidy rows of a report, or a listing, for other tools.
#include <algorithm>
#include <cmath>

#include <array>
#include <charconv>

#include <fmt/format.h>

#include "fsbo/text.hpp"
#include "render/formats.hpp"

namespace fsbo::render {

namespace {

const char* significance_word(Significance significance) {
  switch (significance) {
    case Significance::yes: return "oui";
    case Significance::no: return "non";
    case Significance::small_sample: return "petit_echantillon";
    case Significance::none: return "";
  }
  return "";
}

// Writes CSV or TSV row by row, straight into one string: a report has ten
// thousand rows, and no cell needs a string of its own.
class Writer {
public:
  Writer(Format format, const RenderOptions& options)
      : m_separator(format == Format::tsv ? '\t'
                    : options.excel       ? ';'
                                          : ','),
        m_comma(options.excel && format == Format::csv),
        m_end(options.excel ? "\r\n" : "\n") {
    if (m_comma) m_out += k_utf8_bom;
  }

  // A text field. Text from input that a spreadsheet would take for a formula
  // gets a leading apostrophe (OWASP CSV injection advice).
  void text(std::string_view value, bool from_input = false) {
    next();
    const bool guard = from_input && is_formula_start(value);
    if (m_separator == '\t') {
      if (guard) m_out.push_back('\'');
      for (const char c : value) m_out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
      return;
    }
    const bool quote = std::any_of(value.begin(), value.end(), [this](char c) {
      return c == m_separator || c == '"' || c == '\n' || c == '\r';
    });
    if (!quote && !guard) {
      m_out.append(value);
      return;
    }
    if (quote) m_out.push_back('"');
    if (guard) m_out.push_back('\'');
    for (const char c : value) {
      if (c == '"') m_out.push_back('"');
      m_out.push_back(c);
    }
    if (quote) m_out.push_back('"');
  }

  void number(const std::optional<double>& value) {
    next();
    if (!value) return;
    const std::size_t start = m_out.size();
    append_number(m_out, *value);
    if (m_comma)
      std::replace(m_out.begin() + static_cast<std::ptrdiff_t>(start), m_out.end(), '.', ',');
  }

  void whole(long long value) {
    next();
    std::array<char, 24> digits{};
    const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    m_out.append(digits.data(), written.ptr);
  }

  void end_row() {
    m_out += m_end;
    m_first = true;
  }

  std::string take() { return std::move(m_out); }

private:
  void next() {
    if (!m_first) m_out.push_back(m_separator);
    m_first = false;
  }

  std::string m_out;
  char m_separator;
  bool m_comma;
  const char* m_end;
  bool m_first = true;
};

}  // namespace

void append_number(std::string& out, double value) {
  if (std::fabs(value) < 1e-12) value = 0;
  // printf's %.12g, as std::to_chars writes it (Ryu), without fmt's slower
  // exact path for a given precision.
  std::array<char, 32> text{};
  const auto written =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::general, 12);
  out.append(text.data(), written.ptr);
}

std::string machine_number(double value, bool decimal_comma) {
  std::string text;
  append_number(text, value);
  if (decimal_comma) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string delimited(const std::vector<std::string>& columns,
                      const std::vector<std::vector<Cell>>& rows, Format format,
                      const RenderOptions& options) {
  Writer writer(format, options);
  for (const std::string& column : columns) writer.text(column);
  writer.end_row();
  for (const auto& row : rows) {
    for (const Cell& cell : row) writer.text(cell.text, cell.from_input);
    writer.end_row();
  }
  return writer.take();
}

std::string delimited_report(const Report& report, Format format, const RenderOptions& options) {
  Writer writer(format, options);
  for (const std::string_view column : tidy_columns()) writer.text(column);
  writer.end_row();
  for (const Row& row : report.rows) {
    if (row.year == 0) {
      writer.text("");
    } else {
      writer.whole(row.year);
    }
    writer.text(level_name(row.level));
    writer.text(row.code);
    writer.text(row.label);
    writer.text(row.op_code, true);
    writer.text(row.indicator->id);
    writer.number(row.value);
    writer.whole(static_cast<long long>(row.n));
    writer.number(row.reference);
    writer.number(row.difference);
    writer.number(row.low);
    writer.number(row.high);
    writer.text(significance_word(row.significance));
    writer.end_row();
  }
  return writer.take();
}

std::string delimited_listing(const Listing& listing, Format format, const RenderOptions& options) {
  Writer writer(format, options);
  for (const std::string& column : listing.columns) writer.text(column);
  writer.end_row();
  for (const auto& row : listing.rows) {
    for (const std::string& text : row) writer.text(text, true);
    writer.end_row();
  }
  return writer.take();
}

}  // namespace fsbo::render
