#include "fsbo/render.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "fsbo/text.hpp"

namespace fsbo {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// ---- machine formats -------------------------------------------------------

// Shortest text that keeps twelve significant digits, without float noise
// such as 0.19999999999999998 or -0.
std::string machine_number(double value, bool decimal_comma) {
  if (std::fabs(value) < 1e-12) value = 0;
  std::string text = fmt::format("{:.12g}", value);
  if (decimal_comma) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

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

struct Cell {
  std::string text;
  bool from_input = false;  // text that came from a file, guarded against formulas
};

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

std::string delimited(const std::vector<std::string>& columns,
                      const std::vector<std::vector<Cell>>& rows, Format format,
                      const RenderOptions& options) {
  const char separator = format == Format::tsv ? '\t' : options.excel ? ';' : ',';
  std::string out = options.excel && format == Format::csv ? std::string(k_bom) : std::string();
  const auto line = [&](const std::vector<Cell>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (k > 0) out.push_back(separator);
      out += delimited_field(cells[k], separator);
    }
    out += options.excel ? "\r\n" : "\n";
  };
  std::vector<Cell> header;
  for (const std::string& column : columns) header.push_back({column, false});
  line(header);
  for (const auto& row : rows) line(row);
  return out;
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

std::string json_number(const std::optional<double>& value) {
  return value ? machine_number(*value, false) : "null";
}

std::string json_row(const Row& row) {
  const std::string significant = row.significance == Significance::yes  ? "true"
                                  : row.significance == Significance::no ? "false"
                                                                         : "null";
  std::string text = fmt::format(
      "{{\"annee\": {}, \"niveau\": {}, \"code\": {}, \"libelle\": {}, \"operateur\": {}, "
      "\"indicateur\": {}, \"valeur\": {}, \"n\": {}",
      row.year == 0 ? "null" : std::to_string(row.year), json_quote(level_name(row.level)),
      json_quote(row.code), json_quote(row.label),
      row.op_code.empty() ? "null" : json_quote(row.op_code), json_quote(row.indicator->id),
      json_number(row.value), row.n);
  if (row.responded) text += fmt::format(", \"repondantes\": {}", *row.responded);
  text += fmt::format(
      ", \"reference\": {}, \"ecart\": {}, \"ic_bas\": {}, \"ic_haut\": {}, \"significatif\": {}, "
      "\"petit_echantillon\": {}}}",
      json_number(row.reference), json_number(row.difference), json_number(row.low),
      json_number(row.high), significant,
      row.significance == Significance::small_sample ? "true" : "false");
  return text;
}

template <typename T, typename F>
std::string json_array(const std::vector<T>& items, F to_json, const char* indent) {
  if (items.empty()) return "[]";
  std::string text = "[";
  for (std::size_t k = 0; k < items.size(); ++k) {
    text += fmt::format("{}\n{}{}", k == 0 ? "" : ",", indent, to_json(items[k]));
  }
  return text + "\n  ]";
}

std::string json_input(const InputSummary& input) {
  static constexpr std::array<const char*, 3> k_line_ends = {"LF", "CRLF", "CR"};
  return fmt::format(
      "{{\"file\": {}, \"role\": {}, \"read\": {}, \"encoding\": {}, \"separator\": {}, \"bom\": "
      "{}, "
      "\"line_ends\": {}, \"rows\": {}, \"accepted\": {}}}",
      json_quote(input.file), json_quote(input.role), input.read ? "true" : "false",
      json_quote(encoding_name(input.dialect.encoding)),
      json_quote(std::string(1, input.dialect.separator)), input.dialect.bom ? "true" : "false",
      json_quote(k_line_ends[static_cast<std::size_t>(input.dialect.line_end)]), input.rows,
      input.accepted);
}

std::string json_report(const Report& report) {
  return fmt::format(
      "{{\n  \"schema\": \"fsbo.report/1\",\n  \"fsbo_version\": {},\n  \"registry\": {},\n"
      "  \"baseline\": {},\n  \"scope\": {},\n  \"years\": {},\n  \"inputs\": {},\n"
      "  \"diagnostics\": {{\"errors\": {}, \"warnings\": {}}},\n  \"rows\": {}\n}}\n",
      json_quote(FSBO_VERSION), json_quote(report.registry), json_quote(report.baseline),
      json_array(
          report.scope, [](const std::string& s) { return json_quote(s); }, "    "),
      json_array(
          report.years, [](int y) { return y == 0 ? std::string("null") : std::to_string(y); },
          "    "),
      json_array(report.inputs, json_input, "    "), report.errors, report.warnings,
      json_array(report.rows, json_row, "    "));
}

// ---- tables for people ---------------------------------------------------

std::string french_number(double value, int decimals, bool sign = false) {
  std::string text = fmt::format(sign ? "{:+.{}f}" : "{:.{}f}", value, decimals);
  if (text == "-0" || text.rfind("-0,", 0) == 0 || text.rfind("-0.", 0) == 0) {
    if (std::stod(text.substr(1)) == 0) text[0] = '+';
  }
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string french_count(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int k = static_cast<int>(digits.size()) - 3; k > 0; k -= 3) {
    digits.insert(static_cast<std::size_t>(k), "\xC2\xA0");
  }
  return value < 0 ? "-" + digits : digits;
}

std::string french_value(double value, Measure measure) {
  switch (measure) {
    case Measure::share: return french_number(value * 100, 1) + " %";
    case Measure::days: return french_number(value, 1) + " j";
    case Measure::score: return french_number(value, 2);
    case Measure::count: return french_count(static_cast<long long>(std::llround(value)));
  }
  return {};
}

std::string french_difference(double value, Measure measure) {
  switch (measure) {
    case Measure::share: return french_number(value * 100, 1, true) + " pts";
    case Measure::days: return french_number(value, 1, true) + " j";
    case Measure::score: return french_number(value, 2, true);
    case Measure::count: return french_number(value, 0, true);
  }
  return {};
}

std::string french_interval(const Row& row) {
  if (!row.low || !row.high) return {};
  const Measure m = row.indicator->measure;
  const auto bound = [&](double v) {
    return m == Measure::share ? french_number(v * 100, 1)
                               : french_number(v, m == Measure::score ? 2 : 1);
  };
  return fmt::format("[{} ; {}]{}", bound(*row.low), bound(*row.high),
                     m == Measure::share ? " %" : "");
}

const char* french_significance(Significance significance) {
  switch (significance) {
    case Significance::yes: return "oui";
    case Significance::no: return "non";
    case Significance::small_sample: return "petit éch.";
    case Significance::none: return "";
  }
  return "";
}

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

struct Section {
  std::string title;
  std::vector<std::string> columns;
  std::vector<bool> right;  // right-aligned (numbers)
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> emphasis;  // rows to highlight
};

std::string render_section(const Section& s, Format format, bool colour) {
  const auto bold = [&](const std::string& text) {
    return colour ? fmt::format("\x1b[1m{}\x1b[0m", text) : text;
  };
  std::string out;
  if (format == Format::markdown) {
    out += fmt::format("### {}\n\n|", s.title);
    for (const auto& c : s.columns) out += fmt::format(" {} |", c);
    out += "\n|";
    for (std::size_t k = 0; k < s.columns.size(); ++k) out += s.right[k] ? " ---: |" : " --- |";
    out += "\n";
    for (const auto& row : s.rows) {
      out += "|";
      for (const auto& cell : row) {
        std::string escaped = cell;
        for (std::size_t at = 0; (at = escaped.find('|', at)) != std::string::npos; at += 2)
          escaped.replace(at, 1, "\\|");
        out += fmt::format(" {} |", escaped);
      }
      out += "\n";
    }
    return out + "\n";
  }
  std::vector<std::size_t> widths(s.columns.size());
  for (std::size_t k = 0; k < s.columns.size(); ++k) widths[k] = display_width(s.columns[k]);
  for (const auto& row : s.rows) {
    for (std::size_t k = 0; k < row.size(); ++k)
      widths[k] = std::max(widths[k], display_width(row[k]));
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t k = 0; k < cells.size(); ++k) {
      const std::string pad(widths[k] - display_width(cells[k]), ' ');
      text += k == 0 ? "" : "  ";
      text += s.right[k] ? pad + cells[k] : cells[k] + (k + 1 == cells.size() ? "" : pad);
    }
    return text;
  };
  out += bold(s.title) + "\n\n" + bold(line(s.columns)) + "\n";
  if (s.rows.empty()) out += "(aucune ligne)\n";
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const std::string text = line(s.rows[r]);
    out += (s.emphasis[r] && colour ? fmt::format("\x1b[33m{}\x1b[0m", text) : text) + "\n";
  }
  return out + "\n";
}

