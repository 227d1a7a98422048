// Text helpers shared by every stage: name normalization for matching,
// cell parsing (yes/no, numbers) and edit distance for "did you mean" hints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fsbo {

/// Lowercase ASCII, accents removed, every run of other characters turned into
/// `_`, trimmed: `Délai réponse (jours)` → `delai_reponse_jours`.
std::string normalize_header(std::string_view utf8);
/// Lowercase ASCII with accents removed and spaces, hyphens, apostrophes and
/// other punctuation dropped: `France Rénov'` → `francerenov`.
std::string normalize_name(std::string_view utf8);
/// Levenshtein distance over bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Oui/Non, O/N, Yes/No, Y/N, Vrai/Faux, True/False, 1/0 in any case.
std::optional<bool> parse_yes_no(std::string_view cell);
/// A finite decimal number, with a decimal point or comma; surrounding
/// spaces allowed. False on anything else, `value` then left as it was.
/// (No optional on the path of every cell: one returned through memory is
/// read back whole before its narrow stores are done, and stalls.)
bool parse_decimal(std::string_view cell, double& value);
/// parse_decimal as an optional: nullopt on anything but a number.
std::optional<double> parse_decimal(std::string_view cell);
/// A whole number (optionally written `12,0` / `12.0`); nullopt otherwise.
std::optional<long long> parse_integer(std::string_view cell);

/// Survey years fsbo accepts, in cells and in --year.
constexpr int k_first_year = 2000;
constexpr int k_last_year = 2100;
/// A survey year from k_first_year to k_last_year; nullopt otherwise.
std::optional<int> parse_year(std::string_view cell);

/// A space, a tab or a line break: what trim() takes off, with no-break spaces.
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
/// `text` without the spaces, tabs, line breaks and no-break spaces around it.
std::string_view trim_spaces(std::string_view text);
/// trim_spaces, inline for the cells that have nothing to trim (nearly all:
/// every cell of every row passes here): nothing up to a space (the spaces
/// and every control byte) nor a no-break space's first byte in front,
/// nothing up to a space nor its last byte at the end. Four comparisons;
/// the rest, rare, is trim_spaces' to sort out.
inline std::string_view trim(std::string_view text) {
  if (text.empty()) return text;
  const auto front = static_cast<unsigned char>(text.front());
  const auto back = static_cast<unsigned char>(text.back());
  if (front > ' ' && front != 0xC2 && back > ' ' && back != 0xA0) return text;
  return trim_spaces(text);
}

/// A word of up to 7 bytes and its length as one number, to compare short
/// words (codes, spellings) in one step; bytes past the seventh are left out.
constexpr std::uint64_t packed_word(std::string_view word) {
  std::uint64_t value = static_cast<std::uint64_t>(word.size()) << 56;
  for (std::size_t i = 0; i < word.size() && i < 7; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(word[i])) << (8 * i);
  }
  return value;
}

/// A hash of `text` for the tables of ids and spellings, eight bytes at a
/// time, each mixed in by a multiply: the keys are short.
std::uint64_t hash_text(std::string_view text);

/// `text` cut to at most `max_bytes` on a character boundary, with "…" when cut.
std::string excerpt(std::string_view text, std::size_t max_bytes);
/// A cell's text as a diagnostic message quotes it: at most 200 bytes.
inline std::string quote(std::string_view cell) {
  return excerpt(cell, 200);
}
/// `text` with control characters (C0, DEL, C1) written as `\n`, `\t`,
/// `\x1b`…, so that it cannot drive a terminal.
std::string escape_controls(std::string_view text);

/// Whether a spreadsheet would take `text` for a formula: it starts with
/// `=`, `+`, `-`, `@`, tab or CR (OWASP's list for CSV injection).
bool is_formula_start(std::string_view text);

/// A JSON string literal, quotes included, for UTF-8 text.
std::string json_quote(std::string_view utf8);

}  // namespace fsbo
