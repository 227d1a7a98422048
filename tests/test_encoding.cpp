// Unit tests of fsbo/encoding.hpp: UTF-8 validation and Windows-1252 decoding.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fsbo/encoding.hpp"

namespace fsbo {

namespace {

constexpr std::size_t npos = std::string_view::npos;
const std::string k_fffd = "\xEF\xBF\xBD";

// Windows-1252 decoding of `bytes` into a fresh string, with the returned index.
std::pair<std::string, std::size_t> cp1252(std::string_view bytes) {
  std::string out;
  const std::size_t bad = append_windows1252(bytes, out);
  return {out, bad};
}

std::pair<std::string, std::size_t> checked(std::string_view bytes) {
  std::string out;
  const std::size_t bad = append_utf8_checked(bytes, out);
  return {out, bad};
}

}  // namespace

TEST_CASE("encoding::encoding_name") {
  CHECK(std::string(encoding_name(Encoding::utf8)) == "UTF-8");
  CHECK(std::string(encoding_name(Encoding::windows1252)) == "Windows-1252");
}

TEST_CASE("encoding::find_invalid_utf8") {
  SUBCASE("valid text, one to four bytes per character") {
    CHECK(find_invalid_utf8("") == npos);
    CHECK(find_invalid_utf8("plain ASCII, with\ttab\r\n") == npos);
    CHECK(find_invalid_utf8(std::string_view("a\0b", 3)) == npos);
    CHECK(find_invalid_utf8("Délai réponse") == npos);                      // C3 A9
    CHECK(find_invalid_utf8("\xC2\x80 \xDF\xBF") == npos);                  // U+0080, U+07FF
    CHECK(find_invalid_utf8("€ ’ \xE0\xA0\x80 \xEF\xBF\xBF") == npos);      // U+0800, U+FFFF
    CHECK(find_invalid_utf8("\xED\x9F\xBF \xEE\x80\x80") == npos);          // U+D7FF, U+E000
    CHECK(find_invalid_utf8("\xF0\x9F\x98\x80") == npos);                   // U+1F600
    CHECK(find_invalid_utf8("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF") == npos);  // U+10000, U+10FFFF
  }
  SUBCASE("overlong forms") {
    CHECK(find_invalid_utf8("ab\xC0\xAF") == 2);
    CHECK(find_invalid_utf8("\xC1\xBF") == 0);
    CHECK(find_invalid_utf8("x\xE0\x80\xAF") == 1);
    CHECK(find_invalid_utf8("\xE0\x9F\xBF") == 0);
    CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0);
    CHECK(find_invalid_utf8("\xF0\x8F\xBF\xBF") == 0);
  }
  SUBCASE("surrogates") {
    CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);  // U+D800
    CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0);   // U+DFFF
  }
  SUBCASE("past U+10FFFF and bytes that never occur") {
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);
    CHECK(find_invalid_utf8("ok \xF5\x80\x80\x80") == 3);
    CHECK(find_invalid_utf8("\xF8\x88\x80\x80\x80") == 0);
    CHECK(find_invalid_utf8("a\xFE") == 1);
    CHECK(find_invalid_utf8("ab\xFF") == 2);
  }
  SUBCASE("stray and missing continuation bytes") {
    CHECK(find_invalid_utf8("a\x80") == 1);
    CHECK(find_invalid_utf8("\xBF") == 0);
    CHECK(find_invalid_utf8("\xC3\x28") == 0);
    CHECK(find_invalid_utf8("\xE2\x28\xA1") == 0);
    CHECK(find_invalid_utf8("\xE2\x82\x28") == 0);
    CHECK(find_invalid_utf8("\xF0\x9F\x98\x28") == 0);
    CHECK(find_invalid_utf8("é\xE9t\xE9") == 2);  // Windows-1252 é after a UTF-8 one
  }
  SUBCASE("sequence truncated by the end of the text") {
    CHECK(find_invalid_utf8("ab\xC3") == 2);
    CHECK(find_invalid_utf8("ab\xE2\x82") == 2);
    CHECK(find_invalid_utf8("\xF0\x9F\x98") == 0);
    CHECK(find_invalid_utf8("é\xF0") == 2);
  }
}

