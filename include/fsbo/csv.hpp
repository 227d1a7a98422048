// The read stage: opens a CSV input (file or `-`), detects its dialect and
// encoding, and yields records of UTF-8 fields with their physical lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/diagnostic.hpp"
#include "fsbo/encoding.hpp"

namespace fsbo {

enum class LineEnd { lf, crlf, cr };

/// Files from this size on are read in two parts at once (CsvReader::split)
/// by the stages that can: below it, the second thread and its tables cost
/// more than they save.
inline constexpr std::uint64_t k_split_bytes = std::uint64_t{32} << 20;

/// What the reader found (or was told) about a file's form.
struct Dialect {
  char separator = ',';
  Encoding encoding = Encoding::utf8;
  bool bom = false;
  LineEnd line_end = LineEnd::lf;
};

/// `--sep` and `--encoding`: whatever is set here wins over detection.
struct DialectOverride {
  std::optional<char> separator;
  std::optional<Encoding> encoding;
};

/// Describes a dialect for people: `UTF-8, ',' separator, LF`.
std::string describe(const Dialect& dialect);
const char* separator_name(char separator);
/// `LF`, `CRLF` or `CR`.
const char* line_end_name(LineEnd line_end);

/// One CSV record; fields are UTF-8 whatever the file's encoding. They view
/// the reader's buffer: valid until its next call to next().
struct Record {
  std::vector<std::string_view> fields;
  std::size_t line = 0;           // physical line where the record starts
  std::size_t last_line = 0;      // physical line where it ends
  std::size_t cells_dropped = 0;  // cells past the 131,072 kept, counted only
};

struct Batch;

/// What the caller means to do with a regular file: it decides what is done
/// before the first record. A file that is valid UTF-8 throughout is UTF-8,
/// otherwise Windows-1252, and that takes reading all of it.
enum class Plan {
  /// Read once: the encoding is judged on the whole file first, by the
  /// reading thread, while the caller works on other inputs.
  once,
  /// Read again by the caller if misjudged(): the encoding is judged as the
  /// file is read, which spares a reading of the whole file before the first
  /// record.
  may_reread,
};

/// Streams the records of one input. The first record is the header. A file
/// is read ahead on a second thread; diagnostics still come in file order.
/// Problems (unreadable file, bad bytes, unterminated quote) are added to the
/// Diagnostics given at construction, or later to report_to's, which must
/// outlive the reader.
class CsvReader {
public:
  /// Opens `path`; `-` is standard input. On failure adds `unreadable-file`
  /// and ok() is false.
  CsvReader(std::string path, const DialectOverride& override_, Diagnostics& diagnostics,
            Plan plan = Plan::once);
  /// Reads `bytes` as if it were the file `name` (for tests and fuzzing).
  static std::unique_ptr<CsvReader> from_bytes(std::string name, std::string bytes,
                                               const DialectOverride& override_,
                                               Diagnostics& diagnostics);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Reports from now on to `diagnostics`: a reader opened early, to read
  /// ahead while other inputs load, reports in its turn.
  void report_to(Diagnostics& diagnostics) { m_diagnostics = &diagnostics; }
  Diagnostics& reports_to() { return *m_diagnostics; }

  bool ok() const { return m_ok; }
  const std::string& name() const { return m_name; }
  /// The dialect; a file's encoding is judged on its whole by the reading
  /// thread, which this waits for.
  const Dialect& dialect() const;

  /// Fills `record` with the next complete record; false at the end.
  bool next(Record& record);
  /// The header's name for a column, or `column N` (1-based).
  std::string column_name(std::size_t index) const;
  /// Records returned so far, the header included.
  std::size_t records() const;
  /// Whether reading went to the end of the input without an error that
  /// stopped it (an unterminated quote, an unusable header, a read error).
  bool read_to_end() const;
  /// With Plan::may_reread, once next() returned false: whether reading
  /// stopped where the file, read as UTF-8 so far, was found not to be. It
  /// is then Windows-1252 as a whole, records already read included: the
  /// caller drops what it made of them and reads it again as such.
  bool misjudged() const;

