#include "fsbo/csv.hpp"

#include "read/ahead.hpp"
#include "read/dialect.hpp"
#include "read/reader.hpp"
#include "read/scanner.hpp"
#include "read/source.hpp"
#include "read/split.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace fsbo {

namespace {

// The first bytes of `file`, to sniff its dialect: past any blank lines in
// front of the header (up to 64 MiB of them), its first line whole (up to a
// megabyte); from a stream, a megabyte, which decides its encoding. A regular
// file's encoding is judged on the whole file: its sample stays small.
std::string read_sample(std::FILE* file, bool regular) {
  constexpr std::size_t k_max_blank = std::size_t{64} << 20;
  const std::size_t chunk = regular ? std::size_t{64} << 10 : k_sniff_bytes;
  std::string sample;
  std::size_t blank = 0;
  for (;;) {
    const std::size_t size = sample.size();
    sample.resize(size + chunk);
    const std::size_t got = std::fread(&sample[size], 1, chunk, file);
    sample.resize(size + got);
    blank = std::min(sample.find_first_not_of("\r\n", blank), sample.size());
    const bool more = got == chunk && std::ferror(file) == 0;
    const bool header =
        blank < sample.size() && (sample.find_first_of("\r\n", blank) != std::string::npos ||
                                  sample.size() - blank >= k_sniff_bytes);
    if (!more || header || blank >= k_max_blank) return sample;
  }
}

// The header's name for a column, or `column N` (1-based).
std::string column_label(const std::vector<std::string>& header, std::size_t index) {
  if (index < header.size() && !header[index].empty()) return header[index];
  return fmt::format("column {}", index + 1);
}

}  // namespace

CsvReader::CsvReader(std::string name, Diagnostics& diagnostics)
    : m_name(std::move(name)), m_diagnostics(&diagnostics), m_impl(std::make_unique<Impl>()) {}

CsvReader::~CsvReader() {
  // The reading thread uses the whole reader: it stops first.
  m_impl->ahead.reset();
}

