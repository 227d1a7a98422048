// The byte source under the CSV reader (internal to the read stage): it
// serves a file to io::LineReader, cleaned so that any input can be read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <limits>
#include <string>

// Reading stays on one thread: CsvReader compares what the source has served
// with what it consumed, which io::LineReader's reader thread would race with.
#define CSV_IO_NO_THREAD
#include <csv.h>

namespace fsbo {

// io::LineReader ends a line at the first NUL; the source swaps NUL for this
// control character so lines keep their length, and decoding reports it.
inline constexpr char k_nul_stand_in = '\x1A';

// io::LineReader refuses a line of 16 MiB; the source cuts longer lines
// short, so that reading goes on after them, and the reader leaves them out.
inline constexpr std::size_t k_max_line = (std::size_t{1} << 24) - 2;

// A physical line the source cut short, and the bytes it dropped.
struct CutLine {
  std::size_t line = 0;
  std::uint64_t dropped = 0;
};

// What the source has served so far. io::LineReader destroys its source as
// soon as the input fits its buffer, so this lives with the reader instead.
struct Served {
  std::uint64_t bytes = 0;
  std::uint64_t nuls = 0;  // NUL bytes swapped for the stand-in
  std::deque<CutLine> cut_lines;
  int error = 0;  // errno of a failed read
};

// Serves the sniffed prefix, then the rest of the stream. It fills every
// request unless at end of input, as io::LineReader requires.
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
  void end_line();

  std::string m_prefix;
  std::size_t m_position = 0;
  std::FILE* m_rest;
  bool m_close_rest;
  bool m_cr_to_lf;
  bool m_after_cr = false;
  std::size_t m_line = 1;  // physical line being served
  std::size_t m_line_bytes = 0;
  std::uint64_t m_dropped = 0;  // bytes cut from the line being served
  Served& m_served;
};

}  // namespace fsbo