TEST_CASE("encoding::append_windows1252") {
  SUBCASE("ASCII and Latin-1 letters") {
    CHECK(cp1252("Caf\xE9 Orl\xE9"
                 "ans") == std::make_pair(std::string("Café Orléans"), npos));
    CHECK(cp1252("\xE9") == std::make_pair(std::string("\xC3\xA9"), npos));  // U+00E9
    CHECK(cp1252("\xC0\xC7\xFF") == std::make_pair(std::string("ÀÇÿ"), npos));
    CHECK(cp1252("\xA0") == std::make_pair(std::string("\xC2\xA0"), npos));
    CHECK(cp1252("") == std::make_pair(std::string(), npos));
  }
  SUBCASE("every byte from 0xA0 to 0xFF is the code point of the same number") {
    for (unsigned b = 0xA0; b <= 0xFF; ++b) {
      CAPTURE(b);
      const std::string expected = {static_cast<char>(0xC0 | (b >> 6)),
                                    static_cast<char>(0x80 | (b & 0x3F))};
      CHECK(cp1252(std::string(1, static_cast<char>(b))) == std::make_pair(expected, npos));
    }
  }
  SUBCASE("the 0x80-0x9F block") {
    CHECK(cp1252("\x80") == std::make_pair(std::string("\xE2\x82\xAC"), npos));  // € U+20AC
    CHECK(cp1252("\x92") == std::make_pair(std::string("\xE2\x80\x99"), npos));  // ’ U+2019
    CHECK(cp1252("\x9C") == std::make_pair(std::string("\xC5\x93"), npos));      // œ U+0153
    CHECK(cp1252("\x8C") == std::make_pair(std::string("Œ"), npos));
    CHECK(cp1252("\x85\x96\x97") == std::make_pair(std::string("…–—"), npos));
    CHECK(cp1252("\x91\x93\x94") == std::make_pair(std::string("‘“”"), npos));
    CHECK(cp1252("\x8A\x9A\x8E\x9E\x9F") == std::make_pair(std::string("ŠšŽžŸ"), npos));
    CHECK(cp1252("\x83\x99") == std::make_pair(std::string("ƒ™"), npos));
  }
  SUBCASE("each undefined byte becomes U+FFFD and its index is returned") {
    for (const char b : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
      CAPTURE(static_cast<unsigned>(static_cast<unsigned char>(b)));
      CHECK(cp1252(std::string(1, b)) == std::make_pair(k_fffd, std::size_t{0}));
      CHECK(cp1252(std::string("ab") + b + "c") ==
            std::make_pair("ab" + k_fffd + "c", std::size_t{2}));
    }
  }
  SUBCASE("the first undefined byte is reported, all are replaced") {
    CHECK(cp1252("a\x90\xE9\x9D") == std::make_pair("a" + k_fffd + "é" + k_fffd, std::size_t{1}));
  }
  SUBCASE("appends to what the string holds") {
    std::string out = "x;";
    CHECK(append_windows1252("\xE9\x80", out) == npos);
    CHECK(out == "x;é€");
    CHECK(append_windows1252("\x8F", out) == 0);
    CHECK(out == "x;é€" + k_fffd);
  }
}

