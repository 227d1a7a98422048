#include "fsbo/csv.hpp"

#include "read/dialect.hpp"
#include "read/source.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <limits>
#include <string_view>

#include <fmt/format.h>

namespace fsbo {

namespace {

// A record (quoted line breaks included) longer than this is left out, and
// its text not kept, so that memory stays bounded whatever the input.
constexpr std::size_t k_max_record = std::size_t{1} << 24;
// Cells kept per record; past this a record's cells are counted only.
constexpr std::size_t k_max_fields = std::size_t{1} << 17;

// The first bytes of `file`, to sniff its dialect: a megabyte past any blank
// lines in front of the header (up to 64 MiB of them).
std::string read_sample(std::FILE* file) {
  constexpr std::size_t k_max_blank = std::size_t{64} << 20;
  std::string sample;
  std::size_t blank = 0;
  const std::unique_ptr<char[]> chunk(new char[k_sniff_bytes]);  // not zeroed, unlike a string
  for (;;) {
    const std::size_t got = std::fread(chunk.get(), 1, k_sniff_bytes, file);
    sample.append(chunk.get(), got);
    blank = std::min(sample.find_first_not_of("\r\n", blank), sample.size());
    const bool more = got == k_sniff_bytes && std::ferror(file) == 0;
    if (!more || blank < sample.size() || blank >= k_max_blank) return sample;
  }
}

bool is_plain_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) {
    return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r';
  });
}

// Where a record's scan stands between characters.
struct Scan {
  bool at_start = true;  // at the first character of a field
  bool quoted = false;   // inside a quoted field
  std::size_t quote_line = 0;
};

}  // namespace

struct CsvReader::Impl {
  Served served;
  std::unique_ptr<io::LineReader> lines;
  std::uint64_t skipped = 0;   // bytes before what the source serves (a BOM)
  std::uint64_t consumed = 0;  // bytes served up to the end of the current line
  std::uint64_t line_offset = 0;
  std::size_t physical_line = 0;
  std::size_t records = 0;
  bool finished = false;
  bool broken = false;            // reading stopped on an error already reported
  std::size_t cut_line = 0;       // a line of the current record cut short, or 0
  std::size_t record_bytes = 0;   // bytes of the current record
  std::size_t stray_quote = 0;    // 1 + field with a quote where none belongs, or 0
  std::size_t cells_dropped = 0;  // cells past k_max_fields in the current record
  bool discarding = false;        // the record is too long: its text is not kept
  // Fields as bytes before decoding, where each starts, reused record to record.
  std::vector<std::string> raw;
  std::vector<std::uint64_t> raw_offsets;
  std::vector<std::size_t> raw_lines;
  // (field, index in its raw bytes) of each doubled quote kept as one, so
  // that byte offsets count both.
  std::vector<std::pair<std::size_t, std::size_t>> collapsed;
  std::size_t count = 0;

  // The next physical line, without its line end; `crlf` tells whether that
  // end was CR LF, which io::LineReader strips to NUL NUL.
  bool next_line(std::string_view& text, bool& crlf) {
    char* line = lines->next_line();
    if (line == nullptr) return false;
    const std::size_t length = std::strlen(line);
    crlf = consumed + length + 1 < served.bytes && line[length + 1] == '\0';
    ++physical_line;
    if (!served.cut_lines.empty() && served.cut_lines.front().line == physical_line) {
      if (cut_line == 0) cut_line = physical_line;
      skipped += served.cut_lines.front().dropped;
      served.cut_lines.pop_front();
    }
    line_offset = skipped + consumed;
    consumed += length + (crlf ? 2 : 1);
    record_bytes += length + 1;
    text = std::string_view(line, length);
    return true;
  }

  // Reads a quoted field's text from `i` up to its closing quote or the line
  // end; returns where scanning goes on.
  std::size_t scan_quoted(std::string_view line, std::size_t i, Scan& scan) {
    std::string& field = raw[count - 1];
    const std::size_t quote = line.find('"', i);
    if (!discarding) field.append(line.substr(i, quote - i));
    if (quote == std::string_view::npos) return line.size();
    if (quote + 1 < line.size() && line[quote + 1] == '"') {
      if (!discarding) {
        collapsed.emplace_back(count - 1, field.size());
        field.push_back('"');
      }
      return quote + 2;
    }
    scan.quoted = false;
    return quote + 1;
  }

