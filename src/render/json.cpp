// JSON: the report document (schema fsbo.report/1) and listings.
#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "fsbo/text.hpp"
#include "render/formats.hpp"

namespace fsbo::render {

namespace {

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
  return fmt::format(
      "{{\"file\": {}, \"role\": {}, \"read\": {}, \"encoding\": {}, \"separator\": {}, "
      "\"bom\": {}, \"line_ends\": {}, \"layout\": {}, \"rows\": {}, \"accepted\": {}}}",
      json_quote(input.file), json_quote(input.role), input.read ? "true" : "false",
      json_quote(encoding_name(input.dialect.encoding)),
      json_quote(std::string(1, input.dialect.separator)), input.dialect.bom ? "true" : "false",
      json_quote(line_end_name(input.dialect.line_end)),
      input.layout ? json_quote(layout_name(*input.layout)) : "null", input.rows, input.accepted);
}

}  // namespace

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

std::string json_listing(const Listing& listing) {
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

}  // namespace fsbo::render