std::string french_year(int year) {
  return year == 0 ? std::string("année inconnue") : std::to_string(year);
}

Section participation_section(const Report& report, int year) {
  Section s{fmt::format("Participation à l'enquête back-office, {}", french_year(year)),
            {"Niveau", "Code", "Libellé", "Inscrites", "Répondantes", "Taux", "Référence", "Écart"},
            {false, false, false, true, true, true, true, true},
            {},
            {}};
  static constexpr std::array<const char*, 3> k_levels = {"National", "Région", "Département"};
  for (const Row& row : report.rows) {
    if (row.year != year || row.indicator != &participation_def()) continue;
    // Without a scope the table stays readable: France and its departments.
    if (report.scope.empty() && row.level == Level::region) continue;
    s.rows.push_back({k_levels[static_cast<std::size_t>(row.level)], row.code, row.label,
                      french_count(static_cast<long long>(row.n)),
                      french_count(static_cast<long long>(row.responded.value_or(0))),
                      row.value ? french_value(*row.value, Measure::share) : "–",
                      row.reference ? french_value(*row.reference, Measure::share) : "",
                      row.difference ? french_difference(*row.difference, Measure::share) : ""});
    s.emphasis.push_back(false);
  }
  return s;
}

Section indicator_section(const Report& report, int year, Level level, const std::string& code) {
  Section s{
      "",
      {"Opérateur", "Indicateur", "Valeur", "n", "Référence", "Écart", "IC 95 %", "Significatif"},
      {false, false, true, true, true, true, true, false},
      {},
      {}};
  std::string previous;
  for (const Row& row : report.rows) {
    if (row.year != year || row.level != level || row.code != code || row.op_code.empty()) continue;
    s.title = fmt::format("Indicateurs par opérateur — {} ({}), {}", row.label, row.code,
                          french_year(year));
    const Measure m = row.indicator->measure;
    s.rows.push_back(
        {row.op_label == previous ? "" : row.op_label, std::string(row.indicator->label),
         row.value ? french_value(*row.value, m) : "–", french_count(static_cast<long long>(row.n)),
         row.reference ? french_value(*row.reference, m) : "",
         row.difference ? french_difference(*row.difference, m) : "", french_interval(row),
         french_significance(row.significance)});
    s.emphasis.push_back(row.significance == Significance::yes);
    previous = row.op_label;
  }
  return s;
}