  // Reads unquoted text from `i` up to the next separator, which opens the
  // next field, or the line end; returns where scanning goes on.
  std::size_t scan_unquoted(std::string_view line, std::size_t i, char separator, Scan& scan) {
    if (scan.at_start && line[i] == '"') {
      scan.quoted = true;
      scan.at_start = false;
      scan.quote_line = physical_line;
      raw_offsets[count - 1] = line_offset + i + 1;
      return i + 1;
    }
    // Text after a closing quote, or a quote inside an unquoted field, is kept as written.
    const std::size_t end = line.find(separator, i);
    const std::string_view text = line.substr(i, end - i);
    const bool after_quote = !scan.at_start && !text.empty();
    if (stray_quote == 0 && (after_quote || text.find('"') != std::string_view::npos)) {
      stray_quote = count;
    }
    if (!discarding) raw[count - 1].append(text);
    scan.at_start = end != std::string_view::npos;
    if (!scan.at_start) return line.size();
    open_field(line_offset + end + 1);
    return end + 1;
  }

  void forget_fields() {
    for (std::size_t k = 0; k < count; ++k) std::string().swap(raw[k]);
    collapsed.clear();
    discarding = true;
  }

  void open_field(std::uint64_t offset) {
    if (count == k_max_fields) {
      // Past the bound cells are counted, not kept: the last one takes them.
      ++cells_dropped;
      raw[count - 1].clear();
      return;
    }
    if (raw.size() <= count) {
      raw.emplace_back();
      raw_offsets.emplace_back();
      raw_lines.emplace_back();
    }
    raw[count].clear();
    raw_offsets[count] = offset;
    raw_lines[count] = physical_line;
    ++count;
  }
};

CsvReader::CsvReader(std::string name, Diagnostics& diagnostics)
    : m_name(std::move(name)), m_diagnostics(diagnostics), m_impl(std::make_unique<Impl>()) {}

CsvReader::~CsvReader() = default;

CsvReader::CsvReader(std::string path, const DialectOverride& override_, Diagnostics& diagnostics)
    : CsvReader(std::move(path), diagnostics) {
  const bool is_stdin = m_name == "-";
  auto unreadable = [&](const std::string& why) {
    m_diagnostics.add({Severity::error, "unreadable-file", m_name, 0, "", "",
                       fmt::format("cannot read the file: {}", why), ""});
  };
  struct stat info {};
  if (!is_stdin && ::stat(m_name.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    unreadable("it is a directory");
    return;
  }
  std::FILE* file = is_stdin ? stdin : std::fopen(m_name.c_str(), "rb");
  if (file == nullptr) {
    unreadable(std::strerror(errno));
    return;
  }
  std::string prefix = read_sample(file);
  if (std::ferror(file) != 0) {
    unreadable(std::strerror(errno));
    if (!is_stdin) std::fclose(file);
    return;
  }
  const bool seekable = !is_stdin && S_ISREG(info.st_mode);
  start(std::move(prefix), file, Rest{!is_stdin, seekable}, override_);
}

std::unique_ptr<CsvReader> CsvReader::from_bytes(std::string name, std::string bytes,
                                                 const DialectOverride& override_,
                                                 Diagnostics& diagnostics) {
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(name), diagnostics));
  reader->start(std::move(bytes), nullptr, Rest{false, false}, override_);
  return reader;
}

void CsvReader::start(std::string prefix, std::FILE* rest, Rest how,
                      const DialectOverride& override_) {
  m_dialect = sniff_dialect(prefix, how.seekable ? rest : nullptr, override_);
  m_ok = true;
  if (m_dialect.encoding == Encoding::utf16) {
    m_diagnostics.add(
        {Severity::error, "encoding-error", m_name, 1, "", "",
         "the file is UTF-16 (Excel's \"Texte Unicode\"), which fsbo does not read",
         "save it from Excel as \"CSV UTF-8\" or \"CSV (séparateur : point-virgule)\""});
    if (rest != nullptr && how.close) std::fclose(rest);
    m_impl->finished = true;
    return;
  }
  if (m_dialect.bom) m_impl->skipped = k_utf8_bom.size();
  auto source = std::make_unique<Source>(std::move(prefix), rest, how.close,
                                         m_dialect.line_end == LineEnd::cr, m_impl->served);
  m_impl->lines = std::make_unique<io::LineReader>(m_name, std::move(source));
}

