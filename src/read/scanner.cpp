#include "read/scanner.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fsbo {

void Finder::reset(const char* data, std::size_t size) {
  m_data = data;
  m_size = size;
  m_block = SIZE_MAX;
}

// Bit i set when byte block + i is structural.
std::uint64_t Finder::mask(std::size_t block) const {
  const char* bytes = m_data + block;
  std::uint64_t bits = 0;
#if defined(__SSE2__)
  if (block + 64 <= m_size) {
    const __m128i separator = _mm_set1_epi8(m_separator);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i line_feed = _mm_set1_epi8('\n');
    for (std::size_t k = 0; k < 4; ++k) {
      __m128i chunk{};
      std::memcpy(&chunk, bytes + 16 * k, sizeof chunk);
      const __m128i hits =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, separator), _mm_cmpeq_epi8(chunk, quote)),
                       _mm_cmpeq_epi8(chunk, line_feed));
      const auto found = static_cast<std::uint32_t>(_mm_movemask_epi8(hits));
      bits |= static_cast<std::uint64_t>(found) << (16 * k);
    }
    return bits;
  }
#endif
  const std::size_t count = std::min<std::size_t>(64, m_size - block);
  for (std::size_t i = 0; i < count; ++i) {
    const char c = bytes[i];
    if (c == m_separator || c == '"' || c == '\n') bits |= std::uint64_t{1} << i;
  }
  return bits;
}

RecordScanner::RecordScanner(std::unique_ptr<Source> source, char separator, std::uint64_t skipped,
                             std::size_t buffer)
    : m_source(std::move(source)),
      m_finder(separator),
      m_buffer(new char[std::max<std::size_t>(buffer, 1)]),
      m_capacity(std::max<std::size_t>(buffer, 1)),
      m_base(skipped),
      m_position(skipped),
      m_line_start(skipped),
      m_keep(skipped) {}

std::size_t RecordScanner::lines_between(std::uint64_t from, std::uint64_t to) const {
  return static_cast<std::size_t>(std::count(at(from), at(to), '\n'));
}

// Drops the bytes before m_keep and reads more after what is buffered;
// false at the end of the input.
bool RecordScanner::refill() {
  if (m_eof) return false;
  const std::size_t dropped = m_keep - m_base;
  std::memmove(m_buffer.get(), m_buffer.get() + dropped, m_size - dropped);
  m_size -= dropped;
  m_base = m_keep;
  if (m_size == m_capacity) {
    // A record longer than the buffer: bounded by k_max_record, past which
    // the scan keeps nothing.
    std::unique_ptr<char[]> larger(new char[2 * m_capacity]);
    std::memcpy(larger.get(), m_buffer.get(), m_size);
    m_buffer = std::move(larger);
    m_capacity *= 2;
  }
  const std::size_t wanted = std::min<std::size_t>(m_capacity - m_size, INT_MAX);
  const int got = m_source->read(m_buffer.get() + m_size, static_cast<int>(wanted));
  if (got > 0) m_size += static_cast<std::size_t>(got);
  m_eof = got <= 0;
  m_finder.reset(m_buffer.get(), m_size);
  return !m_eof;
}

bool RecordScanner::available(std::uint64_t offset) {
  while (offset >= limit()) {
    if (!refill()) return false;
  }
  return true;
}

// The first structural byte at or after `from`, or limit() when the input
// is over. Reading more is where the record's length is checked.
std::uint64_t RecordScanner::find(std::uint64_t from, ScannedRecord& record) {
  for (;;) {
    if (from < limit()) {
      const std::size_t index = m_finder.next(from - m_base);
      if (index < m_size) return m_base + index;
      from = limit();
    }
    if (record.cut_line == 0 && from - m_line_start > k_max_line) {
      record.cut_line = m_line;
      record.too_long = true;
    }
    if (from - record.begin > k_max_record) record.too_long = true;
    if (record.too_long) m_keep = from;
    if (!refill()) return limit();
  }
}

