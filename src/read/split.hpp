// Reading one file in two parts (internal to the read stage): where a second
// part can start, near the middle of a file, and what lies before it.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
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

/// The line feeds and the first NUL byte before a file offset, which the
/// second part of a file needs: its line numbers, and whether its 0x1A bytes
/// stand for NULs (read/source.hpp).
struct FeedCount {
  std::uint64_t before = 0;
  std::size_t feeds = 0;
  std::uint64_t first_nul = UINT64_MAX;  // none: the greatest offset

  /// This count followed by `next`, the count of the bytes after it.
  FeedCount then(const FeedCount& next) const {
    return {next.before, feeds + next.feeds,
            first_nul < next.first_nul ? first_nul : next.first_nul};
  }
};

/// The count of `text`, which lies at file offset `offset`.
FeedCount count_in(std::string_view text, std::uint64_t offset);

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

/// Which file a path named when it was opened.
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
};

/// `path` opened again at `offset`, if it is still the file `id`: a file
/// renamed over it since is not read as the rest of the one being read.
File open_again(const std::string& path, FileId id, std::uint64_t offset);

/// The count of the next `count` bytes of `file`, from offset 0; none when
/// it cannot be read that far.
std::optional<FeedCount> count_before(std::FILE* file, std::uint64_t count);

}  // namespace fsbo
