// Unit tests of fsbo/text.hpp: header and name normalization, edit distance,
// cell parsing (yes/no, decimals, integers), trim and JSON quoting.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fsbo/text.hpp"

namespace fsbo {

using namespace std::string_view_literals;

TEST_CASE("text::normalize_header") {
  SUBCASE("accents, spaces and parentheses") {
    CHECK(normalize_header("Délai réponse (jours)") == "delai_reponse_jours");
    CHECK(normalize_header("ID FS") == "id_fs");
    CHECK(normalize_header("Référent identifié") == "referent_identifie");
    CHECK(normalize_header("Année 2024") == "annee_2024");
    CHECK(normalize_header("Q1.2") == "q1_2");
  }
  SUBCASE("leading and trailing punctuation is dropped, inner runs collapse to one _") {
    CHECK(normalize_header("  --Nom du site!! ") == "nom_du_site");
    CHECK(normalize_header("(a)  --  [b]") == "a_b");
    CHECK(normalize_header("__x__") == "x");
    CHECK(normalize_header("a\tb\nc") == "a_b_c");
  }
  SUBCASE("ligatures and sharp s") {
    CHECK(normalize_header("Œuvre") == "oeuvre");
    CHECK(normalize_header("cœur") == "coeur");
    CHECK(normalize_header("Cæsar Æ") == "caesar_ae");
    CHECK(normalize_header("Straße") == "strasse");
  }
  SUBCASE("all of Latin-1 and some of Latin Extended-A") {
    CHECK(normalize_header("ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝ") == "aaaaaaceeeeiiiidnoooooouuuuy");
    CHECK(normalize_header("àáâãäåçèéêëìíîïðñòóôõöøùúûüýÿ") == "aaaaaaceeeeiiiidnoooooouuuuyy");
    CHECK(normalize_header("Łódź Šťěžň Ÿ") == "lodz_stezn_y");
  }
  SUBCASE("symbols that are not letters separate words") {
    CHECK(normalize_header("2×3÷4") == "2_3_4");
    CHECK(normalize_header("Nº 2 € ’x’") == "n_2_x");
    CHECK(normalize_header("Þ") == "");
  }
  SUBCASE("nothing to keep") {
    CHECK(normalize_header("") == "");
    CHECK(normalize_header(" -- ") == "");
  }
}

TEST_CASE("text::normalize_name") {
  CHECK(normalize_name("France Rénov'") == "francerenov");
  CHECK(normalize_name("France Rénov’") == "francerenov");
  CHECK(normalize_name("Point-Justice") == "pointjustice");
  CHECK(normalize_name("CHEQUE ENERGIE") == "chequeenergie");
  CHECK(normalize_name("Chèque énergie") == "chequeenergie");
  CHECK(normalize_name("pole emploi") == "poleemploi");
  CHECK(normalize_name("Pôle Emploi") == "poleemploi");
  CHECK(normalize_name("  L'Assurance   Maladie (CPAM) ") == "lassurancemaladiecpam");
  CHECK(normalize_name("Œ æ ß 42") == "oeaess42");
  CHECK(normalize_name("") == "");
  CHECK(normalize_name("’-'.") == "");
}

TEST_CASE("text::edit_distance") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
  CHECK(edit_distance("caf", "msa") == 3);
  CHECK(edit_distance("francerenov", "francerenv") == 1);
  CHECK(edit_distance("ab", "ba") == 2);
  SUBCASE("counts bytes, not characters") {
    CHECK(edit_distance("é", "e") == 2);
    CHECK(edit_distance("é", "è") == 1);
  }
}

