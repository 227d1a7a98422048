// The byte source under the record scanner (internal to the read stage): it
// serves a file through fast-cpp-csv-parser's io::ByteSourceBase, cleaned.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#define CSV_IO_NO_THREAD
#include <csv.h>

namespace fsbo {

// Text stays NUL-free, for C strings and diagnostics: the source swaps NUL
// for this control character, which decoding then reports as a NUL.
inline constexpr char k_nul_stand_in = '\x1A';

// What the source has served so far, which the reader reports on.
struct Served {
  // Stream offset past the bytes served: set to where the source starts.
  std::uint64_t end = 0;
  // Stream offset of the first NUL swapped for the stand-in (none: the
  // greatest offset). A stand-in means NUL in a record only past it: what
  // the source read ahead must not change how a record reads.
  std::uint64_t first_nul = UINT64_MAX;
  int error = 0;  // errno of a failed read
  // Stream offset up to which the input is known to be valid UTF-8: checked
  // whole before it is read, or as it is served (Source::check_utf8).
  std::uint64_t utf8_to = 0;
  // Checked as served: the stream offset of the first byte that is not
  // valid UTF-8 (none: the greatest). A sequence cut by the end of the input
  // is not one: the whole-file check does not count it either.
  std::uint64_t invalid_utf8_at = UINT64_MAX;
};

// Serves the sniffed prefix, then the rest of the stream. It fills every
// request unless at end of input.
class Source : public io::ByteSourceBase {
public:
  /// Serves `prefix`, then `rest` (if any; closed at the end when
  /// `close_rest`); `cr_to_lf` for old-Mac files.
  Source(std::string prefix, std::FILE* rest, bool close_rest, bool cr_to_lf, Served& served);
  ~Source() override;
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  int read(char* buffer, int size) override;
  /// From now on, checks that what it serves is valid UTF-8 as it serves it,
  /// while the bytes are in the cache (Served::utf8_to, invalid_utf8_at).
  void check_utf8() { m_check_utf8 = true; }

private:
  std::size_t pull(char* out, std::size_t count);
  std::size_t clean(char* bytes, std::size_t count);
  void check(const char* bytes, std::size_t count);

  std::string m_prefix;
  std::size_t m_position = 0;
  std::FILE* m_rest;
  bool m_close_rest;
  bool m_cr_to_lf;
  bool m_after_cr = false;
  Served& m_served;
  bool m_check_utf8 = false;
  // The sequence left open by the end of what was served, to be checked
  // with the bytes served next.
  std::array<char, 4> m_open{};
  std::size_t m_opened = 0;
};

}  // namespace fsbo