bool RecordScanner::skip_blank_lines() {
  for (;;) {
    m_keep = m_position;
    if (!available(m_position)) return false;
    const char c = byte(m_position);
    std::size_t ending = 0;
    if (c == '\n') {
      ending = 1;
    } else if (c == '\r') {
      if (!available(m_position + 1)) {
        ++m_position;  // a lone CR at the end: a blank line
        return false;
      }
      if (byte(m_position + 1) == '\n') ending = 2;
    }
    if (ending == 0) return true;
    m_position += ending;
    m_line_start = m_position;
    ++m_line;
  }
}

void RecordScanner::end_line(std::uint64_t at, ScannedRecord& record) {
  if (record.cut_line == 0 && at - m_line_start > k_max_line) {
    record.cut_line = m_line;
    record.too_long = true;
  }
  ++m_line;
  m_line_start = at + 1;
}

// Starts a cell at `begin`, written field by field where it is kept: a cell
// built on the stack and copied in is read back whole before its narrow
// stores are done, a store-forwarding stall on every cell.
Cell& RecordScanner::open_cell(std::uint64_t begin, bool quoted, ScannedRecord& record) {
  if (quoted) record.quote_cell = record.opened;
  ++record.opened;
  Cell* cell = &m_spare;  // a record too long to keep: only the scan's state matters
  if (!record.too_long) {
    if (record.cells.size() == k_max_cells) {
      // Past the bound cells are counted, not kept: the last one takes them.
      ++record.cells_dropped;
    } else {
      record.cells.emplace_back();
    }
    cell = &record.cells.back();
  }
  cell->begin = begin;
  cell->end = begin;
  cell->tail = begin;
  cell->quoted = quoted;
  cell->doubled = false;
  return *cell;
}

// Ends the cell being scanned at `at` (a separator, a line feed or the end
// of the input); a CR before the line's end belongs to the line end.
void RecordScanner::close_cell(Cell& cell, State state, std::uint64_t at, bool line_end,
                               ScannedRecord& record) {
  if (record.too_long) return;
  std::uint64_t text_end = at;
  if (line_end && at > m_line_start && byte(at - 1) == '\r') --text_end;
  if (state == State::unquoted) {
    cell.end = text_end;
  } else {
    cell.tail = text_end;
    if (text_end > cell.end + 1 && record.stray_quote == 0)
      record.stray_quote = record.cells.size();
  }
}

RecordScanner::Result RecordScanner::finish(ScannedRecord& record, std::uint64_t end,
                                            std::size_t last_line) {
  record.end = end;
  record.last_line = last_line;
  // Checked on reading more too, so that the buffer stays bounded.
  if (end - record.begin > k_max_record) record.too_long = true;
  m_position = end;
  return Result::record;
}

// Keeps a cell of the record being scanned on one line, from buffer indices.
void RecordScanner::keep_cell(ScannedRecord& record, std::size_t begin, std::size_t end,
                              std::size_t tail, bool quoted, bool doubled) {
  ++record.opened;
  Cell& cell = record.cells.emplace_back();
  cell.begin = m_base + begin;
  cell.end = m_base + end;
  cell.tail = m_base + tail;
  cell.quoted = quoted;
  cell.doubled = doubled;
  record.plain &= !doubled;
}

