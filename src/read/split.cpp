#include "read/split.hpp"

#include <sys/stat.h>
#include <sys/types.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "fsbo/csv.hpp"
#include "fsbo/halves.hpp"
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

}  // namespace

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

File open_again(const std::string& path, FileId id, std::uint64_t offset) {
  File file(std::fopen(path.c_str(), "rb"));
  struct stat info {};
  if (!file || ::fstat(fileno(file.get()), &info) != 0 || info.st_dev != id.device ||
      info.st_ino != id.inode || fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0) {
    return nullptr;
  }
  return file;
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
  const File window = open_again(in.path, in.id, middle);
  if (!window) return nullptr;
  std::string text(k_split_window, '\0');
  text.resize(std::fread(&text[0], 1, text.size(), window.get()));
  const std::optional<std::size_t> found =
      record_start_in(text, m_dialect.separator, m_header.size());
  if (!found) return nullptr;
  const std::uint64_t start = middle + *found;
  File rest = open_again(in.path, in.id, start);
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
  out.id = in.id;
  out.size = in.size;
  // The header is read: the second part has none.
  out.records = 1;
  out.returned = 1;
  out.parted = true;
  out.part_start = start;
  out.direct = true;
  out.served.end = start;
  out.served.utf8_to = in.served.utf8_to;
  out.checks_utf8 = in.checks_utf8;
  auto source = std::make_unique<Source>(std::string(), rest.release(), true, false, out.served);
  if (out.checks_utf8) source->check_utf8();
  out.scanner = std::make_unique<RecordScanner>(std::move(source), m_dialect.separator, start);
  CsvReader* const reader = second.get();
  out.ahead = std::make_unique<ReadAhead>([reader](Batch& batch) { reader->fill(batch); }, false);
  in.stop_at = start;
  in.parted = true;
  in.direct = true;
  return second;
}

bool CsvReader::stopped_at_split() const {
  const Impl& in = *m_impl;
  // A read error past the split would have stopped one reading there.
  return in.paused && in.scanned.begin == in.stop_at && in.served.error == 0 &&
         in.served.first_nul >= in.stop_at;
}

std::size_t CsvReader::split_line() const {
  return m_impl->scanned.line;
}

std::size_t CsvReader::lines_before() const {
  const Impl& in = *m_impl;
  if (in.part_start == 0) return 0;
  if (!in.lines_before) {
    constexpr std::size_t k_chunk = std::size_t{64} << 10;
    std::size_t feeds = 0;
    std::string chunk(k_chunk, '\0');
    const File head = open_again(in.path, in.id, 0);
    for (std::uint64_t left = in.part_start; head && left > 0;) {
      const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(left, k_chunk));
      const std::size_t got = std::fread(&chunk[0], 1, wanted, head.get());
      if (got == 0) break;
      feeds += static_cast<std::size_t>(std::count(chunk.data(), chunk.data() + got, '\n'));
      left -= got;
    }
    in.lines_before = feeds;
  }
  return *in.lines_before;
}

void CsvReader::read_on() {
  Impl& in = *m_impl;
  in.stop_at = UINT64_MAX;
  // The rest is read ahead on a second thread again, as it would have been
  // without the split: the second part's reading is over.
  if (in.direct && in.batch == nullptr && !in.finished) {
    in.direct = false;
    in.ahead = std::make_unique<ReadAhead>([this](Batch& batch) { fill(batch); }, true);
  }
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

bool CsvReader::read_in_parts(std::uint64_t at_least, Diagnostics& diagnostics,
                              const std::function<void(CsvReader&, std::size_t)>& read,
                              const std::function<bool(const CsvReader&)>& join) {
  const std::unique_ptr<CsvReader> second = split(at_least, diagnostics);
  if (!second) return false;
  in_two(1, 2, [&](std::size_t half, std::size_t, std::size_t) {
    read(half == 0 ? *this : *second, half);
  });
  if (!stopped_at_split() || !join(*second)) {
    read_on();
    return false;
  }
  take_over(*second);
  return true;
}

}  // namespace fsbo
