#include "read/source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "fsbo/encoding.hpp"

namespace fsbo {

Source::Source(std::string prefix, std::FILE* rest, bool close_rest, bool cr_to_lf, Served& served)
    : m_prefix(std::move(prefix)),
      m_rest(rest),
      m_close_rest(close_rest),
      m_cr_to_lf(cr_to_lf),
      m_served(served) {}

Source::~Source() {
  if (m_rest != nullptr && m_close_rest) std::fclose(m_rest);
}

int Source::read(char* buffer, int size) {
  const auto wanted = static_cast<std::size_t>(size);
  std::size_t filled = 0;
  while (filled < wanted) {
    const std::size_t got = pull(buffer + filled, wanted - filled);
    if (got == 0) break;
    filled += clean(buffer + filled, got);
  }
  if (m_check_utf8) check(buffer, filled);
  return static_cast<int>(filled);
}

// `bytes`, the last `count` served, checked after the sequence the bytes
// served before left open.
void Source::check(const char* bytes, std::size_t count) {
  if (m_served.invalid_utf8_at != UINT64_MAX || count == 0) return;
  const std::uint64_t base = m_served.end - count;
  std::string_view rest(bytes, count);
  if (m_opened > 0) {
    // Its bytes up to the first that cannot continue it.
    const std::size_t needed = utf8_sequence_size(m_open[0]) - m_opened;
    std::size_t took = 0;
    while (took < needed && took < count &&
           (static_cast<unsigned char>(bytes[took]) & 0xC0) == 0x80) {
      m_open[m_opened + took] = bytes[took];
      ++took;
    }
    m_opened += took;
    if (took < needed && took == count) return;
    const std::size_t bad = find_invalid_utf8(std::string_view(m_open.data(), m_opened));
    if (bad != std::string_view::npos) {
      m_served.invalid_utf8_at = base + took - m_opened + bad;
      return;
    }
    m_opened = 0;
    rest.remove_prefix(took);
  }
  const std::size_t open = cut_utf8_tail(rest);
  const std::size_t bad = find_invalid_utf8(rest.substr(0, rest.size() - open));
  if (bad != std::string_view::npos) {
    m_served.invalid_utf8_at = base + (count - rest.size()) + bad;
    return;
  }
  std::memcpy(m_open.data(), rest.data() + rest.size() - open, open);
  m_opened = open;
  m_served.utf8_to = m_served.end - open;
}

// Up to `count` bytes of the prefix, then of the rest; 0 at the end.
std::size_t Source::pull(char* out, std::size_t count) {
  std::size_t got = std::min(count, m_prefix.size() - m_position);
  std::memcpy(out, m_prefix.data() + m_position, got);
  m_position += got;
  if (m_position == m_prefix.size() && got > 0) {
    // Served: the sample (up to 64 MiB of blank lines and a megabyte) is let go.
    std::string().swap(m_prefix);
    m_position = 0;
  }
  if (got == 0 && m_rest != nullptr) {
    got = std::fread(out, 1, count, m_rest);
    if (got == 0 && std::ferror(m_rest) != 0) m_served.error = errno;
  }
  return got;
}

// Swaps NUL for the stand-in; in an old-Mac file, CR for LF (a CR LF pair
// giving one LF, so lines are not counted twice). Returns the bytes kept.
std::size_t Source::clean(char* bytes, std::size_t count) {
  const auto nul_at = [&](std::size_t kept) {
    if (m_served.first_nul == UINT64_MAX) m_served.first_nul = m_served.end + kept;
  };
  if (!m_cr_to_lf) {
    char* nul = static_cast<char*>(std::memchr(bytes, '\0', count));
    while (nul != nullptr) {
      nul_at(static_cast<std::size_t>(nul - bytes));
      *nul = k_nul_stand_in;
      const auto rest = static_cast<std::size_t>(bytes + count - nul);
      nul = static_cast<char*>(std::memchr(nul, '\0', rest));
    }
    m_served.end += count;
    return count;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = bytes[i];
    if (c == '\0') {
      nul_at(kept);
      c = k_nul_stand_in;
    }
    const bool after_cr = m_after_cr;
    m_after_cr = c == '\r';
    if (c == '\n' && after_cr) continue;
    bytes[kept++] = m_after_cr ? '\n' : c;
  }
  m_served.end += kept;
  return kept;
}

}  // namespace fsbo
