// Reading one file in two parts (internal to the read stage): where a second
// part can start, near the middle of a file, and the lines before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fsbo {

/// Records in a row that must read whole, with `width` cells each, from a
/// line start for it to be taken as a record start.
inline constexpr std::size_t k_split_proof = 16;

/// Offset, in `text`, of the first line start from which k_split_proof
/// records of `width` cells each follow whole (a line start inside a quoted
/// cell seldom gives that many: what it reads as quoted is what lies between
/// the cells); none when `text` holds no such line start. The caller checks
/// the guess: the first part must stop right there.
std::optional<std::size_t> record_start_in(std::string_view text, char separator,
                                           std::size_t width);

/// Line feeds in [bytes, bytes + size).
std::size_t count_line_feeds(const char* bytes, std::size_t size);

/// Line feeds in the first `count` bytes of the file at `path`; none when it
/// cannot be read that far.
std::optional<std::size_t> line_feeds_before(const char* path, std::uint64_t count);

}  // namespace fsbo
