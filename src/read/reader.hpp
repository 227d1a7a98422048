// The CSV reader's state (internal to the read stage), shared by its two
// files: csv.cpp reads and hands records over, decode.cpp decodes cells.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "read/ahead.hpp"
#include "read/dialect.hpp"
#include "read/scanner.hpp"
#include "read/source.hpp"
#include "read/split.hpp"

namespace fsbo {

struct CsvReader::Impl {
  Served served;
  std::unique_ptr<RecordScanner> scanner;
  ScannedRecord scanned;
  std::size_t records = 0;  // records read, the header included
  bool finished = false;
  bool broken = false;              // reading stopped on an error already reported
  Record record;                    // the record being read, viewing the scanner's buffer
  std::vector<Diagnostic> pending;  // reported while reading the record, not handed over yet
  // The file whose rest the reading thread checks for UTF-8 before it reads
  // a record, the sample's last bytes, and the dialect's readiness.
  std::FILE* judge_rest = nullptr;
  std::string prefix_tail;
  std::promise<void> judging;
  std::shared_future<void> judged;
  // Judged as read (Plan::may_reread), by the source as it serves the bytes;
  // `misjudged` once reading stopped at the first record past a byte that is
  // not valid UTF-8.
  bool checks_utf8 = false;
  bool misjudged = false;
  // A regular file's path, identity and size, which split() reads again.
  std::string path;
  FileId id;
  std::uint64_t size = 0;
  // Reading in two parts (split): records starting from `stop_at` on wait,
  // the first of them held, scanned, until read_on().
  std::uint64_t stop_at = UINT64_MAX;
  bool paused = false;
  RecordScanner::Result held = RecordScanner::Result::end;
  bool parted = false;  // split off, or split: once only
  // Split off from `part_start` on; the lines before it once counted.
  std::uint64_t part_start = 0;
  mutable std::optional<std::size_t> lines_before;
  // Read in the caller's thread, without batches, once those read ahead are
  // taken (the two parts of a split); `ended` when the end was met.
  bool direct = false;
  bool ended = false;
  // The caller's side: batches read ahead, the one being handed out. On
  // cache lines of its own: the reading thread writes the fields around at
  // every record, and a line both threads use would bounce between the cores
  // at every call of next().
  alignas(k_cache_line) std::unique_ptr<ReadAhead> ahead;
  const Batch* batch = nullptr;
  std::size_t index = 0;    // next record of the batch
  std::size_t flushed = 0;  // diagnostics of the batch handed over
  std::size_t returned = 0;
  // Cells that are not the file's bytes as they stand (decoded, or with
  // doubled quotes), reserved so that it never moves while a record is read.
  alignas(k_cache_line) std::string arena;
  std::string unescaped;
  std::string decoded;
};

}  // namespace fsbo
