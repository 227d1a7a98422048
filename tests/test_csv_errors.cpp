// Unit tests of fsbo/csv.hpp: the diagnostics of the read stage.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "csv_support.hpp"

namespace fsbo {

TEST_CASE("csv::CsvReader unterminated quote") {
  SUBCASE("in a data record") {
    const Read r = read_bytes("a,b\n1,\"open\n2,3\n4,5\n");
    CHECK(r.rows() == Rows{{"a", "b"}});
    CHECK(r.count == 1);
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:2: error: column 'b': a quoted field is never closed: the record "
                           "is left out [unterminated-quote]"});
  }
  SUBCASE("after a multi-line record, opening on a later line of its record") {
    const Read r = read_bytes("a,b\n\"x\ny\",1\n\"p\nq\",\"open\nmore\n");
    CHECK(r.rows() == Rows{{"a", "b"}, {"x\ny", "1"}});
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:5: error: column 'b': a quoted field is never closed: the record "
                           "is left out [unterminated-quote]"});
  }
  SUBCASE("in a later cell of a record already past 16 MiB, whose text is not kept") {
    std::string bytes = "a,b,c\n\"";
    for (int line = 0; line < 40 * 1024; ++line) bytes += std::string(1023, 'y') + "\n";
    const Read r = read_bytes(bytes + "\",\"open\nmore\n");
    CHECK(r.rows() == Rows{{"a", "b", "c"}});
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:40962: error: column 'b': a quoted field is never closed: the "
                           "record is left out [unterminated-quote]"});
  }
}

// The header's quote never closed: no `empty-file` error follows, the file is not empty.
TEST_CASE("csv::CsvReader unterminated quote in the header") {
  const Read r = read_bytes("\"a,b\n1,2\n");
  CHECK(r.rows().empty());
  CHECK(r.texts() == std::vector<std::string>{
                         "t.csv:1: error: column 'column 1': a quoted field is never closed: the "
                         "record is left out [unterminated-quote]"});
}

TEST_CASE("csv::CsvReader line too long") {
  // Its record is left out, and reading goes on: the source cuts the line short.
  const Read r = read_bytes("a,b\n" + std::string((std::size_t{1} << 24) + 10, 'x') + "\n1,2\n3,4");
  CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
  CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {3, 3}, {4, 4}});
  CHECK(r.texts() == std::vector<std::string>{"t.csv:2: error: the line is longer than 16 MiB: "
                                              "its record is left out [line-too-long]"});
}

TEST_CASE("csv::CsvReader record too long") {
  // A quoted field over many lines: its text is not kept past 16 MiB.
  std::string big = "a,b\n1,\"";
  for (int k = 0; k < 20; ++k) big += std::string(1 << 20, 'y') + "\n";
  const Read r = read_bytes(big + "\"\n2,3\n");
  CHECK(r.rows() == Rows{{"a", "b"}, {"2", "3"}});
  CHECK(r.texts() == std::vector<std::string>{
                         "t.csv:2: error: the record from line 2 to line 22 is longer than 16 MiB: "
                         "it is left out [record-too-long]"});
}

TEST_CASE("csv::CsvReader stray quotes") {
  const Read r = read_bytes("a,b\n1,2\"3\n\"x\"y,4\n\"p\",\"q\"\n");
  CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2\"3"}, {"xy", "4"}, {"p", "q"}});
  CHECK(r.texts() ==
        std::vector<std::string>{
            "t.csv:2: warning: column 'b': a quote inside an unquoted field, or text after a "
            "closing quote: the field may not read as meant (quote the whole field, and double the "
            "quotes inside it) [stray-quote]",
            "t.csv:3: warning: column 'a': a quote inside an unquoted field, or text after a "
            "closing quote: the field may not read as meant (quote the whole field, and double the "
            "quotes inside it) [stray-quote]"});
}

