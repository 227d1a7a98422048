#include "fsbo/encoding.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FSBO_AVX2_CHECK 1
#include <immintrin.h>
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

#if defined(FSBO_AVX2_CHECK)
// UTF-8 checked 32 bytes at a time, with AVX2 where the processor has it (a
// text of French words has a non-ASCII byte every hundred or so: checked a
// sequence at a time, the whole-file check of a large export took longer
// than reading it). Each byte is judged with the one before it by three
// table look-ups, one per nibble, each giving the error classes the nibble
// allows; a byte that must continue a three- or four-byte sequence is
// found from the two and three bytes before it (the method of Keiser and
// Lemire, "Validating UTF-8 in less than one instruction per byte", 2021).
namespace lookup {
constexpr std::uint8_t too_short = 1 << 0;   // a lead byte, then no continuation
constexpr std::uint8_t too_long = 1 << 1;    // ASCII, then a continuation
constexpr std::uint8_t overlong_3 = 1 << 2;  // E0 80–9F
constexpr std::uint8_t too_large = 1 << 3;   // F4 90–BF, F5–FF
constexpr std::uint8_t surrogate = 1 << 4;   // ED A0–BF
constexpr std::uint8_t overlong_2 = 1 << 5;  // C0–C1
constexpr std::uint8_t too_large_1000 = 1 << 6;
constexpr std::uint8_t overlong_4 = 1 << 6;  // F0 80–8F
constexpr std::uint8_t two_conts = 1 << 7;   // a continuation after a continuation
constexpr std::uint8_t carry = too_short | too_long | two_conts;
}  // namespace lookup

// The 16 bytes of `table`, in both lanes.
__attribute__((target("avx2"))) __m256i lanes(const std::array<std::uint8_t, 16>& table) {
  __m128i half{};
  std::memcpy(&half, table.data(), sizeof half);
  return _mm256_broadcastsi128_si256(half);
}

// Whether `blocks` blocks of 32 bytes from `data` hold no invalid sequence,
// a sequence left open by the last one excepted: the caller checks that one.
__attribute__((target("avx2"))) bool blocks_are_utf8(const char* data, std::size_t blocks) {
  using namespace lookup;
  const __m256i first_high = lanes(
      {too_long, too_long, too_long, too_long, too_long, too_long, too_long, too_long, two_conts,
       two_conts, two_conts, two_conts, too_short | overlong_2, too_short,
       too_short | overlong_3 | surrogate, too_short | too_large | too_large_1000 | overlong_4});
  constexpr std::uint8_t large = carry | too_large | too_large_1000;
  const __m256i first_low = lanes({carry | overlong_3 | overlong_2 | overlong_4, carry | overlong_2,
                                   carry, carry, carry | too_large, large, large, large, large,
                                   large, large, large, large, large | surrogate, large, large});
  constexpr std::uint8_t continuation_8_9 = too_long | overlong_2 | two_conts;
  const __m256i second_high =
      lanes({too_short, too_short, too_short, too_short, too_short, too_short, too_short, too_short,
             continuation_8_9 | overlong_3 | too_large_1000 | overlong_4,
             continuation_8_9 | overlong_3 | too_large, continuation_8_9 | surrogate | too_large,
             continuation_8_9 | surrogate | too_large, too_short, too_short, too_short, too_short});
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  // Past these, a lead byte among the last three needs bytes of the next block.
  const __m256i open_at_end =
      _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                       static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
  __m256i previous = _mm256_setzero_si256();
  __m256i open = _mm256_setzero_si256();
  __m256i error = _mm256_setzero_si256();
  for (std::size_t b = 0; b < blocks; ++b) {
    const __m256i input =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 32 * b));  // NOLINT
    if (_mm256_movemask_epi8(input) == 0) {
      // ASCII: wrong only after a sequence left open.
      error = _mm256_or_si256(error, open);
      continue;
    }
    const __m256i joined = _mm256_permute2x128_si256(previous, input, 0x21);
    const __m256i before_1 = _mm256_alignr_epi8(input, joined, 15);
    const __m256i before_2 = _mm256_alignr_epi8(input, joined, 14);
    const __m256i before_3 = _mm256_alignr_epi8(input, joined, 13);
    const __m256i classes = _mm256_and_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(
                             first_high, _mm256_and_si256(_mm256_srli_epi16(before_1, 4), nibble)),
                         _mm256_shuffle_epi8(first_low, _mm256_and_si256(before_1, nibble))),
        _mm256_shuffle_epi8(second_high, _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble)));
    // 0x80 where two or three bytes back is the lead of a three- or four-byte sequence.
    const __m256i third = _mm256_subs_epu8(before_2, _mm256_set1_epi8(0xE0 - 0x80));
    const __m256i fourth = _mm256_subs_epu8(before_3, _mm256_set1_epi8(0xF0 - 0x80));
    const __m256i must_continue =
        _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
    error = _mm256_or_si256(error, _mm256_xor_si256(must_continue, classes));
    open = _mm256_subs_epu8(input, open_at_end);
    previous = input;
  }
  return _mm256_testz_si256(error, error) != 0;
}

bool has_avx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2") != 0;
  return avx2;
}
#endif

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

std::size_t utf8_sequence_size(char first) {
  const auto b = static_cast<unsigned char>(first);
  return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

std::size_t cut_utf8_tail(std::string_view bytes) {
  for (std::size_t k = 1; k <= std::min<std::size_t>(3, bytes.size()); ++k) {
    const char b = bytes[bytes.size() - k];
    if ((static_cast<unsigned char>(b) & 0xC0) == 0x80) continue;
    return utf8_sequence_size(b) > k ? k : 0;
  }
  return 0;
}

std::size_t find_invalid_utf8(std::string_view bytes) {
  std::size_t i = 0;
#if defined(FSBO_AVX2_CHECK)
  constexpr std::size_t k_block = 32;
  if (bytes.size() >= 2 * k_block && has_avx2()) {
    // Valid blocks are passed; an invalid one is looked at again a sequence
    // at a time, from the start, for the offset of its first bad byte.
    if (blocks_are_utf8(bytes.data(), bytes.size() / k_block)) {
      i = bytes.size() / k_block * k_block;
      // The sequence the last block may have left open is checked whole.
      const std::size_t floor = i - 3;
      while (i > floor && (static_cast<unsigned char>(bytes[i - 1]) & 0xC0) == 0x80) --i;
      if (static_cast<unsigned char>(bytes[i - 1]) >= 0xC0) --i;
    }
  }
#endif
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