TEST_CASE("encoding::append_utf8_checked") {
  SUBCASE("valid text is copied") {
    CHECK(checked("Délai € \xF0\x9F\x98\x80") ==
          std::make_pair(std::string("Délai € \xF0\x9F\x98\x80"), npos));
    CHECK(checked("") == std::make_pair(std::string(), npos));
  }
  SUBCASE("each invalid byte becomes U+FFFD") {
    CHECK(checked("Caf\xE9") == std::make_pair("Caf" + k_fffd, std::size_t{3}));
    CHECK(checked("a\xFF"
                  "b") == std::make_pair("a" + k_fffd + "b", std::size_t{1}));
    CHECK(checked("\xC0\xAF") == std::make_pair(k_fffd + k_fffd, std::size_t{0}));
    CHECK(checked("x\xED\xA0\x80y") ==
          std::make_pair("x" + k_fffd + k_fffd + k_fffd + "y", std::size_t{1}));
    CHECK(checked("é\xE2\x82") == std::make_pair("é" + k_fffd + k_fffd, std::size_t{2}));
    CHECK(checked("\xF4\x90\x80\x80!") ==
          std::make_pair(k_fffd + k_fffd + k_fffd + k_fffd + "!", std::size_t{0}));
  }
  SUBCASE("the first invalid byte is reported, valid text after it is kept") {
    CHECK(checked("ok\x80 é \x81") ==
          std::make_pair("ok" + k_fffd + " é " + k_fffd, std::size_t{2}));
  }
  SUBCASE("appends to what the string holds") {
    std::string out = "head|";
    CHECK(append_utf8_checked("é", out) == npos);
    CHECK(out == "head|é");
    CHECK(append_utf8_checked("z\x9C", out) == 1);
    CHECK(out == "head|éz" + k_fffd);
  }
}

}  // namespace fsbo

namespace {

// The first invalid byte of `bytes` by RFC 3629, one code point at a time:
// the oracle the block-wise check is compared with.
std::size_t first_invalid(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    const unsigned char lead = at(i);
    std::size_t length = 1;
    std::uint32_t code = lead;
    if (lead >= 0xF0 && lead <= 0xF7) {
      length = 4;
      code = lead & 0x07u;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0Fu;
    } else if (lead >= 0xC0 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1Fu;
    } else if (lead >= 0x80) {
      return i;
    }
    if (i + length > bytes.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if ((at(i + k) & 0xC0) != 0x80) return i;
      code = (code << 6) | (at(i + k) & 0x3Fu);
    }
    const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < least[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace

TEST_CASE("encoding::find_invalid_utf8 agrees with a code point by code point check") {
  // Texts of ASCII and of one- to four-byte characters, 0 to 300 bytes, so
  // that sequences straddle every place of the 32-byte blocks; some with a
  // byte changed, cut, or ending open.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           ",",
                                           "\xC3\xA9",
                                           "\xC3\xB4",
                                           "\xE2\x80\x99",
                                           "\xE2\x82\xAC",
                                           "\xEF\xBF\xBD",
                                           "\xF0\x9F\x98\x80",
                                           "\xF4\x8F\xBF\xBF",
                                           "\xED\x9F\xBF",
                                           "\xE0\xA0\x80",
                                           "\xC2\x80"};
  const std::vector<std::string> bad = {"\x80",
                                        "\xBF",
                                        "\xC0\xAF",
                                        "\xC1\xBF",
                                        "\xE0\x80\xAF",
                                        "\xED\xA0\x80",
                                        "\xF0\x8F\xBF\xBF",
                                        "\xF4\x90\x80\x80",
                                        "\xF5\x80\x80\x80",
                                        "\xFF",
                                        "\xC3",
                                        "\xE2\x80",
                                        "\xF0\x9F\x98",
                                        "\xC3\xC3",
                                        "\xE2\x80\x99\x99"};
  std::uint32_t state = 12345;
  const auto next = [&](std::uint32_t bound) {
    state = state * 1103515245u + 12345u;
    return (state >> 8) % bound;
  };
  std::size_t checked = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const std::size_t size = next(300);
    const bool mostly_ascii = next(2) == 0;
    while (text.size() < size) {
      text += mostly_ascii && next(8) != 0
                  ? std::string(1, static_cast<char>('a' + next(26)))
                  : pieces[next(static_cast<std::uint32_t>(pieces.size()))];
    }
    switch (next(4)) {
      case 0: break;
      case 1:
        text.insert(next(static_cast<std::uint32_t>(text.size() + 1)),
                    bad[next(static_cast<std::uint32_t>(bad.size()))]);
        break;
      case 2:
        if (!text.empty())
          text[next(static_cast<std::uint32_t>(text.size()))] = static_cast<char>(0x80 + next(128));
        break;
      default: text.resize(next(static_cast<std::uint32_t>(text.size() + 1)));
    }
    CAPTURE(text);
    REQUIRE(fsbo::find_invalid_utf8(text) == first_invalid(text));
    ++checked;
  }
  CHECK(checked == 20000);
}
