// Where results go: standard output, or a file written whole or not at all,
// and whether that destination is a terminal that wants colour.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fsbo {

/// Writes `text` to `path` through a temporary file in the same folder that
/// is renamed over it, so a reader never sees half a file; `-` or empty is
/// standard output. Returns an error message, empty on success.
std::string write_output(const std::string& path, const std::string& text);
/// Text in pieces, written one after the other: parts made apart are not
/// copied into one first.
using Pieces = std::vector<std::string_view>;
std::string write_output(const std::string& path, const Pieces& text);

/// Whether output to standard output (`fd` 1) or standard error (2) may be
/// coloured: a terminal, and NO_COLOR unset.
bool colour_wanted(int fd);

}  // namespace fsbo
