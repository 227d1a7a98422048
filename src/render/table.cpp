// Tables for people: French labels and number style, aligned or Markdown.
#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "fsbo/text.hpp"
#include "render/formats.hpp"

namespace fsbo::render {

namespace {

// Rounded half away from zero, as people round (81,25 % shows as 81,3 %),
// and never "-0,0".
std::string french_number(double value, int decimals, bool sign = false) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) rounded = 0;
  std::string text = fmt::format(sign ? "{:+.{}f}" : "{:.{}f}", rounded, decimals);
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

std::string markdown_section(const Section& s) {
  const auto row_text = [](const std::vector<std::string>& cells) {
    std::string text = "|";
    for (std::string cell : cells) {
      for (std::size_t at = 0; (at = cell.find('|', at)) != std::string::npos; at += 2) {
        cell.replace(at, 1, "\\|");
      }
      text += fmt::format(" {} |", cell);
    }
    return text + "\n";
  };
  std::string out = fmt::format("### {}\n\n", s.title) + row_text(s.columns) + "|";
  for (std::size_t k = 0; k < s.columns.size(); ++k) out += s.right[k] ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : s.rows) out += row_text(row);
  return out + "\n";
}

std::string aligned_section(const Section& s, bool colour) {
  std::vector<std::size_t> widths(s.columns.size());
  for (std::size_t k = 0; k < s.columns.size(); ++k) widths[k] = display_width(s.columns[k]);
  for (const auto& row : s.rows) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      widths[k] = std::max(widths[k], display_width(row[k]));
    }
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t k = 0; k < cells.size(); ++k) {
      const std::string pad(widths[k] - display_width(cells[k]), ' ');
      text += k == 0 ? "" : "  ";
      text += s.right[k] ? pad + cells[k] : cells[k] + pad;
    }
    return text.erase(text.find_last_not_of(' ') + 1);
  };
  const auto paint = [&](const char* code, const std::string& text) {
    return colour ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
  };
  std::string out = paint("1", s.title) + "\n\n" + paint("1", line(s.columns)) + "\n";
  if (s.rows.empty()) out += "(aucune ligne)\n";
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const std::string text = line(s.rows[r]);
    out += (s.emphasis[r] ? paint("33", text) : text) + "\n";
  }
  return out + "\n";
}

std::string render_section(Section s, Format format, bool colour) {
  // Names and comments come from input: none of their control characters
  // may reach the terminal or break a row.
  s.title = escape_controls(s.title);
  for (auto& row : s.rows) {
    for (std::string& cell : row) cell = escape_controls(cell);
  }
  return format == Format::markdown ? markdown_section(s) : aligned_section(s, colour);
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
    s.rows.push_back({k_levels[static_cast<std::size_t>(row.level)], std::string(row.code),
                      std::string(row.label), french_count(static_cast<long long>(row.n)),
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
    s.rows.push_back({row.op_label == previous ? "" : std::string(row.op_label),
                      std::string(row.indicator->label),
                      row.value ? french_value(*row.value, m) : "–",
                      french_count(static_cast<long long>(row.n)),
                      row.reference ? french_value(*row.reference, m) : "",
                      row.difference ? french_difference(*row.difference, m) : "",
                      french_interval(row), french_significance(row.significance)});
    s.emphasis.push_back(row.significance == Significance::yes);
    previous = row.op_label;
  }
  return s;
}

}  // namespace

std::string table_report(const Report& report, Format format, bool colour) {
  std::string out;
  const bool has_participation =
      std::any_of(report.rows.begin(), report.rows.end(),
                  [](const Row& r) { return r.indicator == &participation_def(); });
  for (const int year : report.years) {
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

std::string table_listing(const Listing& listing, Format format, bool colour) {
  Section s{listing.title, listing.columns, std::vector<bool>(listing.columns.size(), false),
            listing.rows, std::vector<bool>(listing.rows.size(), false)};
  return render_section(s, format, colour);
}

}  // namespace fsbo::render
