// The render stage's formats, one file each (delimited, json, table);
// render.cpp dispatches to them by Format.
#pragma once

#include <string>
#include <vector>

#include "fsbo/render.hpp"

namespace fsbo::render {

/// Twelve significant digits at most, without float noise such as
/// 0.19999999999999998 or -0.
std::string machine_number(double value, bool decimal_comma);
/// The same, appended to `out` with a decimal point.
void append_number(std::string& out, double value);

/// A cell of CSV or TSV output.
struct Cell {
  std::string text;
  bool from_input = false;  // text that came from a file, guarded against formulas
};

/// CSV (TSV for Format::tsv) with a header line; `options.excel` gives the
/// French-Excel form: `;`, UTF-8 BOM, CRLF.
std::string delimited(const std::vector<std::string>& columns,
                      const std::vector<std::vector<Cell>>& rows, Format format,
                      const RenderOptions& options);

std::string delimited_report(const Report& report, Format format, const RenderOptions& options);
std::string delimited_rows(const std::vector<Row>& rows, bool first, Format format,
                           const RenderOptions& options);
std::string delimited_listing(const Listing& listing, Format format, const RenderOptions& options);

std::string json_report(const Report& report);
std::string json_listing(const Listing& listing);

std::string table_report(const Report& report, Format format, bool colour);
std::string table_listing(const Listing& listing, Format format, bool colour);

}  // namespace fsbo::render