// A header line too long: no `empty-file` error follows either.
TEST_CASE("csv::CsvReader header line too long") {
  const Read r = read_bytes(std::string((std::size_t{1} << 24) + 10, 'x') + "\n1,2\n");
  CHECK(r.rows().empty());
  CHECK(r.texts() == std::vector<std::string>{"t.csv:1: error: the line is longer than 16 MiB: "
                                              "its record is left out [line-too-long]"});
}

TEST_CASE("csv::CsvReader empty file") {
  for (const char* bytes : {"", "\n", "\n\r\n\n"}) {
    CAPTURE(bytes);
    const Read r = read_bytes(bytes);
    CHECK(r.ok);
    CHECK(r.rows().empty());
    CHECK(r.count == 0);
    CHECK(r.texts() ==
          std::vector<std::string>{
              "t.csv:1: error: the file is empty: there is no header line [empty-file]"});
  }
}

TEST_CASE("csv::CsvReader single column") {
  SUBCASE("detected") {
    const Read r = read_bytes("\nnom\nA\nB\n");
    CHECK(r.rows() == Rows{{"nom"}, {"A"}, {"B"}});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Severity::warning);
    CHECK(r.texts()[0] ==
          "t.csv:2: warning: the file reads as a single column with separator ',' (the separator "
          "is probably wrong; set it with --sep) [single-column]");
  }
  SUBCASE("forced by a wrong --sep") {
    const Read r = read_bytes("a,b\n1,2\n", with_separator(';'));
    CHECK(r.rows() == Rows{{"a,b"}, {"1,2"}});
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:1: warning: the file reads as a single column with separator "
                           "';' (the separator is probably wrong; set it with --sep) "
                           "[single-column]"});
  }
  SUBCASE("two columns are fine") {
    CHECK(read_bytes("a,b\n").diagnostics.empty());
  }
}

TEST_CASE("csv::CsvReader encoding errors") {
  SUBCASE("a byte Windows-1252 leaves undefined") {
    const Read r = read_bytes(
        "nom,ville\nCaf\xE9,Orl\x81"
        "ans\n");
    CHECK(r.dialect.encoding == Encoding::windows1252);
    CHECK(r.rows() == Rows{{"nom", "ville"}, {"Café", "Orl" + k_fffd + "ans"}});
    CHECK(r.texts() ==
          std::vector<std::string>{"t.csv:2: error: column 'ville': byte 0x81 is not defined in "
                                   "Windows-1252 at byte offset 18 [encoding-error]"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].value == "Orl" + k_fffd + "ans");
  }
  SUBCASE("each of the five undefined bytes") {
    for (const char* hex : {"81", "8D", "8F", "90", "9D"}) {
      CAPTURE(hex);
      const char byte = static_cast<char>(std::stoi(hex, nullptr, 16));
      const Read r = read_bytes(std::string("a,b\n1,x") + byte + "\n");
      CHECK(r.dialect.encoding == Encoding::windows1252);
      CHECK(r.texts() ==
            std::vector<std::string>{"t.csv:2: error: column 'b': byte 0x" + std::string(hex) +
                                     " is not defined in Windows-1252 at byte offset "
                                     "7 [encoding-error]"});
    }
  }
  SUBCASE("on the second line of a quoted field") {
    const Read r = read_bytes("a,b\n1,\"x\ny\x81\"\n");
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:3: error: column 'b': byte 0x81 is not defined in Windows-1252 "
                           "at byte offset 10 [encoding-error]"});
  }
  SUBCASE("one diagnostic per field, under the header's name or the column number") {
    const Read r = read_bytes("n\x81m,\n\x81\x8D,\x90\n");
    CHECK(r.texts() ==
          std::vector<std::string>{
              "t.csv:1: error: column 'column 1': byte 0x81 is not defined in Windows-1252 at "
              "byte offset 1 [encoding-error]",
              "t.csv:2: error: column 'n" + k_fffd +
                  "m': byte 0x81 is not defined in Windows-1252 at byte offset 5 [encoding-error]",
              "t.csv:2: error: column 'column 2': byte 0x90 is not defined in Windows-1252 at "
              "byte offset 8 [encoding-error]"});
  }
  SUBCASE("a NUL byte") {
    const Read r = read_bytes(std::string("a,b\n1,x\0y\n", 10));
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.rows() == Rows{{"a", "b"}, {"1", "x" + k_fffd + "y"}});
    CHECK(r.texts() ==
          std::vector<std::string>{"t.csv:2: error: column 'b': a NUL byte (0x00) at byte offset 7 "
                                   "[encoding-error]"});
  }
  SUBCASE("a NUL byte in a Windows-1252 file") {
    const Read r = read_bytes(std::string("a,b\n\xE9,x\0y\n", 10));
    CHECK(r.dialect.encoding == Encoding::windows1252);
    CHECK(r.rows() == Rows{{"a", "b"}, {"é", "x" + k_fffd + "y"}});
    CHECK(r.texts() ==
          std::vector<std::string>{"t.csv:2: error: column 'b': a NUL byte (0x00) at byte offset 7 "
                                   "[encoding-error]"});
  }
}