bool CsvReader::read_to_end() const {
  return m_impl->finished && !m_impl->broken && m_impl->served.error == 0;
}

std::size_t CsvReader::records() const {
  return m_impl->records;
}

std::string CsvReader::column_name(std::size_t index) const {
  if (index < m_header.size() && !m_header[index].empty()) return m_header[index];
  return fmt::format("column {}", index + 1);
}

bool CsvReader::next(Record& record) {
  Impl& in = *m_impl;
  if (!m_ok || in.finished) return false;
  Outcome outcome = Outcome::dropped;
  try {
    while (outcome == Outcome::dropped) {
      outcome = read_record(record);
      // Excel writes rows of separators alone (";;;;") below its data: blank lines.
      const auto blank = [](const std::string& field) { return field.empty(); };
      if (outcome == Outcome::record && in.records > 0 && record.last_line == record.line &&
          std::all_of(record.fields.begin(), record.fields.end(), blank)) {
        outcome = Outcome::dropped;
        continue;
      }
      if (outcome == Outcome::record && in.records > 0 && record.fields == m_header) {
        // Exports concatenated with `cat` repeat their header: it is no data.
        m_diagnostics.add({Severity::warning, "repeated-header", m_name, record.line, "", "",
                           "the header line is repeated (concatenated exports?): it is skipped",
                           ""});
        outcome = Outcome::dropped;
      }
    }
  } catch (const io::error::line_length_limit_exceeded&) {
    // The source cuts long lines; this stays as a guard should that change.
    m_diagnostics.add({Severity::error, "line-too-long", m_name, in.physical_line + 1, "", "",
                       "a line is longer than 16 MiB; the rest of the file is not read", ""});
    in.broken = true;
    outcome = Outcome::end;
  }
  if (outcome == Outcome::end) {
    in.finished = true;
    if (in.served.error != 0) {
      m_diagnostics.add({Severity::error, "unreadable-file", m_name, in.physical_line, "", "",
                         fmt::format("read error: {}", std::strerror(in.served.error)), ""});
    } else if (in.records == 0 && !in.broken) {
      m_diagnostics.add({Severity::error, "empty-file", m_name, 1, "", "",
                         "the file is empty: there is no header line", ""});
    }
    return false;
  }
  if (in.records++ == 0) {
    m_header = record.fields;
    if (m_header.size() == 1) {
      m_diagnostics.add({Severity::warning, "single-column", m_name, record.line, "", "",
                         fmt::format("the file reads as a single column with separator {}",
                                     separator_name(m_dialect.separator)),
                         "the separator is probably wrong; set it with --sep"});
    }
  }
  return true;
}

CsvReader::Outcome CsvReader::read_record(Record& record) {
  Impl& in = *m_impl;
  std::string_view line;
  bool crlf = false;
  in.cut_line = 0;
  in.stray_quote = 0;
  do {
    in.record_bytes = 0;
    if (!in.next_line(line, crlf)) return Outcome::end;
  } while (line.empty() && in.cut_line == 0);
  record.line = in.physical_line;
  // Files joined with `cat` carry their BOM into the middle of the whole.
  if (line.substr(0, k_utf8_bom.size()) == k_utf8_bom) {
    line.remove_prefix(k_utf8_bom.size());
    in.line_offset += k_utf8_bom.size();
  }
  in.count = 0;
  in.cells_dropped = 0;
  in.discarding = false;
  in.collapsed.clear();
  in.open_field(in.line_offset);
  Scan scan;
  std::size_t i = 0;
  for (;;) {
    if (i < line.size()) {
      i = scan.quoted ? in.scan_quoted(line, i, scan)
                      : in.scan_unquoted(line, i, m_dialect.separator, scan);
      continue;
    }
    // A cut line may have lost its closing quote: its record ends with it.
    if (!scan.quoted || in.cut_line != 0) break;
    // A quoted field goes on past the line end, which belongs to it.
    if (!in.discarding) in.raw[in.count - 1].append(crlf ? "\r\n" : "\n");
    if (!in.next_line(line, crlf)) {
      m_diagnostics.add({Severity::error, "unterminated-quote", m_name, scan.quote_line,
                         column_name(in.count - 1), "",
                         "a quoted field is never closed: the record is left out", ""});
      in.broken = true;
      return Outcome::end;
    }
    // Past the bound the text is not kept; the scan goes on to the record's end.
    if (in.record_bytes > k_max_record && !in.discarding) in.forget_fields();
    i = 0;
  }
  record.last_line = in.physical_line;
  record.cells_dropped = in.cells_dropped;
  if (!complete(record)) {
    // Without its header a file cannot be read at all.
    in.broken = in.records == 0;
    return in.broken ? Outcome::end : Outcome::dropped;
  }
  decode_fields(record);
  return Outcome::record;
}

