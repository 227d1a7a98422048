#include "fsbo/encoding.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fsbo {

namespace {

// Windows-1252 0x80–0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<std::uint16_t, 32> k_cp1252_high = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

void append_code_point(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Length of the valid UTF-8 sequence starting at `i`, or 0 if it is invalid
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

// The index of the first byte at or after `i` that is not ASCII, or the
// size: most text is ASCII, skipped 16 bytes at a time.
std::size_t skip_ascii(std::string_view bytes, std::size_t i) {
#if defined(__SSE2__)
  for (; i + 16 <= bytes.size(); i += 16) {
    __m128i chunk{};
    std::memcpy(&chunk, bytes.data() + i, sizeof chunk);
    const int high = _mm_movemask_epi8(chunk);
    if (high != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));
  }
#endif
  while (i < bytes.size() && static_cast<unsigned char>(bytes[i]) < 0x80) ++i;
  return i;
}

}  // namespace

bool is_ascii(std::string_view bytes) {
  return skip_ascii(bytes, 0) == bytes.size();
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::windows1252: return "Windows-1252";
    case Encoding::utf16: return "UTF-16";
  }
  return "";
}

std::size_t find_invalid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    i = skip_ascii(bytes, i);
    if (i == bytes.size()) break;
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t append_windows1252(std::string_view bytes, std::string& out) {
  std::size_t first_bad = std::string_view::npos;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    // ASCII, most of any text, is copied a run at a time.
    const std::size_t run_end = skip_ascii(bytes, i);
    out.append(bytes.data() + i, run_end - i);
    i = run_end;
    if (i == bytes.size()) break;
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b >= 0xA0) {
      append_code_point(b, out);
    } else if (const std::uint16_t cp = k_cp1252_high[b - 0x80]; cp != 0) {
      append_code_point(cp, out);
    } else {
      out.append(k_replacement);
      if (first_bad == std::string_view::npos) first_bad = i;
    }
  }
  return first_bad;
}

std::size_t append_utf8_checked(std::string_view bytes, std::string& out) {
  std::size_t first_bad = std::string_view::npos;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) {
      out.append(k_replacement);
      if (first_bad == std::string_view::npos) first_bad = i;
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return first_bad;
}

}  // namespace fsbo
