// Dialect detection for the CSV reader (internal to the read stage): BOM,
// separator, line ends and encoding, from a sample and a scan of the file.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "fsbo/csv.hpp"

namespace fsbo {

/// Bytes the reader samples to detect a dialect.
constexpr std::size_t k_sniff_bytes = std::size_t{1} << 20;

/// The dialect of an input whose first bytes are `prefix` (a BOM is removed
/// from it). `seekable_rest`, when given, is the rest of a regular file,
/// scanned for the encoding and put back where it was.
Dialect sniff_dialect(std::string& prefix, std::FILE* seekable_rest,
                      const DialectOverride& override_);

}  // namespace fsbo
