#include "fsbo/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace fsbo {

namespace {

// Base letters of U+00C0–U+00FF; '\0' where the character is not a letter.
constexpr char k_latin1_base[] =
    "AAAAAAACEEEEIIII"     // C0–CF (C6 Æ handled apart)
    "DNOOOOO\0OUUUUY\0s"   // D0–DF (D7 ×, DE Þ; DF ß handled apart)
    "aaaaaaaceeeeiiii"     // E0–EF
    "dnooooo\0ouuuuy\0y";  // F0–FF

// Folds one code point to lowercase ASCII letters or digits; empty when it
// is neither (punctuation, spaces, symbols, scripts we do not fold).
std::string_view fold(std::uint32_t cp, std::array<char, 2>& scratch) {
  auto one = [&](char c) {
    scratch[0] = c;
    return std::string_view(scratch.data(), 1);
  };
  if (cp < 0x80) {
    const auto c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') return one(static_cast<char>(c - 'A' + 'a'));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return one(c);
    return {};
  }
  if (cp == 0xC6 || cp == 0xE6) return "ae";
  if (cp == 0xDF) return "ss";
  if (cp == 0x152 || cp == 0x153) return "oe";
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char base = k_latin1_base[cp - 0xC0];
    if (base == '\0') return {};
    return one(static_cast<char>(base >= 'A' && base <= 'Z' ? base - 'A' + 'a' : base));
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A comes in upper/lower pairs of one base letter.
    static constexpr std::string_view k_ext =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    const std::size_t k = cp - 0x100;
    if (k < k_ext.size()) return one(k_ext[k]);
  }
  return {};
}

// Decodes the UTF-8 code point at `i` and advances `i`; invalid bytes are
// returned as themselves (never letters), so folding skips them.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 1;
  std::uint32_t cp = b0;
  if (b0 >= 0xC0 && b0 < 0xE0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 < 0xF0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 < 0xF8) {
    len = 4;
    cp = b0 & 0x07;
  }
  if (len == 1 || i + len > s.size()) {
    ++i;
    return b0 < 0x80 ? b0 : 0xFFFD;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;  // a broken sequence: skip its first byte only, keep what follows
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

template <typename OnOther>
std::string fold_text(std::string_view utf8, OnOther on_other) {
  std::string out;
  out.reserve(utf8.size());
  std::array<char, 2> scratch{};
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::string_view folded = fold(next_code_point(utf8, i), scratch);
    if (folded.empty()) {
      on_other(out);
    } else {
      out.append(folded);
    }
  }
  return out;
}

// Up to 8 bytes of a cell as one word, the first in the low byte. Read in
// two overlapping loads rather than byte by byte: a loop that ends at a
// length changing from cell to cell is a branch the processor mispredicts.
std::uint64_t small_word(const char* bytes, std::size_t size) {
  if (size >= 4) {
    std::uint32_t low = 0;
    std::uint32_t high = 0;
    std::memcpy(&low, bytes, 4);
    std::memcpy(&high, bytes + size - 4, 4);
    return low | (std::uint64_t{high} << (8 * (size - 4)));
  }
  const auto byte = [&](std::size_t i) {
    return std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  };
  return byte(0) | byte(size / 2) | byte(size - 1);
}

// The low `size` bytes of a word set (1 to 8).
constexpr std::uint64_t low_bytes(std::size_t size) {
  return ~std::uint64_t{0} >> (64 - 8 * size);
}

// oui, o, yes, y, vrai, true, 1 and non, n, no, faux, false, 0, lowercase
// and packed, in a table without collisions under a multiplicative hash:
// every answer cell is looked up with one load and one comparison, where a
// switch would compare its way down a tree whose branches follow the data.
struct Spelling {
  std::uint64_t word = 0;
  bool yes = false;
};
constexpr std::array<Spelling, 13> k_spellings = {{{packed_word("oui"), true},
                                                   {packed_word("o"), true},
                                                   {packed_word("yes"), true},
                                                   {packed_word("y"), true},
                                                   {packed_word("vrai"), true},
                                                   {packed_word("true"), true},
                                                   {packed_word("1"), true},
                                                   {packed_word("non"), false},
                                                   {packed_word("n"), false},
                                                   {packed_word("no"), false},
                                                   {packed_word("faux"), false},
                                                   {packed_word("false"), false},
                                                   {packed_word("0"), false}}};