std::string human_report(const Report& report, Format format, bool colour) {
  std::string out;
  for (const int year : report.years) {
    const bool has_participation =
        std::any_of(report.rows.begin(), report.rows.end(),
                    [](const Row& r) { return r.indicator == &participation_def(); });
    if (has_participation)
      out += render_section(participation_section(report, year), format, colour);
    std::vector<std::pair<Level, std::string>> areas;
    if (report.scope.empty()) {
      areas.emplace_back(Level::national, "FR");
    } else {
      for (const std::string& dep : report.scope) areas.emplace_back(Level::department, dep);
    }
    for (const auto& [level, code] : areas) {
      Section section = indicator_section(report, year, level, code);
      if (!section.rows.empty()) out += render_section(section, format, colour);
    }
  }
  return out;
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "tsv") return Format::tsv;
  if (name == "json") return Format::json;
  if (name == "markdown" || name == "md") return Format::markdown;
  return std::nullopt;
}

const std::vector<std::string_view>& tidy_columns() {
  static const std::vector<std::string_view> columns = {
      "annee", "niveau",    "code",  "libelle", "operateur", "indicateur",  "valeur",
      "n",     "reference", "ecart", "ic_bas",  "ic_haut",   "significatif"};
  return columns;
}

std::string render_report(const Report& report, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::json: return json_report(report);
    case Format::csv:
    case Format::tsv: {
      const bool comma = options.excel && format == Format::csv;
      std::vector<std::vector<Cell>> rows;
      rows.reserve(report.rows.size());
      for (const Row& row : report.rows) rows.push_back(tidy_cells(row, comma));
      return delimited({tidy_columns().begin(), tidy_columns().end()}, rows, format, options);
    }
    case Format::table:
    case Format::markdown: return human_report(report, format, options.colour);
  }
  return {};
}

std::string render_listing(const Listing& listing, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::json: {
      std::string out = fmt::format("{{\n  \"schema\": \"fsbo.{}/1\",\n  {}: ", listing.json_key,
                                    json_quote(listing.json_key));
      out += json_array(
          listing.rows,
          [&](const std::vector<std::string>& row) {
            std::string object = "{";
            for (std::size_t k = 0; k < row.size(); ++k) {
              object += fmt::format("{}{}: {}", k == 0 ? "" : ", ", json_quote(listing.columns[k]),
                                    json_quote(row[k]));
            }
            return object + "}";
          },
          "    ");
      return out + "\n}\n";
    }
    case Format::csv:
    case Format::tsv: {
      std::vector<std::vector<Cell>> rows;
      for (const auto& row : listing.rows) {
        std::vector<Cell> cells;
        for (const std::string& text : row) cells.push_back({text, true});
        rows.push_back(std::move(cells));
      }
      return delimited(listing.columns, rows, format, options);
    }
    case Format::table:
    case Format::markdown: {
      Section s{listing.title, listing.columns, std::vector<bool>(listing.columns.size(), false),
                listing.rows, std::vector<bool>(listing.rows.size(), false)};
      return render_section(s, format, options.colour);
    }
  }
  return {};
}

}  // namespace fsbo
