// The render stage's formats, one file each (delimited, json, table);
// render.cpp dispatches to them by Format.
#pragma once

#include <string>

#include "fsbo/render.hpp"

namespace fsbo::render {

/// Twelve significant digits at most, without float noise such as
/// 0.19999999999999998 or -0.
std::string machine_number(double value, bool decimal_comma);

std::string delimited_report(const Report& report, Format format, const RenderOptions& options);
std::string delimited_listing(const Listing& listing, Format format, const RenderOptions& options);

std::string json_report(const Report& report);
std::string json_listing(const Listing& listing);

std::string table_report(const Report& report, Format format, bool colour);
std::string table_listing(const Listing& listing, Format format, bool colour);

}  // namespace fsbo::render