constexpr std::uint64_t k_spelling_multiplier = 0x5DFBD3D12C4A3699ULL;
constexpr unsigned k_spelling_bits = 4;

constexpr std::size_t spelling_slot(std::uint64_t word) {
  return static_cast<std::size_t>((word * k_spelling_multiplier) >> (64 - k_spelling_bits));
}

constexpr std::array<Spelling, std::size_t{1} << k_spelling_bits> spelling_table() {
  std::array<Spelling, std::size_t{1} << k_spelling_bits> table{};
  for (const Spelling& spelling : k_spellings) table[spelling_slot(spelling.word)] = spelling;
  return table;
}

constexpr bool spellings_apart() {
  for (std::size_t i = 0; i < k_spellings.size(); ++i) {
    for (std::size_t j = i + 1; j < k_spellings.size(); ++j) {
      if (spelling_slot(k_spellings[i].word) == spelling_slot(k_spellings[j].word)) return false;
    }
  }
  return true;
}
static_assert(spellings_apart(), "two yes/no spellings share a slot: change the multiplier");

constexpr auto k_spelling_table = spelling_table();

std::optional<bool> yes_no_packed(std::uint64_t word) {
  const Spelling& spelling = k_spelling_table[spelling_slot(word)];
  if (spelling.word != word) return std::nullopt;
  return spelling.yes;
}

std::optional<bool> yes_no_word(std::string_view lower) {
  if (lower.size() > 5) return std::nullopt;
  return yes_no_packed(packed_word(lower));
}

// A cell of 1 to 5 bytes packed, its ASCII capitals lowered: a byte with
// bit 0x40 gains 0x20, which lowers A–Z and makes any other such byte
// something no spelling holds, while digits and lower letters stay.
std::uint64_t packed_lowered(std::string_view cell) {
  const std::uint64_t bytes = small_word(cell.data(), cell.size());
  const std::uint64_t lowered = bytes | ((bytes & 0x4040404040404040ULL) >> 1);
  return (lowered & low_bytes(cell.size())) | (std::uint64_t{cell.size()} << 56);
}

// A whole number from its decimal digits, 1 to 8 of them as values 0–9,
// the first (the most significant) in the low byte: digits joined in pairs,
// then fours, then eights, three multiplications in all.
std::uint64_t digits_value(std::uint64_t digits, std::size_t count) {
  std::uint64_t v = digits << (8 * (8 - count));  // leading zeros in front
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
  return (v * 10000 + (v >> 32)) & 0xFFFFFFFFULL;
}

constexpr std::array<double, 16> k_powers = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// plain_decimal for 1 to 8 bytes, the survey's delays, scores and counts,
// all in one word: which bytes are not digits, the one point or comma taken
// out, the digits joined. No branch follows the digits.
bool short_decimal(std::string_view text, double& value) {
  const std::size_t size = text.size();
  const std::uint64_t digits =
      (small_word(text.data(), size) ^ 0x3030303030303030ULL) & low_bytes(size);
  // 0x80 in each byte that is not 0–9 once '0' is taken away.
  const std::uint64_t others =
      (((digits & 0x7F7F7F7F7F7F7F7FULL) + 0x7676767676767676ULL) | digits) &
      0x8080808080808080ULL & low_bytes(size);
  if (others == 0) {
    value = static_cast<double>(digits_value(digits, size));
    return true;
  }
  const auto point = static_cast<std::size_t>(__builtin_ctzll(others)) / 8;
  if ((others & (others - 1)) != 0 || point == 0 || point + 1 == size ||
      (text[point] != '.' && text[point] != ',')) {
    return false;
  }
  const std::uint64_t before = low_bytes(point);
  const std::uint64_t joined = (digits & before) | ((digits >> 8) & ~before);
  value = static_cast<double>(digits_value(joined, size - 1)) / k_powers[size - 1 - point];
  return true;
}