CsvReader::CsvReader(std::string path, const DialectOverride& override_, Diagnostics& diagnostics,
                     Plan plan)
    : CsvReader(std::move(path), diagnostics) {
  const bool is_stdin = m_name == "-";
  auto unreadable = [&](const std::string& why) {
    m_diagnostics->add({Severity::error, "unreadable-file", m_name, 0, "", "",
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
  const bool seekable = !is_stdin && S_ISREG(info.st_mode);
  struct stat opened {};
  if (seekable && ::fstat(fileno(file), &opened) == 0) {
    m_impl->path = m_name;
    m_impl->id = {opened.st_dev, opened.st_ino};
    m_impl->size = static_cast<std::uint64_t>(opened.st_size);
  }
  std::string prefix = read_sample(file, seekable);
  if (std::ferror(file) != 0) {
    unreadable(std::strerror(errno));
    if (!is_stdin) std::fclose(file);
    return;
  }
  start(std::move(prefix), file, Rest{!is_stdin, seekable, plan == Plan::may_reread}, override_);
}

std::unique_ptr<CsvReader> CsvReader::from_bytes(std::string name, std::string bytes,
                                                 const DialectOverride& override_,
                                                 Diagnostics& diagnostics) {
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(name), diagnostics));
  reader->start(std::move(bytes), nullptr, Rest{false, false, false}, override_);
  return reader;
}

void CsvReader::start(std::string prefix, std::FILE* rest, Rest how,
                      const DialectOverride& override_) {
  m_dialect = sniff_dialect(prefix, override_);
  m_ok = true;
  if (m_dialect.encoding == Encoding::utf16) {
    m_diagnostics->add(
        {Severity::error, "encoding-error", m_name, 1, "", "",
         "the file is UTF-16 (Excel's \"Texte Unicode\"), which fsbo does not read",
         "save it from Excel as \"CSV UTF-8\" or \"CSV (séparateur : point-virgule)\""});
    if (rest != nullptr && how.close) std::fclose(rest);
    m_impl->finished = true;
    return;
  }
  // A regular file's encoding is judged on the whole of it: UTF-8 in its
  // sample must be UTF-8 throughout. The reading thread does that first, or
  // as it reads when the caller can read the file again.
  const bool judged_whole = how.seekable && rest != nullptr && !override_.encoding &&
                            !m_dialect.bom && m_dialect.encoding == Encoding::utf8;
  if (judged_whole && !how.rereadable) {
    m_impl->judge_rest = rest;
    m_impl->prefix_tail = prefix.substr(prefix.size() - std::min<std::size_t>(3, prefix.size()));
    m_impl->judged = m_impl->judging.get_future().share();
  }
  m_impl->served.end = m_dialect.bom ? k_utf8_bom.size() : 0;
  auto source = std::make_unique<Source>(std::move(prefix), rest, how.close,
                                         m_dialect.line_end == LineEnd::cr, m_impl->served);
  m_impl->checks_utf8 = judged_whole && how.rereadable;
  if (m_impl->checks_utf8) source->check_utf8();
  m_impl->scanner = std::make_unique<RecordScanner>(std::move(source), m_dialect.separator,
                                                    m_dialect.bom ? k_utf8_bom.size() : 0);
  // A file or bytes in memory are read ahead on a second thread; a pipe or a
  // terminal is read only as far as asked, as another program may be writing it.
  const bool ahead = how.seekable || rest == nullptr;
  m_impl->ahead = std::make_unique<ReadAhead>([this](Batch& batch) { fill(batch); }, ahead);
}

bool CsvReader::read_to_end() const {
  const Batch* batch = m_impl->batch;
  if (batch != nullptr) return batch->last && batch->read_to_end;
  return m_impl->ended && ended_whole();
}

bool CsvReader::misjudged() const {
  const Batch* batch = m_impl->batch;
  if (batch != nullptr) return batch->last && batch->misjudged;
  return m_impl->ended && m_impl->misjudged;
}

bool CsvReader::ended_whole() const {
  const Impl& in = *m_impl;
  return in.finished && !in.broken && in.served.error == 0;
}

std::size_t CsvReader::records() const {
  return m_impl->returned;
}

bool CsvReader::next(Record& record) {
  Impl& in = *m_impl;
  if (!in.ahead) return false;
  for (;;) {
    if (in.batch == nullptr && in.direct && in.ahead->drained()) return next_direct(record);
    if (in.batch == nullptr) {
      in.batch = &in.ahead->next();
      in.index = 0;
      in.flushed = 0;
    }
    const Batch& batch = *in.batch;
    // What reading found about a record comes before the record itself.
    while (in.flushed < batch.diagnostics.size() &&
           batch.diagnostics[in.flushed].first <= in.index) {
      m_diagnostics->add(batch.diagnostics[in.flushed++].second);
    }
    if (in.index < batch.records.size()) {
      batch.view(in.index++, record);
      if (in.returned++ == 0) m_names.assign(record.fields.begin(), record.fields.end());
      return true;
    }
    if (batch.error) std::rethrow_exception(batch.error);
    if (batch.last) return false;
    in.batch = nullptr;
    if (batch.paused) return false;
  }
}

// A record read in this thread, viewing the scanner's buffer: no batch to
// copy it into and out of.
bool CsvReader::next_direct(Record& record) {
  Impl& in = *m_impl;
  prepare();
  const bool got = produce(record);
  for (Diagnostic& diagnostic : in.pending) m_diagnostics->add(std::move(diagnostic));
  in.pending.clear();
  in.ended = !got && !in.paused;
  if (got && in.returned++ == 0) m_names.assign(record.fields.begin(), record.fields.end());
  return got;
}

const Dialect& CsvReader::dialect() const {
  if (m_impl->judged.valid()) m_impl->judged.wait();
  return m_dialect;
}

void CsvReader::fill(Batch& batch) {
  prepare();
  Impl& in = *m_impl;
  for (;;) {
    const bool got = produce(in.record);
    for (Diagnostic& diagnostic : in.pending) {
      batch.diagnostics.emplace_back(batch.records.size(), std::move(diagnostic));
    }
    in.pending.clear();
    if (!got && in.paused) {
      batch.paused = true;
      return;
    }
    if (!got) {
      batch.last = true;
      batch.read_to_end = ended_whole();
      batch.misjudged = in.misjudged;
      return;
    }
    const ScannedRecord& scanned = in.scanned;
    batch.add(in.record,
              std::string_view(in.scanner->at(scanned.begin), scanned.end - scanned.begin));
    if (batch.full()) return;
  }
}

// What comes before the first record is read: the encoding judged, when
// the file is judged whole.
void CsvReader::prepare() {
  Impl& in = *m_impl;
  if (in.judge_rest == nullptr) return;
  // Whatever happens, the caller waiting for the dialect is let go.
  struct Judged {
    std::promise<void>& judging;
    ~Judged() { judging.set_value(); }
  } judged{in.judging};
  std::FILE* rest = std::exchange(in.judge_rest, nullptr);
  if (!rest_is_utf8(rest, in.prefix_tail, in.served.utf8_to)) {
    m_dialect.encoding = Encoding::windows1252;
    in.served.utf8_to = 0;
  }
}

void CsvReader::report(Diagnostic diagnostic) {
  m_impl->pending.push_back(bounded(std::move(diagnostic)));
}

std::string CsvReader::column_name(std::size_t index) const {
  return column_label(m_names, index);
}

std::string CsvReader::header_name(std::size_t index) const {
  return column_label(m_header, index);
}

bool CsvReader::produce(Record& record) {
  Impl& in = *m_impl;
  if (!m_ok || in.finished) return false;
  Outcome outcome = Outcome::dropped;
  while (outcome == Outcome::dropped) {
    outcome = read_record(record);
    if (outcome != Outcome::record || in.records == 0) continue;
    // Excel writes rows of separators alone (";;;;") below its data: blank lines.
    const auto blank = [](std::string_view field) { return field.empty(); };
    if (record.last_line == record.line &&
        std::all_of(record.fields.begin(), record.fields.end(), blank)) {
      outcome = Outcome::dropped;
    } else if (std::equal(record.fields.begin(), record.fields.end(), m_header.begin(),
                          m_header.end())) {
      // Exports concatenated with `cat` repeat their header: it is no data.
      report({Severity::warning, "repeated-header", m_name, record.line, "", "",
              "the header line is repeated (concatenated exports?): it is skipped", ""});
      outcome = Outcome::dropped;
    }
  }
  if (outcome == Outcome::paused) return false;
  if (outcome == Outcome::end) {
    in.finished = true;
    if (in.served.error != 0) {
      report({Severity::error, "unreadable-file", m_name, in.scanned.line, "", "",
              fmt::format("read error: {}",
                          // strerror's buffer is shared between threads
                          std::generic_category().message(in.served.error)),
              ""});
    } else if (in.records == 0 && !in.broken) {
      report({Severity::error, "empty-file", m_name, 1, "", "",
              "the file is empty: there is no header line", ""});
    }
    return false;
  }
  if (in.records++ == 0) {
    m_header.assign(record.fields.begin(), record.fields.end());
    if (m_header.size() == 1) {
      report({Severity::warning, "single-column", m_name, record.line, "", "",
              fmt::format("the file reads as a single column with separator {}",
                          separator_name(m_dialect.separator)),
              "the separator is probably wrong; set it with --sep"});
    }
  }
  return true;
}

CsvReader::Outcome CsvReader::read_record(Record& record) {
  Impl& in = *m_impl;
  const ScannedRecord& scanned = in.scanned;
  RecordScanner::Result result = in.held;
  if (in.paused) {
    in.paused = false;
  } else {
    result = in.scanner->scan(in.scanned);
    if (result != RecordScanner::Result::end && scanned.begin >= in.stop_at) {
      in.paused = true;
      in.held = result;
      return Outcome::paused;
    }
  }
  // Past a byte that is not UTF-8, the file is not, nor are the records
  // read before: none is read, as the caller reads it all again.
  const bool scanned_all = result != RecordScanner::Result::record;
  if (in.served.invalid_utf8_at < (scanned_all ? UINT64_MAX : scanned.end)) {
    in.misjudged = true;
    return Outcome::end;
  }
  switch (result) {
    case RecordScanner::Result::end: return Outcome::end;
    case RecordScanner::Result::unterminated:
      report({Severity::error, "unterminated-quote", m_name, scanned.quote_line,
              header_name(scanned.quote_cell), "",
              "a quoted field is never closed: the record is left out", ""});
      in.broken = true;
      return Outcome::end;
    case RecordScanner::Result::record: break;
  }
  record.line = scanned.line;
  record.last_line = scanned.last_line;
  record.cells_dropped = scanned.cells_dropped;
  if (!complete()) {
    // Without its header a file cannot be read at all.
    in.broken = in.records == 0;
    return in.broken ? Outcome::end : Outcome::dropped;
  }
  decode_fields(record);
  return Outcome::record;
}

bool CsvReader::complete() {
  const ScannedRecord& scanned = m_impl->scanned;
  if (scanned.cut_line != 0) {
    report({Severity::error, "line-too-long", m_name, scanned.cut_line, "", "",
            "the line is longer than 16 MiB: its record is left out", ""});
    return false;
  }
  if (scanned.too_long) {
    report({Severity::error, "record-too-long", m_name, scanned.line, "", "",
            fmt::format("the record from line {} to line {} is longer than 16 MiB: "
                        "it is left out",
                        scanned.line + lines_before(), scanned.last_line + lines_before()),
            ""});
    return false;
  }
  if (scanned.stray_quote != 0) {
    report({Severity::warning, "stray-quote", m_name, scanned.line,
            header_name(scanned.stray_quote - 1), "",
            "a quote inside an unquoted field, or text after a closing quote: the "
            "field may not read as meant",
            "quote the whole field, and double the quotes inside it"});
  }
  return true;
}

}  // namespace fsbo
