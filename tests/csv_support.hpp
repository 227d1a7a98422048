// Helpers of the read-stage tests: read a CSV input to its end and look at
// its records, dialect and diagnostics.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "run.hpp"

namespace fsbo {

using Rows = std::vector<std::vector<std::string>>;
inline const std::string k_fffd = "\xEF\xBF\xBD";

// A record copied out of the reader, whose own fields last only until its
// next record.
struct KeptRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;
  std::size_t last_line = 0;
  std::size_t cells_dropped = 0;

  explicit KeptRecord(const Record& record)
      : fields(record.fields.begin(), record.fields.end()),
        line(record.line),
        last_line(record.last_line),
        cells_dropped(record.cells_dropped) {}
};

// Everything a reader produced, read to the end.
struct Read {
  bool ok = false;
  std::string name;
  Dialect dialect;
  std::vector<KeptRecord> records;
  std::size_t count = 0;  // CsvReader::records()
  std::vector<Diagnostic> diagnostics;
  bool misjudged = false;  // CsvReader::misjudged()

  Rows rows() const {
    Rows rows;
    for (const KeptRecord& r : records) rows.push_back(r.fields);
    return rows;
  }
  std::vector<std::string> texts() const {
    std::vector<std::string> texts;
    for (const Diagnostic& d : diagnostics) texts.push_back(format_text(d));
    return texts;
  }
};

inline Read drain(CsvReader& reader, const Diagnostics& diagnostics) {
  Read read;
  read.ok = reader.ok();
  read.name = reader.name();
  read.dialect = reader.dialect();
  Record record;  // reused, as the commands do
  while (reader.next(record)) read.records.emplace_back(record);
  const std::size_t kept = diagnostics.kept().size();
  CHECK_FALSE(reader.next(record));  // stays at the end, without new diagnostics
  CHECK(diagnostics.kept().size() == kept);
  read.count = reader.records();
  read.diagnostics = diagnostics.kept();
  read.misjudged = reader.misjudged();
  return read;
}

inline Read read_bytes(std::string bytes, const DialectOverride& how = {}) {
  Diagnostics diagnostics;
  const auto reader = CsvReader::from_bytes("t.csv", std::move(bytes), how, diagnostics);
  return drain(*reader, diagnostics);
}

inline Read read_path(const std::string& path, const DialectOverride& how = {},
                      Plan plan = Plan::once) {
  Diagnostics diagnostics;
  CsvReader reader(path, how, diagnostics, plan);
  return drain(reader, diagnostics);
}

inline std::vector<std::pair<std::size_t, std::size_t>> lines(const Read& read) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  for (const KeptRecord& r : read.records) lines.emplace_back(r.line, r.last_line);
  return lines;
}

inline DialectOverride with_separator(char separator) {
  DialectOverride how;
  how.separator = separator;
  return how;
}

inline DialectOverride with_encoding(Encoding encoding) {
  DialectOverride how;
  how.encoding = encoding;
  return how;
}

}  // namespace fsbo
