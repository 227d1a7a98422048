// Dialect detection: BOM, separator, line ends and encoding of an input,
// from its first megabyte (and, for a regular file, a scan of the rest).
#include "read/dialect.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace fsbo {

namespace {

constexpr std::size_t k_scan_chunk = std::size_t{256} << 10;

}  // namespace

bool rest_is_utf8(std::FILE* file, std::string_view prefix, std::uint64_t& checked_to) {
  // A sequence cut at the end of the sample is judged with what follows it.
  const std::string_view carry = prefix.substr(prefix.size() - cut_utf8_tail(prefix));
  const long start = std::ftell(file);
  // Room for a cut sequence carried over, then a chunk; not zeroed.
  const std::unique_ptr<char[]> buffer(new char[4 + k_scan_chunk]);
  std::memcpy(buffer.get(), carry.data(), carry.size());
  std::size_t carried = carry.size();
  auto end = static_cast<std::uint64_t>(start);
  bool valid = true;
  while (valid) {
    const std::size_t got = std::fread(buffer.get() + carried, 1, k_scan_chunk, file);
    end += got;
    // A sequence cut by the end of the file (a half download) does not make
    // the rest of it Windows-1252: the reader reports that last byte.
    if (got == 0) break;
    const std::string_view chunk(buffer.get(), carried + got);
    const std::size_t tail = cut_utf8_tail(chunk);
    valid = find_invalid_utf8(chunk.substr(0, chunk.size() - tail)) == std::string_view::npos;
    std::memmove(buffer.get(), chunk.data() + chunk.size() - tail, tail);
    carried = tail;
  }
  checked_to = end - carried;
  std::fseek(file, start, SEEK_SET);
  return valid;
}

namespace {

// The separator of the first record: the most frequent candidate outside
// quotes, ties going to the earlier candidate.
char sniff_separator(std::string_view prefix) {
  constexpr std::array<char, 4> k_candidates = {',', ';', '\t', '|'};
  std::array<std::size_t, 4> counts{};
  bool quoted = false;
  // Blank lines before the header are skipped by the reader, and here too.
  for (const char c : prefix.substr(std::min(prefix.find_first_not_of("\r\n"), prefix.size()))) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (std::size_t k = 0; k < k_candidates.size(); ++k) counts[k] += c == k_candidates[k];
  }
  const auto best = std::max_element(counts.begin(), counts.end());
  return *best == 0 ? ',' : k_candidates[static_cast<std::size_t>(best - counts.begin())];
}

// The first line end outside quotes tells: a line break inside a quoted cell
// may differ (Excel writes LF there whatever ends its lines).
LineEnd sniff_line_end(std::string_view prefix) {
  bool quoted = false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = prefix[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') return LineEnd::lf;
    if (c == '\r')
      return i + 1 < prefix.size() && prefix[i + 1] == '\n' ? LineEnd::crlf : LineEnd::cr;
  }
  return LineEnd::lf;
}

}  // namespace

Dialect sniff_dialect(std::string& prefix, const DialectOverride& override_) {
  Dialect dialect;
  // Excel's "Texte Unicode" is UTF-16 with a BOM; fsbo does not read it.
  if (prefix.rfind("\xFF\xFE", 0) == 0 || prefix.rfind("\xFE\xFF", 0) == 0) {
    dialect.encoding = Encoding::utf16;
    return dialect;
  }
  if (std::string_view(prefix).substr(0, k_utf8_bom.size()) == k_utf8_bom) {
    dialect.bom = true;
    prefix.erase(0, k_utf8_bom.size());
  }
  dialect.separator = override_.separator.value_or(sniff_separator(prefix));
  dialect.line_end = sniff_line_end(prefix);
  if (override_.encoding) {
    dialect.encoding = *override_.encoding;
  } else if (!dialect.bom) {
    // A sequence cut at the end of the sample is judged by what follows it,
    // or, at the end of the input, reported by the reader.
    const std::size_t tail = cut_utf8_tail(prefix);
    const std::string_view head = std::string_view(prefix).substr(0, prefix.size() - tail);
    const bool utf8 = find_invalid_utf8(head) == std::string_view::npos;
    dialect.encoding = utf8 ? Encoding::utf8 : Encoding::windows1252;
  }
  return dialect;
}

const char* separator_name(char separator) {
  switch (separator) {
    case ',': return "','";
    case ';': return "';'";
    case '\t': return "tab";
    case '|': return "'|'";
    default: return "other";
  }
}

const char* line_end_name(LineEnd line_end) {
  switch (line_end) {
    case LineEnd::lf: return "LF";
    case LineEnd::crlf: return "CRLF";
    case LineEnd::cr: return "CR";
  }
  return "";
}

std::string describe(const Dialect& dialect) {
  return fmt::format("{}{}, {} separator, {} line ends", encoding_name(dialect.encoding),
                     dialect.bom ? " with BOM" : "", separator_name(dialect.separator),
                     line_end_name(dialect.line_end));
}

}  // namespace fsbo