// A plain decimal, `12`, `3,5` or `4.25`, of at most 15 digits: a whole
// number below 2^53 divided by an exact power of ten, rounded once, which
// is the nearest double as from_chars gives it, without its cost. Not an
// optional: one built here and copied out is read back whole before its
// narrow stores are done, a store-forwarding stall on every number.
bool plain_decimal(std::string_view text, double& value) {
  if (!text.empty() && text.size() <= 8) return short_decimal(text, value);
  std::uint64_t whole = 0;
  std::size_t digits = 0;
  std::size_t point = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
      ++digits;
    } else if ((c == '.' || c == ',') && point == std::string_view::npos && i > 0 &&
               i + 1 < text.size()) {
      point = i;
    } else {
      return false;
    }
  }
  if (digits == 0 || digits > 15) return false;
  value = point == std::string_view::npos
              ? static_cast<double>(whole)
              : static_cast<double>(whole) / k_powers[text.size() - point - 1];
  return true;
}

}  // namespace

std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 0x9E3779B97F4A7C15ULL ^ text.size();
  const auto mix = [&hash](std::uint64_t word) {
    hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
    hash ^= hash >> 32;
  };
  std::size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) mix(small_word(text.data() + at, 8));
  if (at < text.size()) mix(small_word(text.data() + at, text.size() - at));
  hash *= 0xC4CEB9FE1A85EC53ULL;
  return hash ^ (hash >> 29);
}

std::string_view trim_spaces(std::string_view text) {
  // A no-break space (U+00A0), common in Excel-saved numbers, counts as space.
  constexpr std::string_view k_nbsp = "\xC2\xA0";
  for (bool more = true; more;) {
    more = false;
    if (!text.empty() && is_space(text.front())) text.remove_prefix(1), more = true;
    if (!text.empty() && is_space(text.back())) text.remove_suffix(1), more = true;
    if (text.substr(0, 2) == k_nbsp) text.remove_prefix(2), more = true;
    if (text.size() >= 2 && text.substr(text.size() - 2) == k_nbsp)
      text.remove_suffix(2), more = true;
  }
  return text;
}

std::string normalize_header(std::string_view utf8) {
  std::string out = fold_text(utf8, [](std::string& s) {
    if (!s.empty() && s.back() != '_') s.push_back('_');
  });
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string normalize_name(std::string_view utf8) {
  return fold_text(utf8, [](std::string&) {});
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<bool> parse_yes_no(std::string_view cell) {
  cell = trim(cell);
  // The usual spellings, a few ASCII letters or a digit, fold by lowering case.
  constexpr std::size_t k_longest = 5;
  if (!cell.empty() && cell.size() <= k_longest) {
    if (const std::optional<bool> value = yes_no_packed(packed_lowered(cell))) return value;
  }
  // normalize_name drops signs, and "-1" must not read as 1 (yes).
  if (cell.find_first_of("+-") != std::string_view::npos) return std::nullopt;
  return yes_no_word(normalize_name(cell));
}

bool parse_decimal(std::string_view cell, double& value) {
  const std::string_view text = trim(cell);
  if (plain_decimal(text, value)) return true;
  if (text.empty() || text.size() > 64) return false;
  std::string buffer(text);
  std::replace(buffer.begin(), buffer.end(), ',', '.');
  if (std::count(buffer.begin(), buffer.end(), '.') > 1) return false;
  const char* first = buffer.data();
  const char* last = first + buffer.size();
  if (*first == '+' && first + 1 != last && first[1] != '-') ++first;
  // from_chars also takes "inf", "nan" and hex forms: a survey cell never means those.
  const bool plain = std::all_of(first, last, [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E';
  });
  if (!plain || first == last) return false;
  double parsed = 0;
  const auto [end, error] = std::from_chars(first, last, parsed);
  if (error != std::errc() || end != last || !std::isfinite(parsed)) return false;
  value = parsed;
  return true;
}

std::optional<double> parse_decimal(std::string_view cell) {
  double value = 0;
  if (!parse_decimal(cell, value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view cell) {
  const std::optional<double> value = parse_decimal(cell);
  if (!value || std::floor(*value) != *value || std::fabs(*value) > 9.0e15) return std::nullopt;
  return static_cast<long long>(*value);
}

std::optional<int> parse_year(std::string_view cell) {
  const std::optional<long long> year = parse_integer(cell);
  if (!year || *year < k_first_year || *year > k_last_year) return std::nullopt;
  return static_cast<int>(*year);
}

bool is_formula_start(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c1) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string json_quote(std::string_view utf8) {
  std::string out = "\"";
  for (const char c : utf8) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace fsbo