TEST_CASE("text::parse_yes_no") {
  SUBCASE("yes in every accepted spelling and case") {
    for (const char* cell : {"Oui", "oui", "OUI", "oUi", "O", "o", "Yes", "yes", "YES", "Y", "y",
                             "Vrai", "vrai", "VRAI", "True", "true", "TRUE", "1"}) {
      CAPTURE(cell);
      CHECK(parse_yes_no(cell) == std::optional<bool>(true));
    }
  }
  SUBCASE("no in every accepted spelling and case") {
    for (const char* cell : {"Non", "non", "NON", "N", "n", "No", "no", "NO", "Faux", "faux",
                             "FAUX", "False", "false", "FALSE", "0"}) {
      CAPTURE(cell);
      CHECK(parse_yes_no(cell) == std::optional<bool>(false));
    }
  }
  SUBCASE("surrounding spaces and punctuation") {
    CHECK(parse_yes_no("  oui \t") == std::optional<bool>(true));
    CHECK(parse_yes_no("\xC2\xA0Non\xC2\xA0") == std::optional<bool>(false));
    CHECK(parse_yes_no("Oui.") == std::optional<bool>(true));
  }
  SUBCASE("blanks and garbage") {
    for (const char* cell : {"", " ", "\t", "-", "?", "N/A", "peut-être", "ouinon", "oui non", "2",
                             "10", "00", "yes please", "nope", "ja", "si", "x"}) {
      CAPTURE(cell);
      CHECK(parse_yes_no(cell) == std::nullopt);
    }
  }
}

