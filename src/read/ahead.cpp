#include "read/ahead.hpp"

#include <algorithm>
#include <functional>

namespace fsbo {

namespace {

// A batch is handed over past this much text, or a record per 64 bytes of
// it. The first batches are small, so that the caller starts soon and a
// small file touches little memory; later ones are big enough that the
// threads seldom meet, and small enough to stay in cache.
constexpr std::size_t k_first_text = std::size_t{16} << 10;
constexpr std::size_t k_most_text = std::size_t{128} << 10;
constexpr std::size_t k_text_per_record = 64;
// Batches in flight: being filled, waiting, and being read.
constexpr std::size_t k_batches = 4;

}  // namespace

void Batch::clear(std::size_t order) {
  text.clear();
  m_text_limit = std::min(k_most_text, k_first_text << std::min<std::size_t>(order, 8));
  // Room for a full batch and its last record, so that it seldom grows.
  text.reserve(m_text_limit + (m_text_limit >> 2));
  cells.clear();
  records.clear();
  diagnostics.clear();
  last = false;
  paused = false;
  read_to_end = false;
  misjudged = false;
  error = nullptr;
}

void Batch::add(const Record& record, std::string_view raw) {
  records.emplace_back(cells.size(), record);
  const std::less<> before;
  const auto inside = [&](std::string_view field) {
    return !before(field.data(), raw.data()) &&
           !before(raw.data() + raw.size(), field.data() + field.size());
  };
  // One copy for the record rather than one per cell: its cells as written
  // point into it, and only a decoded cell is copied on its own.
  const std::size_t base = text.size();
  text.append(raw);
  for (const std::string_view field : record.fields) {
    if (field.empty()) {
      cells.emplace_back(base, 0);
    } else if (inside(field)) {
      cells.emplace_back(base + static_cast<std::size_t>(field.data() - raw.data()), field.size());
    } else {
      cells.emplace_back(text.size(), field.size());
      text.append(field);
    }
  }
}

void Batch::view(std::size_t k, Record& record) const {
  const Entry& entry = records[k];
  record.fields.resize(entry.cells);
  // Spans lie in the text by construction: no bounds to check per cell.
  const char* const base = text.data();
  const Span* span = cells.data() + entry.first_cell;
  for (std::string_view& field : record.fields) {
    field = std::string_view(base + span->begin, span->size);
    ++span;
  }
  record.line = entry.line;
  record.last_line = entry.last_line;
  record.cells_dropped = entry.cells_dropped;
}

bool Batch::full() const {
  return text.size() >= m_text_limit || records.size() >= m_text_limit / k_text_per_record;
}

ReadAhead::ReadAhead(Fill fill, bool threaded) : m_fill(std::move(fill)) {
  for (std::size_t k = 0; k < k_batches; ++k) m_free.push_back(std::make_unique<Batch>());
  if (threaded) m_thread = std::make_unique<ApartThread>([this] { run(); });
}

ReadAhead::~ReadAhead() {
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  if (m_thread) m_thread->join();
}

void ReadAhead::unthread() {
  if (!m_thread) return;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread->join();
  m_thread.reset();
}

const Batch& ReadAhead::next() {
  if (m_taken && m_taken->last) return *m_taken;
  if (!m_thread) {
    if (m_taken) m_free.push_back(std::move(m_taken));
    if (!m_ready.empty()) {
      m_taken = std::move(m_ready.front());
      m_ready.erase(m_ready.begin());
      return *m_taken;
    }
    m_taken = std::move(m_free.back());
    m_free.pop_back();
    m_taken->clear(m_filled++);
    m_fill(*m_taken);
    return *m_taken;
  }
  std::unique_lock<std::mutex> lock(m_mutex);
  if (m_taken || !m_asked) {
    if (m_taken) m_free.push_back(std::move(m_taken));
    m_asked = true;
    m_changed.notify_all();
  }
  m_changed.wait(lock, [this] { return !m_ready.empty(); });
  m_taken = std::move(m_ready.front());
  m_ready.erase(m_ready.begin());
  return *m_taken;
}

void ReadAhead::run() {
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_changed.wait(lock,
                     [this] { return m_stop || (!m_free.empty() && (m_asked || m_filled == 0)); });
      if (m_stop) return;
      batch = std::move(m_free.back());
      m_free.pop_back();
    }
    batch->clear(m_filled++);
    try {
      m_fill(*batch);
    } catch (...) {
      // Out of memory, most likely: the reader's caller meets it in its own thread.
      batch->error = std::current_exception();
      batch->last = true;
    }
    const bool last = batch->last;
    {
      const std::lock_guard<std::mutex> lock(m_mutex);
      m_ready.push_back(std::move(batch));
    }
    m_changed.notify_all();
    if (last) return;
  }
}

}  // namespace fsbo
