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
#include <utility>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "fsbo/halves.hpp"

namespace fsbo {

// What the two threads keep apart so that no cache line is written by one
// while the other reads it: a cache line, and the one the prefetcher pairs
// with it.
inline constexpr std::size_t k_cache_line = 128;

/// Records copied out of the reader's buffer, with the diagnostics met while
/// reading them, each placed before the record it came with.
struct alignas(k_cache_line) Batch {
  // Entries and spans are built in place: one made apart and copied in is
  // read back in wider loads than the stores that made it, before they are
  // done, a store-forwarding stall on every record.
  struct Entry {
    Entry(std::size_t first_cell_, const Record& record)
        : first_cell(first_cell_),
          cells(record.fields.size()),
          line(record.line),
          last_line(record.last_line),
          cells_dropped(record.cells_dropped) {}
    std::size_t first_cell;
    std::size_t cells;
    std::size_t line;
    std::size_t last_line;
    std::size_t cells_dropped;
  };
  // A batch holds a few hundred kilobytes and one record of 16 MiB at most
  // (48 MiB decoded): 32 bits address it, in half the memory.
  struct Span {
    Span(std::size_t begin_, std::size_t size_)
        : begin(static_cast<std::uint32_t>(begin_)), size(static_cast<std::uint32_t>(size_)) {}
    std::uint32_t begin;
    std::uint32_t size;
  };
  std::string text;         // the records' bytes, or their decoded cells
  std::vector<Span> cells;  // each cell's place in text
  std::vector<Entry> records;
  // (k, diagnostic): reported before record k; k == records.size() after the last.
  std::vector<std::pair<std::size_t, Diagnostic>> diagnostics;
  bool last = false;         // no batch follows
  bool paused = false;       // reading stopped at the split (CsvReader::split); more may follow
  bool read_to_end = false;  // on the last batch: CsvReader::read_to_end()
  bool misjudged = false;    // on the last batch: CsvReader::misjudged()
  std::exception_ptr error;  // on the last batch: what stopped the reading thread

  /// Empties the batch for the `order`-th fill (0 first), which sets how
  /// much it takes before it is full.
  void clear(std::size_t order);
  /// Adds a record; `raw`, the bytes it was read from, is copied whole, and
  /// the cells that do not lie in it (decoded ones) each after it.
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
/// Until the first batch is asked for, only that one is filled: a file opened
/// before its turn (a survey while the registry loads) has its encoding judged
/// meanwhile, with its first batch, and leaves the cores to the inputs read
/// first (national case 12.9 → 12.3 ms). Without `threaded`, each batch is
/// filled when it is asked for.
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
  /// From now on, fills each batch when it is asked for, in the caller's
  /// thread, once the batches read ahead are taken.
  void unthread();
  /// Whether no thread fills batches and none waits to be taken.
  bool drained() const { return !m_thread && m_ready.empty(); }

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
  bool m_asked = false;  // a batch was asked for: fill ahead from now on
  std::unique_ptr<ApartThread> m_thread;
};

}  // namespace fsbo
