// CSV and TSV: the tidy rows of a report, or a listing, for other tools.
#include <algorithm>
#include <cmath>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "fsbo/halves.hpp"
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
  /// `continued`: the writer goes on after another's text, without a BOM.
  Writer(Format format, const RenderOptions& options, bool continued = false)
      : m_separator(format == Format::tsv ? '\t'
                    : options.excel       ? ';'
                                          : ','),
        m_comma(options.excel && format == Format::csv),
        m_end(options.excel ? "\r\n" : "\n") {
    if (m_comma && !continued) m_out += k_utf8_bom;
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

  void reserve(std::size_t bytes) { m_out.reserve(bytes); }
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

namespace {

constexpr std::size_t k_digits = 12;  // %.12g

// The 12 significant digits of `value` (not 0), trailing zeros dropped, and
// the decimal exponent of the first, when they can be had from one product:
// `value` times a power of ten is rounded once, so unless the result lies
// within a ten-thousandth of a rounding boundary its nearest integer is the
// exact value's rounding. False otherwise, or out of range.
bool scaled_digits(double value, std::array<char, 24>& digits, std::size_t& count, int& exponent) {
  static constexpr std::array<double, 23> k_powers = {
      1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const double magnitude = std::fabs(value);
  if (!(magnitude >= 1e-5 && magnitude < 1e15)) return false;
  // The first digit's exponent, from the table (below 1, of the value times
  // 10^16); the product's rounding may put it one off, which the digits show.
  const bool small = magnitude < 1;
  const double probe = small ? magnitude * 1e16 : magnitude;
  exponent = static_cast<int>(std::upper_bound(k_powers.begin(), k_powers.begin() + 17, probe) -
                              k_powers.begin()) -
             1 - (small ? 16 : 0);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int shift = static_cast<int>(k_digits) - 1 - exponent;
    const double scaled = shift >= 0 ? magnitude * k_powers[static_cast<std::size_t>(shift)]
                                     : magnitude / k_powers[static_cast<std::size_t>(-shift)];
    if (scaled < 1e11) {
      --exponent;
      continue;
    }
    if (scaled >= 1e12) {
      ++exponent;
      continue;
    }
    const double below = std::floor(scaled);
    if (std::fabs(scaled - below - 0.5) < 1e-4) return false;
    auto whole = static_cast<std::uint64_t>(scaled - below < 0.5 ? below : below + 1);
    if (whole == 1'000'000'000'000) {  // 9.99…9 rounds up to 10
      whole /= 10;
      ++exponent;
    }
    std::to_chars(digits.data(), digits.data() + k_digits, whole);
    count = k_digits;
    while (count > 1 && digits[count - 1] == '0') --count;
    return true;
  }
  return false;
}

}  // namespace

void append_number(std::string& out, double value) {
  if (std::fabs(value) < 1e-12) value = 0;
  std::array<char, 24> digits{};
  std::size_t count = 0;
  int exponent = 0;
  if (value == 0) {
    out.push_back('0');
    return;
  }
  if (!scaled_digits(value, digits, count, exponent)) {
    // Out of the scaled range, or a hair from a rounding boundary (rare):
    // to_chars with a precision, printf's %.12g, rounds the double itself.
    std::array<char, 32> text{};
    out.append(text.data(), std::to_chars(text.data(), text.data() + text.size(), value,
                                          std::chars_format::general, static_cast<int>(k_digits))
                                .ptr);
    return;
  }
  const bool negative = value < 0;
  // Written in a buffer of its own, then appended once.
  std::array<char, 32> text{};
  char* at = text.data();
  const auto put = [&at](const char* from, std::size_t size) {
    std::memcpy(at, from, size);
    at += size;
  };
  if (negative) *at++ = '-';
  if (exponent < -4 || exponent >= static_cast<int>(k_digits)) {
    // d.ddde±XX, as %g writes it
    *at++ = digits[0];
    if (count > 1) {
      *at++ = '.';
      put(digits.data() + 1, count - 1);
    }
    *at++ = 'e';
    *at++ = exponent < 0 ? '-' : '+';
    const int magnitude = std::abs(exponent);
    if (magnitude < 10) *at++ = '0';
    at = std::to_chars(at, text.data() + text.size(), magnitude).ptr;
  } else if (exponent < 0) {
    *at++ = '0';
    *at++ = '.';
    for (int zero = -exponent - 1; zero > 0; --zero) *at++ = '0';
    put(digits.data(), count);
  } else {
    const auto whole = static_cast<std::size_t>(exponent) + 1;
    put(digits.data(), std::min(whole, count));
    for (std::size_t zero = count; zero < whole; ++zero) *at++ = '0';
    if (whole < count) {
      *at++ = '.';
      put(digits.data() + whole, count - whole);
    }
  }
  out.append(text.data(), static_cast<std::size_t>(at - text.data()));
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

namespace {

// Rows [begin, end) of `rows`, after the header line when `first`.
// Room for a row as most are written (the national report's average is 106
// bytes): the text is not moved to larger and larger buffers as it grows,
// each on pages of its own (a tenth of the national report's page faults).
constexpr std::size_t k_row_bytes = 128;

std::string rows_text(const std::vector<Row>& rows, std::size_t begin, std::size_t end, bool first,
                      Format format, const RenderOptions& options) {
  Writer writer(format, options, !first);
  writer.reserve((end - begin) * k_row_bytes);
  if (first) {
    for (const std::string_view column : tidy_columns()) writer.text(column);
    writer.end_row();
  }
  for (std::size_t k = begin; k < end; ++k) {
    const Row& row = rows[k];
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

}  // namespace

std::string delimited_report(const Report& report, Format format, const RenderOptions& options) {
  // Ten thousand rows: the second half is written on the other core, and
  // follows the first.
  std::string second;
  std::string text;
  in_halves(report.rows.size(), 1024, [&](std::size_t part, std::size_t begin, std::size_t end) {
    (part == 0 ? text : second) = rows_text(report.rows, begin, end, part == 0, format, options);
  });
  return text.append(second);
}

std::string delimited_rows(const std::vector<Row>& rows, bool first, Format format,
                           const RenderOptions& options) {
  return rows_text(rows, 0, rows.size(), first, format, options);
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
