// Reading ahead (internal to the read stage): records are scanned and decoded
// on a second thread while the caller works on earlier ones, in batches.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"

namespace fsbo {

/// Records copied out of the reader's buffer, with the diagnostics met while
/// reading them, each placed before the record it came with.
struct Batch {
  struct Entry {
    std::size_t first_cell = 0;
    std::size_t cells = 0;
    std::size_t line = 0;
    std::size_t last_line = 0;
    std::size_t cells_dropped = 0;
  };
  // A batch holds a few hundred kilobytes and one record of 16 MiB at most
  // (48 MiB decoded): 32 bits address it, in half the memory.
  struct Span {
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
  };
  std::string text;         // the records' bytes, or their decoded cells
  std::vector<Span> cells;  // each cell's place in text
  std::vector<Entry> records;
  // (k, diagnostic): reported before record k; k == records.size() after the last.
  std::vector<std::pair<std::size_t, Diagnostic>> diagnostics;
  bool last = false;         // no batch follows
  bool read_to_end = false;  // on the last batch: CsvReader::read_to_end()
  std::exception_ptr error;  // on the last batch: what stopped the reading thread

  /// Empties the batch for the `order`-th fill (0 first), which sets how
  /// much it takes before it is full.
  void clear(std::size_t order);
  /// Adds a record; `raw`, the bytes it was read from, is copied whole
  /// when every cell lies in it, as undecoded cells do.
  void add(const Record& record, std::string_view raw);
  /// Record k, viewing this batch's text.
  void view(std::size_t k, Record& record) const;
  /// Whether the batch is big enough to hand over.
  bool full() const;

private:
  std::size_t m_text_limit = 0;
};

/// Runs `fill` on a thread of its own, batch after batch, until a batch is
/// the last; a few batches at most wait to be taken, so memory stays bounded.
/// Without `threaded`, each batch is filled when it is asked for.
class ReadAhead {
public:
  using Fill = std::function<void(Batch&)>;

  ReadAhead(Fill fill, bool threaded);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  /// The next batch, waiting for it; the one returned before is given back.
  /// After the last batch, the last batch again.
  const Batch& next();

private:
  void run();

  Fill m_fill;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<std::unique_ptr<Batch>> m_free;   // batches to fill
  std::vector<std::unique_ptr<Batch>> m_ready;  // filled, oldest first
  std::unique_ptr<Batch> m_taken;               // the caller's
  std::size_t m_filled = 0;                     // fills begun, by one thread only
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace fsbo
