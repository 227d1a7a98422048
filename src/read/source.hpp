// The byte source under the record scanner (internal to the read stage): it
// serves a file through fast-cpp-csv-parser's io::ByteSourceBase, cleaned.
#pragma once

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

private:
  std::size_t pull(char* out, std::size_t count);
  std::size_t clean(char* bytes, std::size_t count);

  std::string m_prefix;
  std::size_t m_position = 0;
  std::FILE* m_rest;
  bool m_close_rest;
  bool m_cr_to_lf;
  bool m_after_cr = false;
  Served& m_served;
};

}  // namespace fsbo