// Every way of writing each spelling in capitals and small letters, and each
// letter of it replaced by any other ASCII letter or digit: read exactly as
// the lowered word says, whatever its length (1 to 5 bytes, read as one word).
TEST_CASE("text::parse_yes_no reads exactly the spellings, in any case") {
  const std::vector<std::pair<std::string, bool>> spellings = {
      {"oui", true},   {"o", true},      {"yes", true},  {"y", true},  {"vrai", true},
      {"true", true},  {"1", true},      {"non", false}, {"n", false}, {"no", false},
      {"faux", false}, {"false", false}, {"0", false}};
  const auto expected = [&](const std::string& cell) -> std::optional<bool> {
    std::string lower = cell;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [word, yes] : spellings) {
      if (word == lower) return yes;
    }
    return std::nullopt;
  };
  std::size_t checked = 0;
  for (const auto& [word, yes] : spellings) {
    for (unsigned caps = 0; caps < (1U << word.size()); ++caps) {
      std::string cell = word;
      for (std::size_t i = 0; i < cell.size(); ++i) {
        if ((caps >> i & 1U) != 0) {
          cell[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(cell[i])));
        }
      }
      CAPTURE(cell);
      CHECK(parse_yes_no(cell) == std::optional<bool>(yes));
      for (std::size_t i = 0; i < cell.size(); ++i) {
        for (const char other :
             std::string_view("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
          std::string changed = cell;
          changed[i] = other;
          CAPTURE(changed);
          CHECK(parse_yes_no(changed) == expected(changed));
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 10000);
  // Bytes a bit or two away from a spelling's (0x10 from '0', 0x0E 0x0F
  // from "no", 0xCF from 'O'): only A-Z gain the lowercase bit. Controls and
  // stray bytes alone, as normalization drops them, leave no word at all.
  for (const char* cell :
       {"\x10", "\x11", "\x0E\x0F", "\x0E\x0F\x0E", "\xCF", "@", "`", "[", "{"}) {
    CAPTURE(cell);
    CHECK(parse_yes_no(cell) == std::nullopt);
  }
}

// The short numbers of a survey are read a word at a time: every string of
// digits with at most one point or comma, in every place, of 1 to 8 bytes,
// reads as from_chars reads it, or is rejected where from_chars stops short.
TEST_CASE("text::parse_decimal reads short numbers as from_chars does") {
  const auto reference = [](std::string text) -> std::optional<double> {
    std::replace(text.begin(), text.end(), ',', '.');
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
  };
  std::size_t checked = 0;
  const std::string_view alphabet = "0379.,";
  for (std::size_t size = 1; size <= 6; ++size) {
    std::vector<std::size_t> at(size, 0);
    for (;;) {
      std::string cell;
      for (const std::size_t k : at) cell.push_back(alphabet[k]);
      CAPTURE(cell);
      CHECK(parse_decimal(cell) == reference(cell));
      ++checked;
      std::size_t i = 0;
      while (i < size && ++at[i] == alphabet.size()) at[i++] = 0;
      if (i == size) break;
    }
  }
  // Seven and eight bytes: every digit in every place, a point in every place.
  for (const std::string digits : {"12345678", "98765432", "10000001", "99999999", "00000000"}) {
    for (std::size_t size = 1; size <= 8; ++size) {
      const std::string whole = digits.substr(0, size);
      CHECK(parse_decimal(whole) == reference(whole));
      for (std::size_t point = 0; point <= size; ++point) {
        for (const char mark : {'.', ','}) {
          const std::string cell = whole.substr(0, point) + mark + whole.substr(point);
          if (cell.size() > 8) continue;
          CAPTURE(cell);
          CHECK(parse_decimal(cell) == reference(cell));
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 50000);
  CHECK(parse_decimal("99999999") == std::optional<double>(99999999.0));
  CHECK(parse_decimal("1234,567") == std::optional<double>(1234.567));
  CHECK(parse_decimal("0.000001") == std::optional<double>(0.000001));
  // Any other byte, anywhere in a short number, rejects it.
  for (int byte = 1; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    if (std::string_view("0123456789.,+-eE \t\r\n\xC2\xA0").find(c) != std::string_view::npos) {
      continue;
    }
    for (std::size_t i = 0; i <= 7; ++i) {
      std::string cell = "1234567";
      cell.insert(i, 1, c);
      CAPTURE(byte);
      CAPTURE(i);
      CHECK(parse_decimal(cell) == std::nullopt);
    }
  }
}

TEST_CASE("text::parse_decimal") {
  SUBCASE("point and comma") {
    CHECK(parse_decimal("12") == std::optional<double>(12.0));
    CHECK(parse_decimal("12.5") == std::optional<double>(12.5));
    CHECK(parse_decimal("12,5") == std::optional<double>(12.5));
    CHECK(parse_decimal("-3,25") == std::optional<double>(-3.25));
    CHECK(parse_decimal("+4") == std::optional<double>(4.0));
    CHECK(parse_decimal(",5") == std::optional<double>(0.5));
    CHECK(parse_decimal("0") == std::optional<double>(0.0));
    CHECK(parse_decimal("1e3") == std::optional<double>(1000.0));
  }
  SUBCASE("surrounding spaces, tabs, line ends and no-break spaces") {
    CHECK(parse_decimal("  12,5  ") == std::optional<double>(12.5));
    CHECK(parse_decimal("\t7\r\n") == std::optional<double>(7.0));
    CHECK(parse_decimal("\xC2\xA0"
                        "12,5\xC2\xA0") == std::optional<double>(12.5));
    CHECK(parse_decimal(std::string(70, ' ') + "3,5") == std::optional<double>(3.5));
  }
  SUBCASE("rejected") {
    for (const char* cell : {"",
                             " ",
                             "\xC2\xA0",
                             "1,2,3",
                             "1.2.3",
                             "1.2,3",
                             "inf",
                             "-inf",
                             "INF",
                             "infinity",
                             "nan",
                             "NaN",
                             "0x10",
                             "0X1p3",
                             "12abc",
                             "abc",
                             "1 000",
                             "1\xC2\xA0"
                             "000",
                             "12 %",
                             "1e",
                             "e5",
                             "1-2",
                             ".",
                             ",",
                             "+",
                             "-",
                             "1e400",
                             "--1",
                             "++1"}) {
      CAPTURE(cell);
      CHECK(parse_decimal(cell) == std::nullopt);
    }
  }
}

TEST_CASE("text::parse_decimal rejects a doubled sign") {
  CHECK(parse_decimal("+-1") == std::nullopt);
  CHECK(parse_decimal("+-2,5") == std::nullopt);
}

TEST_CASE("text::parse_integer") {
  CHECK(parse_integer("12") == std::optional<long long>(12));
  CHECK(parse_integer(" 42 ") == std::optional<long long>(42));
  CHECK(parse_integer("12,0") == std::optional<long long>(12));
  CHECK(parse_integer("12.0") == std::optional<long long>(12));
  CHECK(parse_integer("-7") == std::optional<long long>(-7));
  CHECK(parse_integer("0") == std::optional<long long>(0));
  CHECK(parse_integer("1e3") == std::optional<long long>(1000));
  CHECK(parse_integer("9e15") == std::optional<long long>(9000000000000000LL));
  SUBCASE("rejected") {
    for (const char* cell : {"12,5", "12.01", "-0,5", "", "abc", "12abc", "1e16", "inf", "1,2,3"}) {
      CAPTURE(cell);
      CHECK(parse_integer(cell) == std::nullopt);
    }
  }
}

TEST_CASE("text::trim") {
  CHECK(trim("") == "");
  CHECK(trim("   ") == "");
  CHECK(trim("abc") == "abc");
  CHECK(trim("  a b  ") == "a b");
  CHECK(trim("\t\r\n x \n") == "x");
  CHECK(trim("\xC2\xA0x\xC2\xA0") == "x");
  CHECK(trim("\xC2\xA0\xC2\xA0x y\xC2\xA0\xC2\xA0") == "x y");
  CHECK(trim(" \xC2\xA0x\xC2\xA0 ") == "x");
  SUBCASE("inner spaces and other characters are kept") {
    CHECK(trim("a\xC2\xA0"
               "b") ==
          "a\xC2\xA0"
          "b");
    CHECK(trim("\xC2x") == "\xC2x");
    CHECK(trim("\v x") == "\v x");
  }
}

TEST_CASE("text::trim strips any mix of spaces and no-break spaces") {
  CHECK(trim("\xC2\xA0 x") == "x");
  CHECK(trim("x \xC2\xA0 ") == "x");
  CHECK(trim(" \xC2\xA0 x \xC2\xA0 ") == "x");
  CHECK(parse_decimal("\xC2\xA0 12,5") == std::optional<double>(12.5));
}

TEST_CASE("text::json_quote") {
  CHECK(json_quote("") == R"("")");
  CHECK(json_quote("plain text") == R"("plain text")");
  CHECK(json_quote(R"(a"b\c)") == R"("a\"b\\c")");
  CHECK(json_quote("l1\nl2\r\tend") == R"("l1\nl2\r\tend")");
  CHECK(json_quote("/") == R"("/")");
  SUBCASE("other control characters as \\u00XX") {
    CHECK(json_quote("\x01") == R"("\u0001")");
    CHECK(json_quote("\x08\x0C") == R"("\u0008\u000c")");
    CHECK(json_quote("\x1F") == R"("\u001f")");
    CHECK(json_quote("a\0b"sv) == R"("a\u0000b")");
  }
  SUBCASE("UTF-8 and DEL are written as they are") {
    CHECK(json_quote("Délai €’") == "\"Délai €’\"");
    CHECK(json_quote("\x7F") == "\"\x7F\"");
  }
}

TEST_CASE("text::parse_yes_no rejects signed numbers") {
  CHECK(parse_yes_no("-1") == std::nullopt);
  CHECK(parse_yes_no("+0") == std::nullopt);
  CHECK(parse_yes_no("oui.") == std::optional<bool>(true));
  CHECK(parse_yes_no(" Vrai ") == std::optional<bool>(true));
}

TEST_CASE("text::normalize_name keeps the text after a broken UTF-8 sequence") {
  CHECK(normalize_name("caf\xE9 noir") == "cafnoir");
  CHECK(normalize_header("caf\xE9 noir") == "caf_noir");
}

}  // namespace fsbo