bool CsvReader::complete(const Record& record) {
  const Impl& in = *m_impl;
  if (in.cut_line != 0) {
    m_diagnostics.add({Severity::error, "line-too-long", m_name, in.cut_line, "", "",
                       "the line is longer than 16 MiB: its record is left out", ""});
    return false;
  }
  if (in.record_bytes > k_max_record) {
    m_diagnostics.add({Severity::error, "record-too-long", m_name, record.line, "", "",
                       fmt::format("the record from line {} to line {} is longer than 16 MiB: "
                                   "it is left out",
                                   record.line, record.last_line),
                       ""});
    return false;
  }
  if (in.stray_quote != 0) {
    m_diagnostics.add({Severity::warning, "stray-quote", m_name, record.line,
                       column_name(in.stray_quote - 1), "",
                       "a quote inside an unquoted field, or text after a closing quote: the "
                       "field may not read as meant",
                       "quote the whole field, and double the quotes inside it"});
  }
  return true;
}

void CsvReader::decode_fields(Record& record) {
  Impl& in = *m_impl;
  record.fields.resize(in.count);
  for (std::size_t k = 0; k < in.count; ++k) {
    std::string& raw = in.raw[k];
    std::string& out = record.fields[k];
    if (is_plain_ascii(raw)) {
      // Plain text needs no decoding: hand the bytes over, and keep the old
      // buffer for the next record.
      out.swap(raw);
      continue;
    }
    out.clear();
    const std::size_t bad = m_dialect.encoding == Encoding::utf8 ? append_utf8_checked(raw, out)
                                                                 : append_windows1252(raw, out);
    // The stand-in is a real byte of its own too: it means NUL only in a file that had some.
    const std::size_t nul = in.served.nuls == 0 ? std::string::npos : raw.find(k_nul_stand_in);
    if (nul != std::string::npos) {
      std::size_t at = 0;
      while ((at = out.find(k_nul_stand_in, at)) != std::string::npos)
        out.replace(at, 1, "\xEF\xBF\xBD");
    }
    const std::size_t first = std::min(bad, nul);
    if (first == std::string::npos) continue;
    const auto byte = static_cast<unsigned char>(raw[first]);
    const std::size_t line =
        in.raw_lines[k] + static_cast<std::size_t>(std::count(
                              raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(first), '\n'));
    const auto doubled =
        std::count_if(in.collapsed.begin(), in.collapsed.end(),
                      [&](const auto& at) { return at.first == k && at.second < first; });
    const std::uint64_t offset = in.raw_offsets[k] + first + static_cast<std::uint64_t>(doubled);
    std::string what = first == nul ? "a NUL byte (0x00)"
                       : m_dialect.encoding == Encoding::utf8
                           ? fmt::format("byte 0x{:02X} is not valid UTF-8", byte)
                           : fmt::format("byte 0x{:02X} is not defined in Windows-1252", byte);
    m_diagnostics.add({Severity::error, "encoding-error", m_name, line, column_name(k), out,
                       fmt::format("{} at byte offset {}", what, offset),
                       m_dialect.encoding == Encoding::utf8 && first != nul
                           ? "if the file is not UTF-8, pass --encoding windows-1252"
                           : ""});
  }
}

}  // namespace fsbo