TEST_CASE("csv::CsvReader byte 0x1A is not a NUL byte") {
  const Read r = read_bytes("a,b\n1,x\x1Ay\n");
  CHECK(r.rows() == Rows{{"a", "b"}, {"1", "x\x1Ay"}});
  for (const std::string& text : r.texts()) CHECK(text.find("NUL") == std::string::npos);
}

TEST_CASE("csv::CsvReader byte offsets count both quotes of a doubled quote") {
  const Read r = read_bytes("a,b\n1,\"a\"\"\"\"b\x81\"\n");
  // a , b \n 1 , " a " " " " b: the undefined byte is the 14th byte, offset 13.
  CHECK(r.texts() == std::vector<std::string>{
                         "t.csv:2: error: column 'b': byte 0x81 is not defined in Windows-1252 at "
                         "byte offset 13 [encoding-error]"});
  CHECK(r.rows()[1][1] == "a\"\"b" + k_fffd);
}

TEST_CASE("csv::CsvReader repeated header") {
  const Read r = read_bytes("a,b\n1,2\na,b\n3,4\n");
  CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
  CHECK(r.texts() == std::vector<std::string>{
                         "t.csv:3: warning: the header line is repeated (concatenated exports?): "
                         "it is skipped [repeated-header]"});
}

// Inputs on which the fuzzer once crashed the reader (tests/fuzz/regressions),
// read as the fuzz target reads them: the first byte picks the overrides.
TEST_CASE("csv::CsvReader fuzz regressions") {
  std::size_t count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::project_file("tests/fuzz/regressions"))) {
    const std::string bytes = test::read_file(entry.path().string());
    REQUIRE_FALSE(bytes.empty());
    CAPTURE(entry.path().filename().string());
    const auto first = static_cast<unsigned char>(bytes[0]);
    DialectOverride how;
    if ((first & 1U) != 0) how.separator = ";,\t|"[(first >> 1U) & 3U];
    if ((first & 8U) != 0) {
      how.encoding = (first & 16U) != 0 ? Encoding::utf8 : Encoding::windows1252;
    }
    const Read r = read_bytes(bytes.substr(1), how);
    for (const KeptRecord& record : r.records) CHECK(record.line <= record.last_line);
    ++count;
  }
  CHECK(count >= 2);
}

TEST_CASE("csv::CsvReader a line too long inside quotes does not swallow the file") {
  const Read r =
      read_bytes("a,b\n1,\"" + std::string((std::size_t{1} << 24) + 10, 'x') + "\"\n2,3\n4,5\n");
  CHECK(r.rows() == Rows{{"a", "b"}, {"2", "3"}, {"4", "5"}});
  CHECK(r.texts() == std::vector<std::string>{"t.csv:2: error: the line is longer than 16 MiB: "
                                              "its record is left out [line-too-long]"});
}

TEST_CASE("csv::CsvReader cells past the bound are counted, not kept") {
  const Read r = read_bytes("a,b\nx" + std::string(200000, ',') + "\n1,2\n");
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[1].fields.size() == (std::size_t{1} << 17));
  CHECK(r.records[1].fields.size() + r.records[1].cells_dropped == 200001);
  CHECK(r.records[2].fields == std::vector<std::string>{"1", "2"});
}

