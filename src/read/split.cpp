#include "read/split.hpp"

#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "fsbo/csv.hpp"
#include "read/ahead.hpp"
#include "read/reader.hpp"
#include "read/scanner.hpp"
#include "read/source.hpp"

namespace fsbo {

namespace {

// Bytes read around the middle of a file to find where a second part starts.
constexpr std::size_t k_split_window = std::size_t{1} << 20;

// Whether `text` opens with k_split_proof whole records of `width` cells,
// read from outside any quote.
bool opens_with_records(std::string_view text, char separator, std::size_t width) {
  std::size_t i = 0;
  for (std::size_t record = 0; record < k_split_proof; ++record) {
    std::size_t cells = 1;
    bool quoted = false;
    for (;; ++i) {
      if (i >= text.size()) return false;
      const char c = text[i];
      if (c == '"') {
        // A doubled quote inside a quoted cell closes and reopens it at once.
        quoted = !quoted;
      } else if (!quoted && c == separator) {
        ++cells;
      } else if (!quoted && c == '\n') {
        break;
      }
    }
    ++i;
    if (cells != width) return false;
  }
  return true;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// A file opened at `offset`; null when that fails.
File open_at(const char* path, std::uint64_t offset) {
  File file(std::fopen(path, "rb"));
  if (file && fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) file.reset();
  return file;
}

}  // namespace

std::size_t count_line_feeds(const char* bytes, std::size_t size) {
  std::size_t feeds = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: each byte lane counts its line feeds (a compare
  // gives -1), up to 255 rounds before the lanes are summed.
  const __m128i line_feed = _mm_set1_epi8('\n');
  while (i + 16 <= size) {
    __m128i lanes = _mm_setzero_si128();
    const std::size_t end = i + 16 * std::min<std::size_t>((size - i) / 16, 255);
    for (; i < end; i += 16) {
      __m128i chunk{};
      std::memcpy(&chunk, bytes + i, sizeof chunk);
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(chunk, line_feed));
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    feeds += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < size; ++i) feeds += bytes[i] == '\n' ? 1 : 0;
  return feeds;
}

std::optional<std::size_t> record_start_in(std::string_view text, char separator,
                                           std::size_t width) {
  std::size_t start = text.find('\n');
  while (start != std::string_view::npos && ++start < text.size()) {
    const char first = text[start];
    if (first != '\n' && first != '\r' &&
        opens_with_records(text.substr(start), separator, width)) {
      return start;
    }
    start = text.find('\n', start);
  }
  return std::nullopt;
}

std::optional<std::size_t> line_feeds_before(const char* path, std::uint64_t count) {
  const File file = open_at(path, 0);
  if (!file) return std::nullopt;
  // Read in chunks that stay in the core's cache: a third faster than a megabyte.
  constexpr std::size_t k_chunk = std::size_t{64} << 10;
  const std::unique_ptr<char[]> buffer(new char[k_chunk]);
  std::size_t feeds = 0;
  while (count > 0) {
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(count, k_chunk));
    if (std::fread(buffer.get(), 1, wanted, file.get()) != wanted) return std::nullopt;
    feeds += count_line_feeds(buffer.get(), wanted);
    count -= wanted;
  }
  return feeds;
}

std::unique_ptr<CsvReader> CsvReader::split(std::uint64_t at_least, Diagnostics& diagnostics) {
  Impl& in = *m_impl;
  if (!m_ok || in.path.empty() || in.size < std::max<std::uint64_t>(at_least, 1) ||
      in.returned == 0 || !in.ahead || in.parted) {
    return nullptr;
  }
  // The reading thread judges the encoding first: the second part needs it.
  if (dialect().line_end == LineEnd::cr) return nullptr;
  const std::uint64_t middle = in.size / 2;
  const File window = open_at(in.path.c_str(), middle);
  if (!window) return nullptr;
  std::string text(k_split_window, '\0');
  text.resize(std::fread(&text[0], 1, text.size(), window.get()));
  const std::optional<std::size_t> found =
      record_start_in(text, m_dialect.separator, m_header.size());
  if (!found) return nullptr;
  const std::uint64_t start = middle + *found;
  File rest = open_at(in.path.c_str(), start);
  if (!rest) return nullptr;
  // Each part is read by the thread that validates it, this one included.
  in.ahead->unthread();
  in.direct = true;
  // A small file may have been read past the split already.
  if (in.finished || in.scanned.end > start) return nullptr;

  std::unique_ptr<CsvReader> second(new CsvReader(m_name, diagnostics));
  second->m_dialect = m_dialect;
  second->m_ok = true;
  second->m_header = m_header;
  second->m_names = m_names;
  Impl& out = *second->m_impl;
  out.path = in.path;
  out.size = in.size;
  // The header is read: the second part has none.
  out.records = 1;
  out.returned = 1;
  out.utf8_checked_to = in.utf8_checked_to;
  out.parted = true;
  out.direct = true;
  auto source = std::make_unique<Source>(std::string(), rest.release(), true, false, out.served);
  out.scanner = std::make_unique<RecordScanner>(std::move(source), m_dialect.separator, start);
  if (in.middle_counted) {
    // The encoding check counted the lines up to the middle.
    out.scanner->start_at_line(in.middle.feeds + count_line_feeds(text.data(), *found) + 1);
  } else {
    out.count_lines_to = start;
  }
  CsvReader* const reader = second.get();
  out.ahead = std::make_unique<ReadAhead>([reader](Batch& batch) { reader->fill(batch); }, false);
  in.stop_at = start;
  in.parted = true;
  in.direct = true;
  return second;
}

void CsvReader::start_after_split() {
  Impl& in = *m_impl;
  const std::optional<std::size_t> feeds = line_feeds_before(in.path.c_str(), in.count_lines_to);

  in.count_lines_to = 0;
  if (feeds) {
    in.scanner->start_at_line(*feeds + 1);
    return;
  }
  // Without its line numbers the part is not read: the read error says why.
  in.served.error = errno != 0 ? errno : EIO;
  in.finished = true;
  report({Severity::error, "unreadable-file", m_name, 0, "", "",
          fmt::format("read error: {}", std::generic_category().message(in.served.error)), ""});
}

bool CsvReader::stopped_at_split() const {
  const Impl& in = *m_impl;
  return in.paused && in.scanned.begin == in.stop_at;
}

void CsvReader::read_on() {
  m_impl->stop_at = UINT64_MAX;
}

void CsvReader::take_over(const CsvReader& second) {
  Impl& in = *m_impl;
  const Impl& out = *second.m_impl;
  in.records += out.records - 1;
  in.returned += out.returned - 1;
  in.paused = false;
  in.finished = out.finished;
  in.broken = out.broken;
  in.served.error = out.served.error;
  in.ended = out.ended;
}

}  // namespace fsbo
