// The record scanner (internal to the read stage): splits the bytes of a
// source into records and cells, in place, without copying a cell.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "read/source.hpp"

namespace fsbo {

// A record longer than this (quoted line breaks included) is left out and
// its text not kept, so that memory stays bounded whatever the input.
inline constexpr std::size_t k_max_record = std::size_t{1} << 24;
// A physical line longer than this is cut: its record ends with it and is
// left out.
inline constexpr std::size_t k_max_line = (std::size_t{1} << 24) - 2;
// Cells kept per record; past this a record's cells are counted only.
inline constexpr std::size_t k_max_cells = std::size_t{1} << 17;

/// Finds the bytes that give a CSV text its structure (separator, quote,
/// line feed), 64 bytes at a time.
class Finder {
public:
  explicit Finder(char separator) : m_separator(separator) {}
  /// Looks at [data, data + size) from now on.
  void reset(const char* data, std::size_t size);
  /// Index of the first structural byte at or after `from`, or size. Inline:
  /// it is called for every cell of every record.
  std::size_t next(std::size_t from) {
    while (from < m_size) {
      const std::size_t block = from & ~std::size_t{63};
      if (block != m_block) {
        m_block = block;
        m_mask = mask(block);
      }
      const std::uint64_t bits = m_mask >> (from - block);
      if (bits != 0) return from + static_cast<std::size_t>(__builtin_ctzll(bits));
      from = block + 64;
    }
    return m_size;
  }
  char separator() const { return m_separator; }

private:
  std::uint64_t mask(std::size_t block) const;

  char m_separator;
  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::size_t m_block = SIZE_MAX;
  std::uint64_t m_mask = 0;
};

/// A cell as found in the stream: offsets, valid while its record is the
/// scanner's current one.
struct Cell {
  std::uint64_t begin = 0;  // first byte of the text (after the opening quote)
  std::uint64_t end = 0;    // past the text (at the closing quote)
  std::uint64_t tail = 0;   // past text written after a closing quote (== end + 1 when none)
  bool quoted = false;
  bool doubled = false;  // holds "" standing for one quote
  bool plain() const { return !doubled && (!quoted || tail == end + 1); }
};

/// One record as found in the stream.
struct ScannedRecord {
  std::vector<Cell> cells;
  std::uint64_t begin = 0;  // stream offsets of the record's bytes
  std::uint64_t end = 0;
  std::size_t line = 0;  // physical lines where it starts and ends
  std::size_t last_line = 0;
  std::size_t cells_dropped = 0;  // cells past k_max_cells
  std::size_t cut_line = 0;       // a line of the record longer than k_max_line, or 0
  bool too_long = false;          // longer than k_max_record: its text was not kept
  std::size_t stray_quote = 0;    // 1 + cell with a quote where none belongs, or 0
  std::size_t quote_line = 0;     // line of the last opening quote
  std::size_t quote_cell = 0;     // its cell, counting those not kept
  std::size_t opened = 0;         // cells opened, kept or not
  bool plain = false;             // every cell kept is plain(), as found on one line
};

class RecordScanner {
public:
  enum class Result { record, end, unterminated };

  /// Bytes asked of the source at a time, and the buffer's first size:
  /// records longer than this make it grow, up to k_max_record and a chunk.
  static constexpr std::size_t k_chunk = std::size_t{256} << 10;

  /// `skipped`: bytes of the file before what the source serves (a BOM
  /// taken off by sniffing), so that offsets are the file's; `buffer`: the
  /// first size of the buffer (smaller in tests, to cross its refills).
  RecordScanner(std::unique_ptr<Source> source, char separator, std::uint64_t skipped,
                std::size_t buffer = k_chunk);

  /// Scans the next record into `record`; `end` when the input is over,
  /// `unterminated` when it ends inside a quoted cell.
  Result scan(ScannedRecord& record);
  /// The bytes at stream offset `offset` of the current record.
  const char* at(std::uint64_t offset) const { return m_buffer.get() + (offset - m_base); }
  /// Physical lines from `from` to `to` (line feeds between them).
  std::size_t lines_between(std::uint64_t from, std::uint64_t to) const;

private:
  enum class State { start, unquoted, quoted, after_quote, cut };
  bool available(std::uint64_t offset);
  std::uint64_t find(std::uint64_t from, ScannedRecord& record);
  bool refill();
  bool skip_blank_lines();
  Cell& open_cell(std::uint64_t begin, bool quoted, ScannedRecord& record);
  void close_cell(Cell& cell, State state, std::uint64_t at, bool line_end, ScannedRecord& record);
  void end_line(std::uint64_t at, ScannedRecord& record);
  Result finish(ScannedRecord& record, std::uint64_t end, std::size_t last_line);
  bool scan_line(ScannedRecord& record, std::uint64_t position);
  void keep_cell(ScannedRecord& record, std::size_t begin, std::size_t end, std::size_t tail,
                 bool quoted, bool doubled);
  char byte(std::uint64_t offset) const { return m_buffer[offset - m_base]; }
  std::uint64_t limit() const { return m_base + m_size; }

  std::unique_ptr<Source> m_source;
  Finder m_finder;
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_capacity;
  std::size_t m_size = 0;
  std::uint64_t m_base = 0;  // stream offset of m_buffer[0]
  bool m_eof = false;
  std::uint64_t m_position = 0;    // where the next record is looked for
  std::uint64_t m_line_start = 0;  // stream offset where the current line starts
  std::size_t m_line = 1;          // physical line at m_position
  std::uint64_t m_keep = 0;        // bytes from here on stay buffered
  Cell m_spare;                    // the cell being scanned when none is kept
};

}  // namespace fsbo