TEST_CASE("csv::CsvReader rows of separators alone are blank lines") {
  // As Excel writes them below the data of a sheet formatted further down.
  const Read r = read_bytes("a;b;c\r\n1;2;3\r\n;;\r\n;;\r\n4;5;6\r\n");
  CHECK(r.rows() == Rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "6"}});
  CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 2}, {5, 5}});
  CHECK(r.diagnostics.empty());
}

// A file whose first 64 KiB are UTF-8 is checked whole by the reading thread,
// and its records are not checked again: what that check cannot call invalid
// (a NUL, a sequence cut by the end of the file) must still be reported.
TEST_CASE("csv::CsvReader a file checked whole as UTF-8 still reports a NUL and a cut end") {
  std::string bytes = "a,b\n";
  for (int k = 0; k < 20000; ++k) bytes += "1,Orléans\n";
  const std::size_t nul_at = bytes.size() + 3;
  bytes += std::string("2,x\0y\n", 6);
  const std::size_t cut_at = bytes.size() + 3;
  bytes += "3,z\xC3";
  const std::string path = test::temp_dir() + "/whole.csv";
  test::write_file(path, bytes);
  const Read r = read_path(path);
  CHECK(r.dialect.encoding == Encoding::utf8);
  REQUIRE(r.records.size() == 20003);
  CHECK(r.records[1].fields == std::vector<std::string>{"1", "Orléans"});
  CHECK(r.records[20001].fields == std::vector<std::string>{"2", "x" + k_fffd + "y"});
  CHECK(r.records[20002].fields == std::vector<std::string>{"3", "z" + k_fffd});
  const std::string name = path;
  CHECK(r.texts() ==
        std::vector<std::string>{
            name + ":20002: error: column 'b': a NUL byte (0x00) at byte offset " +
                std::to_string(nul_at) + " [encoding-error]",
            name + ":20003: error: column 'b': byte 0xC3 is not valid UTF-8 at byte offset " +
                std::to_string(cut_at) +
                " (if the file is not UTF-8, pass --encoding windows-1252) [encoding-error]"});
  CHECK_FALSE(r.misjudged);
  // Judged as it is read, the file reads the same, and is found to be UTF-8.
  const Read as_read = read_path(path, {}, Plan::may_reread);
  CHECK(as_read.dialect.encoding == Encoding::utf8);
  CHECK(as_read.rows() == r.rows());
  CHECK(as_read.texts() == r.texts());
  CHECK_FALSE(as_read.misjudged);
}

// UTF-8 for 240 kB, then one byte that is not: the whole file is
// Windows-1252. Judged as it is read, reading stops at that record, and the
// caller reads the file again as such.
TEST_CASE("csv::CsvReader a file judged as read stops where it is found not to be UTF-8") {
  const std::string path = test::temp_dir() + "/late.csv";
  for (const std::string& early : {std::string("Orléans"), std::string("Orleans")}) {
    CAPTURE(early);
    std::string bytes = "a,b\n";
    for (int k = 0; k < 20000; ++k) bytes += "1," + early + "\n";
    bytes += "2,Cr\xE9teil\n3,x\n";
    test::write_file(path, bytes);
    const Read whole = read_path(path);
    CHECK(whole.dialect.encoding == Encoding::windows1252);
    REQUIRE(whole.records.size() == 20003);
    CHECK(whole.records[20001].fields == std::vector<std::string>{"2", "Créteil"});
    CHECK_FALSE(whole.misjudged);
    const Read as_read = read_path(path, {}, Plan::may_reread);
    CHECK(as_read.misjudged);
    CHECK(as_read.records.size() == 20001);
    CHECK(as_read.diagnostics.empty());
    const Read again = read_path(path, with_encoding(Encoding::windows1252));
    CHECK(again.rows() == whole.rows());
    CHECK(again.texts() == whole.texts());
    CHECK(describe(again.dialect) == describe(whole.dialect));
  }
}

}  // namespace fsbo
