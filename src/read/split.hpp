// Reading one file in two parts (internal to the read stage): where a second
// part can start, near the middle of a file, and the file opened there.
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

}  // namespace fsbo
