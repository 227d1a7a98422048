// Cells as UTF-8: doubled quotes read as one, Windows-1252 decoded, invalid
// bytes and NULs replaced and reported at their line and byte offset.
#include <algorithm>

#include <fmt/format.h>

#include "fsbo/csv.hpp"
#include "fsbo/encoding.hpp"
#include "read/reader.hpp"

namespace fsbo {

namespace {

// A cell's text with each doubled quote read as one, and what was written
// after its closing quote.
void unescape(const RecordScanner& scanner, const Cell& cell, std::string& out) {
  out.clear();
  const std::string_view text(scanner.at(cell.begin), cell.end - cell.begin);
  for (std::size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] == '"') ++i;
  }
  if (cell.quoted) out.append(scanner.at(cell.end + 1), cell.tail - cell.end - 1);
}

// The stream offset of byte `index` of a cell's unescaped text.
std::uint64_t raw_offset(const RecordScanner& scanner, const Cell& cell, std::size_t index) {
  std::uint64_t offset = cell.begin;
  for (std::size_t i = 0; i <= index; ++i) {
    if (cell.quoted && offset == cell.end) offset = cell.end + 1;
    if (i == index) break;
    offset += cell.quoted && offset < cell.end && *scanner.at(offset) == '"' ? 2 : 1;
  }
  return offset;
}

}  // namespace

void CsvReader::decode_fields(Record& record) {
  Impl& in = *m_impl;
  const RecordScanner& scanner = *in.scanner;
  const ScannedRecord& scanned = in.scanned;
  const std::string_view bytes(scanner.at(scanned.begin), scanned.end - scanned.begin);
  // The stand-in is a real byte of its own too: it means NUL only in a file
  // that had one by the end of this record.
  const bool nuls =
      in.served.first_nul < scanned.end && bytes.find(k_nul_stand_in) != std::string_view::npos;
  // Valid UTF-8 cut at ASCII separators gives valid UTF-8 cells: one check
  // for the whole record, none when the whole file was checked.
  const bool utf8 = m_dialect.encoding == Encoding::utf8;
  const bool checked = utf8 && scanned.end <= in.served.utf8_to;
  const bool clean =
      !nuls &&
      (checked || (utf8 ? find_invalid_utf8(bytes) == std::string_view::npos : is_ascii(bytes)));
  const auto& cells = scanned.cells;
  record.fields.resize(cells.size());
  const auto as_written = [&](const Cell& cell) {
    return std::string_view(scanner.at(cell.begin), cell.end - cell.begin);
  };
  // The scanner tells of a record it read on one line whether its cells are
  // plain, without their being looked at again.
  if (clean && (scanned.plain ||
                std::all_of(cells.begin(), cells.end(), [](const Cell& c) { return c.plain(); }))) {
    for (std::size_t k = 0; k < cells.size(); ++k) record.fields[k] = as_written(cells[k]);
    return;
  }
  // Decoding turns a byte into three at most (a character of Windows-1252,
  // U+FFFD): the arena, reserved for that, never moves under the views.
  in.arena.clear();
  in.arena.reserve(3 * bytes.size());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const Cell& cell = cells[k];
    std::string_view text = as_written(cell);
    bool copied = false;
    if (!cell.plain()) {
      unescape(scanner, cell, in.unescaped);
      text = in.unescaped;
      copied = true;
    }
    const bool has_nul = nuls && text.find(k_nul_stand_in) != std::string_view::npos;
    if (!clean && (has_nul || !is_ascii(text))) {
      std::size_t bad = std::string_view::npos;
      if (!utf8 || has_nul || find_invalid_utf8(text) != std::string_view::npos) {
        in.decoded.clear();
        bad = utf8 ? append_utf8_checked(text, in.decoded) : append_windows1252(text, in.decoded);
        const std::size_t nul = has_nul ? text.find(k_nul_stand_in) : std::string_view::npos;
        if (nul != std::string_view::npos) {
          std::size_t at = 0;
          while ((at = in.decoded.find(k_nul_stand_in, at)) != std::string::npos)
            in.decoded.replace(at, 1, "\xEF\xBF\xBD");
        }
        if (std::min(bad, nul) != std::string_view::npos) {
          report_encoding(k, in.decoded, std::min(bad, nul),
                          bad == std::string_view::npos || nul < bad);
        }
        text = in.decoded;
        copied = true;
      }
    }
    if (copied) {
      const std::size_t from = in.arena.size();
      in.arena.append(text);
      text = std::string_view(in.arena).substr(from);
    }
    record.fields[k] = text;
  }
}

// Reports the first bad byte of cell `cell`, at `first` in its unescaped
// text: an invalid or undefined byte, or a NUL.
void CsvReader::report_encoding(std::size_t cell, const std::string& text, std::size_t first,
                                bool nul) {
  const Impl& in = *m_impl;
  const RecordScanner& scanner = *in.scanner;
  const ScannedRecord& scanned = in.scanned;
  const Cell& where = scanned.cells[cell];
  const std::uint64_t offset = raw_offset(scanner, where, first);
  const std::size_t line = scanned.line + scanner.lines_between(scanned.begin, offset);
  const auto byte = static_cast<unsigned char>(*scanner.at(offset));
  const bool utf8 = m_dialect.encoding == Encoding::utf8;
  std::string what = nul    ? "a NUL byte (0x00)"
                     : utf8 ? fmt::format("byte 0x{:02X} is not valid UTF-8", byte)
                            : fmt::format("byte 0x{:02X} is not defined in Windows-1252", byte);
  report({Severity::error, "encoding-error", m_name, line, header_name(cell), text,
          fmt::format("{} at byte offset {}", what, offset),
          utf8 && !nul ? "if the file is not UTF-8, pass --encoding windows-1252" : ""});
}

}  // namespace fsbo
