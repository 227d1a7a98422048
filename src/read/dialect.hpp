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

/// Line feeds before a file offset, counted by a reading done for another
/// reason (where a file read in two parts has its middle).
struct FeedCount {
  std::uint64_t before = 0;
  std::size_t feeds = 0;
};

/// Whether the rest of `file`, after `prefix` (whose last bytes may begin a
/// sequence), is valid UTF-8. The file position is restored, so the records
/// are read from where it was. When it is, `checked_to` is the file offset up
/// to which it was found valid (a sequence cut by the end of the file is not),
/// and the line feeds of the rest before `count.before` are added to `count`.
bool rest_is_utf8(std::FILE* file, std::string_view prefix, std::uint64_t& checked_to,
                  FeedCount& count);

}  // namespace fsbo
