// Dialect detection for the CSV reader (internal to the read stage): BOM,
// separator, line ends and encoding, from a sample and a scan of the file.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include <cstdint>

#include "fsbo/csv.hpp"

namespace fsbo {

/// Bytes the reader samples to detect a dialect.
constexpr std::size_t k_sniff_bytes = std::size_t{1} << 20;

/// The dialect of an input whose first bytes are `prefix` (a BOM is removed
/// from it), its encoding judged on the prefix alone.
Dialect sniff_dialect(std::string& prefix, const DialectOverride& override_);

/// Whether the rest of `file`, after `prefix` (whose last bytes may begin a
/// sequence), is valid UTF-8. The file position is restored, so the records
/// are read from where it was. When it is, `checked_to` is the file offset up
/// to which it was found valid (a sequence cut by the end of the file is not).
bool rest_is_utf8(std::FILE* file, std::string_view prefix, std::uint64_t& checked_to);

}  // namespace fsbo
