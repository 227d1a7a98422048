// The render stage: turns a Report or a plain listing into text, as an
// aligned French table, Markdown, tidy CSV/TSV or a JSON document.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/report.hpp"

namespace fsbo {

enum class Format { table, csv, tsv, json, markdown };

std::optional<Format> parse_format(std::string_view name);

struct RenderOptions {
  bool excel = false;   // CSV for French Excel: `;`, decimal comma, BOM
  bool colour = false;  // ANSI colour in tables (a terminal without NO_COLOR)
};

/// The columns of the tidy CSV/TSV output, in order.
const std::vector<std::string_view>& tidy_columns();

/// The report in `format`. Tables show France and participation by
/// department, or the departments in scope; machine formats carry every row.
std::string render_report(const Report& report, Format format, const RenderOptions& options);

/// Whether render_rows can write `format`: a format of one line per row.
bool renders_rows(Format format);
/// Report rows in `format` (renders_rows), after the header line when
/// `first`: the parts of a report built and written as it goes.
std::string render_rows(const std::vector<Row>& rows, bool first, Format format,
                        const RenderOptions& options);

/// A plain list (operators, structures, structures that did not answer).
struct Listing {
  std::string title;     // table heading
  std::string json_key;  // name of the array in the JSON document
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

std::string render_listing(const Listing& listing, Format format, const RenderOptions& options);

/// Accepted answers as a survey export in the canonical `layout` (CSV, UTF-8;
/// French Excel with `options.excel`), sorted by year, structure and operator.
std::string render_answers(std::vector<Answer> answers, Layout layout,
                           const StructureRegistry& structures, const OperatorRegistry& operators,
                           const RenderOptions& options);

}  // namespace fsbo