  /// Reading one file in two parts at once, one per core. Once the header is
  /// read, splits off a reader of the rest of a regular file from a record
  /// start near its middle, its records read in the thread that asks for
  /// them; this reader then stops before that record (next() returns false)
  /// until read_on(). Null, and nothing changed, when the file is smaller
  /// than `at_least` bytes, is not a regular file, ends its lines with CR
  /// alone, or has no record start that can be found near its middle. The
  /// new reader reports to `diagnostics`, and numbers its lines from 1 at its
  /// start, at once (counting those before it would hold both parts back):
  /// its caller adds split_line() - 1 to what it made of them.
  std::unique_ptr<CsvReader> split(std::uint64_t at_least, Diagnostics& diagnostics);
  /// After split, once next() returned false: whether this reader stopped at
  /// a record that starts exactly where the split-off reader began, so that
  /// the two read the file as this one alone would have, and that no NUL
  /// came before it: the second part could not tell a 0x1A standing for one.
  bool stopped_at_split() const;
  /// Once stopped_at_split(): the line where the second part starts.
  std::size_t split_line() const;
  /// For the part split off by split(), the lines of the file before it,
  /// counted the first time they are asked for (the file read up to there):
  /// for a message that names a line of it in its text, as its lines are
  /// numbered from its start. 0 for any other reader.
  std::size_t lines_before() const;
  /// After split: reads on past the split, as if there had been none (read
  /// ahead on a second thread again).
  void read_on();
  /// After split, once `second` is read to its end and this reader
  /// stopped_at_split(): this reader stands for the whole file, its records
  /// and its end being those of both parts.
  void take_over(const CsvReader& second);
  /// The whole of a split, for a caller that makes something of each part:
  /// splits (as split), then `read(part, 0)` with this reader here and
  /// `read(second, 1)` on another thread. Once both are read, if this reader
  /// stopped_at_split() and `join(second)` joins what was made of the two,
  /// this reader takes over the second: true, the file is read. Otherwise
  /// (false) it reads on past the split and what the second part made is to
  /// be dropped; false too, and nothing read, when the file cannot be split.
  bool read_in_parts(std::uint64_t at_least, Diagnostics& diagnostics,
                     const std::function<void(CsvReader& part, std::size_t index)>& read,
                     const std::function<bool(const CsvReader& second)>& join);

private:
  struct Impl;
  CsvReader(std::string name, Diagnostics& diagnostics);
  struct Rest {
    bool close;       // the reader owns the FILE
    bool seekable;    // a regular file, which can be scanned before it is read
    bool rereadable;  // Plan::may_reread
  };
  void start(std::string prefix, std::FILE* rest, Rest how, const DialectOverride& override_);
  bool produce(Record& record);
  // The reading thread's view of the header, for what it reports.
  std::string header_name(std::size_t index) const;
  void fill(Batch& batch);
  void prepare();
  bool next_direct(Record& record);
  bool ended_whole() const;
  void report(Diagnostic diagnostic);
  enum class Outcome { record, dropped, end, paused };
  Outcome read_record(Record& record);
  // Reports what leaves a record out (an overlong line or record) or is
  // worth a warning (a stray quote); false when the record is left out.
  bool complete();
  void decode_fields(Record& record);
  void report_encoding(std::size_t cell, const std::string& text, std::size_t first, bool nul);

  std::string m_name;
  Diagnostics* m_diagnostics;
  Dialect m_dialect;
  bool m_ok = false;
  std::unique_ptr<Impl> m_impl;
  std::vector<std::string> m_header;  // read by the reading thread
  std::vector<std::string> m_names;   // the header as the caller has seen it
};

}  // namespace fsbo