// Most records of any file lie on one line already buffered, their cells
// plain or quoted whole: such a record is read here from one structural byte
// to the next, without the state machine of scan(), whose branches on each
// byte's state cost more than the search itself. Anything else (a line break
// in quotes, a stray quote, the buffer's end, a bound reached) returns false
// having changed nothing but the record's cells and their count, which scan()
// starts again when it reads the record itself.
bool RecordScanner::scan_line(ScannedRecord& record, std::uint64_t position) {
  const char separator = m_finder.separator();
  const char* const data = m_buffer.get();
  const std::size_t size = m_size;
  std::size_t i = position - m_base;
  std::size_t last_quoted = SIZE_MAX;
  for (;;) {
    if (i >= size || record.cells.size() == k_max_cells) return false;
    std::size_t found = 0;
    if (data[i] == '"') {
      bool doubled = false;
      std::size_t k = i + 1;
      for (;;) {
        k = m_finder.next(k);
        if (k + 1 >= size || data[k] == '\n') return false;
        if (data[k] != '"') {
          ++k;
        } else if (data[k + 1] == '"') {
          doubled = true;
          k += 2;
        } else {
          break;
        }
      }
      last_quoted = record.cells.size();
      keep_cell(record, i + 1, k, k + 1, true, doubled);
      const char after = data[k + 1];
      if (after == separator) {
        i = k + 2;
        continue;
      }
      found = k + 1 + (after == '\r' ? 1 : 0);
      if (found >= size || data[found] != '\n') return false;
    } else {
      found = m_finder.next(i);
      if (found >= size || data[found] == '"') return false;
      std::size_t text_end = found;
      if (data[found] == '\n' && m_base + found > m_line_start && data[found - 1] == '\r') {
        --text_end;
      }
      keep_cell(record, i, text_end, i, false, false);
      if (data[found] == separator) {
        i = found + 1;
        continue;
      }
    }
    // The record's line feed, at `found`.
    if (m_base + found - m_line_start > k_max_line) return false;
    if (last_quoted != SIZE_MAX) {
      record.quote_line = m_line;
      record.quote_cell = last_quoted;
    }
    const std::size_t line = m_line;
    end_line(m_base + found, record);
    finish(record, m_base + found + 1, line);
    return true;
  }
}

RecordScanner::Result RecordScanner::scan(ScannedRecord& record) {
  if (!skip_blank_lines()) return Result::end;
  record.cells.clear();
  record.cells_dropped = 0;
  record.cut_line = 0;
  record.too_long = false;
  record.stray_quote = 0;
  record.opened = 0;
  record.begin = m_position;
  record.line = m_line;
  std::uint64_t position = m_position;
  // Files joined with `cat` carry their BOM into the middle of the whole.
  if (available(position + 2) && std::memcmp(at(position), "\xEF\xBB\xBF", 3) == 0) position += 3;
  record.plain = true;
  if (scan_line(record, position)) return Result::record;
  record.cells.clear();
  record.opened = 0;
  record.plain = false;
  State state = State::start;
  Cell* cell = &m_spare;
  for (;;) {
    if (state == State::start) {
      const bool quoted = available(position) && byte(position) == '"';
      if (quoted) {
        record.quote_line = m_line;
        ++position;
      }
      cell = &open_cell(position, quoted, record);
      state = quoted ? State::quoted : State::unquoted;
    }
    const std::uint64_t found = find(position, record);
    if (record.cut_line != 0) state = State::cut;
    if (found == limit()) {
      if (state == State::quoted) return Result::unterminated;
      if (state != State::cut) close_cell(*cell, state, found, true, record);
      return finish(record, found, m_line);
    }
    const char c = byte(found);
    position = found + 1;
    if (c == '\n') {
      const std::size_t line = m_line;
      if (state == State::quoted) {
        end_line(found, record);
        if (record.cut_line == 0) continue;
      } else {
        if (state != State::cut) close_cell(*cell, state, found, true, record);
        end_line(found, record);
      }
      return finish(record, position, line);
    }
    if (state == State::cut) continue;
    if (state == State::quoted) {
      if (c != '"') continue;
      const bool more = available(position);
      if (more && byte(position) == '"') {
        cell->doubled = true;
        ++position;
        continue;
      }
      cell->end = found;
      cell->tail = position;
      // A separator right after the closing quote, as in nearly every quoted
      // cell, ends it here, without looking for it.
      if (more && byte(position) == m_finder.separator()) {
        ++position;
        state = State::start;
        continue;
      }
      state = State::after_quote;
      continue;
    }
    if (c == '"') {
      if (record.stray_quote == 0) record.stray_quote = record.cells.size();
      continue;
    }
    close_cell(*cell, state, found, false, record);
    state = State::start;
  }
}

}  // namespace fsbo
