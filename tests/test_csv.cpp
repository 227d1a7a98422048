// Unit tests of fsbo/csv.hpp: dialect and encoding detection, quoting,
// physical line numbers and the diagnostics of the read stage.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "run.hpp"

namespace fsbo {

namespace {

using Rows = std::vector<std::vector<std::string>>;
const std::string k_fffd = "\xEF\xBF\xBD";

// Everything a reader produced, read to the end.
struct Read {
  bool ok = false;
  std::string name;
  Dialect dialect;
  std::vector<Record> records;
  std::size_t count = 0;  // CsvReader::records()
  std::vector<Diagnostic> diagnostics;

  Rows rows() const {
    Rows rows;
    for (const Record& r : records) rows.push_back(r.fields);
    return rows;
  }
  std::vector<std::string> texts() const {
    std::vector<std::string> texts;
    for (const Diagnostic& d : diagnostics) texts.push_back(format_text(d));
    return texts;
  }
};

Read drain(CsvReader& reader, const Diagnostics& diagnostics) {
  Read read;
  read.ok = reader.ok();
  read.name = reader.name();
  read.dialect = reader.dialect();
  Record record;  // reused, as the commands do
  while (reader.next(record)) read.records.push_back(record);
  const std::size_t kept = diagnostics.kept().size();
  CHECK_FALSE(reader.next(record));  // stays at the end, without new diagnostics
  CHECK(diagnostics.kept().size() == kept);
  read.count = reader.records();
  read.diagnostics = diagnostics.kept();
  return read;
}

Read read_bytes(std::string bytes, const DialectOverride& how = {}) {
  Diagnostics diagnostics;
  const auto reader = CsvReader::from_bytes("t.csv", std::move(bytes), how, diagnostics);
  return drain(*reader, diagnostics);
}

Read read_path(const std::string& path, const DialectOverride& how = {}) {
  Diagnostics diagnostics;
  CsvReader reader(path, how, diagnostics);
  return drain(reader, diagnostics);
}

std::vector<std::pair<std::size_t, std::size_t>> lines(const Read& read) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  for (const Record& r : read.records) lines.emplace_back(r.line, r.last_line);
  return lines;
}

DialectOverride with_separator(char separator) {
  DialectOverride how;
  how.separator = separator;
  return how;
}

DialectOverride with_encoding(Encoding encoding) {
  DialectOverride how;
  how.encoding = encoding;
  return how;
}

}  // namespace

TEST_CASE("csv::separator_name and csv::describe") {
  CHECK(std::string(separator_name(',')) == "','");
  CHECK(std::string(separator_name(';')) == "';'");
  CHECK(std::string(separator_name('\t')) == "tab");
  CHECK(std::string(separator_name('|')) == "'|'");
  CHECK(std::string(separator_name(':')) == "other");
  CHECK(describe(Dialect{}) == "UTF-8, ',' separator, LF line ends");
  CHECK(describe(Dialect{'\t', Encoding::windows1252, true, LineEnd::crlf}) ==
        "Windows-1252 with BOM, tab separator, CRLF line ends");
  CHECK(describe(Dialect{';', Encoding::utf8, false, LineEnd::cr}) ==
        "UTF-8, ';' separator, CR line ends");
}

TEST_CASE("csv::CsvReader separator detection") {
  SUBCASE("comma") {
    const Read r = read_bytes("a,b,c\n1,2,3\n");
    CHECK(r.dialect.separator == ',');
    CHECK(r.rows() == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  }
  SUBCASE("semicolon") {
    const Read r = read_bytes("a;b;c\n1;2,5;3\n");
    CHECK(r.dialect.separator == ';');
    CHECK(r.rows() == Rows{{"a", "b", "c"}, {"1", "2,5", "3"}});
  }
  SUBCASE("tab") {
    const Read r = read_bytes("a\tb\tc\n1\t2\t3\n");
    CHECK(r.dialect.separator == '\t');
    CHECK(r.rows() == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  }
  SUBCASE("pipe") {
    const Read r = read_bytes("a|b|c\n1|2|3\n");
    CHECK(r.dialect.separator == '|');
    CHECK(r.rows() == Rows{{"a", "b", "c"}, {"1", "2", "3"}});
  }
  SUBCASE("the most frequent candidate wins") {
    const Read r = read_bytes("a;b,c;d\n");
    CHECK(r.dialect.separator == ';');
    CHECK(r.rows() == Rows{{"a", "b,c", "d"}});
  }
  SUBCASE("a tie goes to the earlier candidate") {
    CHECK(read_bytes("a;b,c\n").dialect.separator == ',');
    CHECK(read_bytes("a|b\tc\n").dialect.separator == '\t');
  }
  SUBCASE("separators inside quotes are not counted, even across lines") {
    const Read r = read_bytes("\"x;y;z\",b\n1,2\n");
    CHECK(r.dialect.separator == ',');
    CHECK(r.rows() == Rows{{"x;y;z", "b"}, {"1", "2"}});
    const Read multi = read_bytes("\"x\n;;;\",b\n1,2\n");
    CHECK(multi.dialect.separator == ',');
    CHECK(multi.rows() == Rows{{"x\n;;;", "b"}, {"1", "2"}});
  }
  SUBCASE("only the first record counts") {
    const Read r = read_bytes("a;b\n1,2,3,4\n");
    CHECK(r.dialect.separator == ';');
    CHECK(r.rows() == Rows{{"a", "b"}, {"1,2,3,4"}});
  }
  SUBCASE("no candidate at all") {
    CHECK(read_bytes("abc\n").dialect.separator == ',');
  }
}

TEST_CASE("csv::CsvReader dialect overrides") {
  SUBCASE("separator") {
    const Read r = read_bytes("a;b,c\n1;2,3\n", with_separator(';'));
    CHECK(r.dialect.separator == ';');
    CHECK(r.rows() == Rows{{"a", "b,c"}, {"1", "2,3"}});
    CHECK(r.diagnostics.empty());
  }
  SUBCASE("Windows-1252 over a UTF-8 file") {
    const Read r = read_bytes("nom,x\nCafé,1\n", with_encoding(Encoding::windows1252));
    CHECK(r.dialect.encoding == Encoding::windows1252);
    CHECK(r.rows() == Rows{{"nom", "x"}, {"CafÃ©", "1"}});
    CHECK(r.diagnostics.empty());
  }
  SUBCASE("UTF-8 over a Windows-1252 file") {
    const Read r = read_bytes("nom,x\nCaf\xE9,1\n", with_encoding(Encoding::utf8));
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.rows() == Rows{{"nom", "x"}, {"Caf" + k_fffd, "1"}});
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:2: error: column 'nom': byte 0xE9 is not valid UTF-8 at byte "
                           "offset 9 (if the file is not UTF-8, pass --encoding windows-1252) "
                           "[encoding-error]"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].value == "Caf" + k_fffd);
  }
}

TEST_CASE("csv::CsvReader byte order mark") {
  SUBCASE("detected and stripped") {
    const Read r = read_bytes(
        "\xEF\xBB\xBF"
        "a;b\n1;2\n");
    CHECK(r.dialect.bom);
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.dialect.separator == ';');
    CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}});
    CHECK(describe(r.dialect) == "UTF-8 with BOM, ';' separator, LF line ends");
  }
  SUBCASE("no BOM") {
    CHECK_FALSE(read_bytes("a,b\n").dialect.bom);
  }
  SUBCASE("a BOM means UTF-8; offsets count the BOM") {
    const Read r = read_bytes("\xEF\xBB\xBFnom,x\ncaf\xE9,1\n");
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.texts() == std::vector<std::string>{
                           "t.csv:2: error: column 'nom': byte 0xE9 is not valid UTF-8 at byte "
                           "offset 12 (if the file is not UTF-8, pass --encoding windows-1252) "
                           "[encoding-error]"});
  }
  SUBCASE("a BOM alone is an empty file") {
    const Read r = read_bytes("\xEF\xBB\xBF");
    CHECK(r.dialect.bom);
    CHECK(r.texts() ==
          std::vector<std::string>{
              "t.csv:1: error: the file is empty: there is no header line [empty-file]"});
  }
}

TEST_CASE("csv::CsvReader line ends") {
  SUBCASE("LF") {
    const Read r = read_bytes("a,b\n1,2\n");
    CHECK(r.dialect.line_end == LineEnd::lf);
    CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}});
  }
  SUBCASE("CRLF") {
    const Read r = read_bytes("a\tb\r\n1\t2\r\n\r\n3\t4\r\n");
    CHECK(r.dialect.line_end == LineEnd::crlf);
    CHECK(describe(r.dialect) == "UTF-8, tab separator, CRLF line ends");
    CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 2}, {4, 4}});
  }
  SUBCASE("CRLF without a line end on the last line") {
    const Read r = read_bytes("a,b\r\n1,2");
    CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}});
  }
  SUBCASE("lone CR") {
    const Read r = read_bytes("a;b\r1;2\r\r3;4\r");
    CHECK(r.dialect.line_end == LineEnd::cr);
    CHECK(describe(r.dialect) == "UTF-8, ';' separator, CR line ends");
    CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 2}, {4, 4}});
  }
  SUBCASE("lone CR with a quoted line break") {
    const Read r = read_bytes("a,b\r\"x\ry\",z\r1,2\r");
    CHECK(r.rows().size() == 3);
    CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 3}, {4, 4}});
  }
}

TEST_CASE("csv::CsvReader encoding detection") {
  SUBCASE("UTF-8") {
    const Read r = read_bytes("nom,ville\nCafé,Orléans ’€\n");
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.rows() == Rows{{"nom", "ville"}, {"Café", "Orléans ’€"}});
    CHECK(r.diagnostics.empty());
  }
  SUBCASE("plain ASCII reads as UTF-8") {
    CHECK(read_bytes("a,b\n1,2\n").dialect.encoding == Encoding::utf8);
  }
  SUBCASE("Windows-1252") {
    const Read r = read_bytes(
        "nom,ville\nCaf\xE9,Orl\xE9"
        "ans\nFrance R\xE9nov\x92,\x80\n");
    CHECK(r.dialect.encoding == Encoding::windows1252);
    CHECK(describe(r.dialect) == "Windows-1252, ',' separator, LF line ends");
    CHECK(r.rows() == Rows{{"nom", "ville"}, {"Café", "Orléans"}, {"France Rénov’", "€"}});
    CHECK(r.diagnostics.empty());
  }
}

TEST_CASE("csv::CsvReader quoted fields") {
  SUBCASE("separators and empty quotes") {
    CHECK(read_bytes("a,b,c\n\"x,y\",\"\",z\n").rows() == Rows{{"a", "b", "c"}, {"x,y", "", "z"}});
  }
  SUBCASE("doubled quotes") {
    CHECK(read_bytes("a,b\n\"he said \"\"hi\"\"\",\"\"\"\"\n").rows() ==
          Rows{{"a", "b"}, {"he said \"hi\"", "\""}});
  }
  SUBCASE("LF inside quotes is kept") {
    CHECK(read_bytes("a,b\n\"l1\nl2\",z\n").rows() == Rows{{"a", "b"}, {"l1\nl2", "z"}});
  }
  SUBCASE("CRLF inside quotes is kept") {
    CHECK(read_bytes("a,b\r\n\"l1\r\nl2\",z\r\n").rows() == Rows{{"a", "b"}, {"l1\r\nl2", "z"}});
  }
  SUBCASE("each line break inside quotes is kept as written") {
    CHECK(read_bytes("a,b\r\n\"l1\nl2\r\nl3\",z\r\n").rows() ==
          Rows{{"a", "b"}, {"l1\nl2\r\nl3", "z"}});
  }
  SUBCASE("blank lines inside quotes are part of the field") {
    CHECK(read_bytes("a,b\n\"x\n\ny\",z\n").rows() == Rows{{"a", "b"}, {"x\n\ny", "z"}});
  }
  SUBCASE("text after a closing quote and quotes inside unquoted fields are kept") {
    CHECK(read_bytes("a,b\n\"ab\"cd,x\"y\n").rows() == Rows{{"a", "b"}, {"abcd", "x\"y"}});
  }
  SUBCASE("empty trailing fields") {
    CHECK(read_bytes("a,b,c\n1,,\n").rows() == Rows{{"a", "b", "c"}, {"1", "", ""}});
  }
}

TEST_CASE("csv::CsvReader physical line numbers") {
  const std::vector<std::pair<std::size_t, std::size_t>> expected = {
      {1, 1}, {2, 4}, {5, 5}, {8, 8}};
  SUBCASE("LF") {
    const Read r = read_bytes("h1,h2\n\"a\nb\nc\",d\ne,f\n\n\ng,h\n");
    CHECK(r.rows() == Rows{{"h1", "h2"}, {"a\nb\nc", "d"}, {"e", "f"}, {"g", "h"}});
    CHECK(lines(r) == expected);
    CHECK(r.count == 4);
  }
  SUBCASE("CRLF") {
    const Read r = read_bytes("h1,h2\r\n\"a\r\nb\r\nc\",d\r\ne,f\r\n\r\n\r\ng,h\r\n");
    CHECK(r.rows() == Rows{{"h1", "h2"}, {"a\r\nb\r\nc", "d"}, {"e", "f"}, {"g", "h"}});
    CHECK(lines(r) == expected);
  }
}

TEST_CASE("csv::CsvReader blank lines") {
  const Read r = read_bytes("\n\na,b\n\n1,2\n\n");
  CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{3, 3}, {5, 5}});
  CHECK(r.count == 2);
  CHECK(r.diagnostics.empty());
}

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
  const Read r = read_bytes("a,b\n" + std::string((std::size_t{1} << 24) + 10, 'x') + "\n1,2\n");
  CHECK(r.rows() == Rows{{"a", "b"}});
  CHECK(r.texts() == std::vector<std::string>{
                         "t.csv:2: error: a line is longer than 16 MiB; the rest of the file is "
                         "not read [line-too-long]"});
}

// A header line too long: no `empty-file` error follows either.
TEST_CASE("csv::CsvReader header line too long") {
  const Read r = read_bytes(std::string((std::size_t{1} << 24) + 10, 'x') + "\n1,2\n");
  CHECK(r.texts() == std::vector<std::string>{
                         "t.csv:1: error: a line is longer than 16 MiB; the rest of the file is "
                         "not read [line-too-long]"});
}

TEST_CASE("csv::CsvReader separator detection after leading blank lines") {
  const Read r = read_bytes("\n\na;b\n1;2\n");
  CHECK(r.dialect.separator == ';');
  CHECK(r.rows() == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(r.diagnostics.empty());
}

TEST_CASE("csv::CsvReader line end detection ignores line breaks inside quotes") {
  const Read cr = read_bytes("a,b\r1,2\r\"x\ny\",3\r");
  CHECK(cr.dialect.line_end == LineEnd::cr);
  CHECK(cr.rows() == Rows{{"a", "b"}, {"1", "2"}, {"x\ny", "3"}});
  const Read crlf = read_bytes("\"a\nb\",c\r\n1,2\r\n");
  CHECK(crlf.dialect.line_end == LineEnd::crlf);
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

TEST_CASE("csv::CsvReader column_name") {
  Diagnostics diagnostics;
  const auto reader = CsvReader::from_bytes("t.csv", "a,,c\n1,2,3\n", {}, diagnostics);
  CHECK(reader->column_name(0) == "column 1");
  Record record;
  REQUIRE(reader->next(record));
  CHECK(reader->column_name(0) == "a");
  CHECK(reader->column_name(1) == "column 2");
  CHECK(reader->column_name(2) == "c");
  CHECK(reader->column_name(3) == "column 4");
  CHECK(reader->records() == 1);
  REQUIRE(reader->next(record));
  CHECK(record.fields == std::vector<std::string>{"1", "2", "3"});
  CHECK(reader->records() == 2);
}

TEST_CASE("csv::CsvReader unreadable inputs") {
  const std::string dir = test::temp_dir();
  SUBCASE("a missing file") {
    Diagnostics diagnostics;
    CsvReader reader(dir + "/missing.csv", {}, diagnostics);
    CHECK_FALSE(reader.ok());
    Record record;
    CHECK_FALSE(reader.next(record));
    CHECK(diagnostics.has_unreadable());
    CHECK(format_text(diagnostics) == dir +
                                          "/missing.csv: error: cannot read the file: No such "
                                          "file or directory [unreadable-file]\n");
  }
  SUBCASE("a directory") {
    Diagnostics diagnostics;
    CsvReader reader(dir, {}, diagnostics);
    CHECK_FALSE(reader.ok());
    Record record;
    CHECK_FALSE(reader.next(record));
    CHECK(diagnostics.has_unreadable());
    CHECK(format_text(diagnostics) ==
          dir + ": error: cannot read the file: it is a directory [unreadable-file]\n");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("csv::CsvReader real files") {
  const std::string dir = test::temp_dir();
  SUBCASE("UTF-8 with BOM and CRLF") {
    test::write_file(dir + "/a.csv", "\xEF\xBB\xBFnom;ville\r\nCafé;\"Orléans\r\nCentre\"\r\n");
    const Read r = read_path(dir + "/a.csv");
    CHECK(r.ok);
    CHECK(r.name == dir + "/a.csv");
    CHECK(describe(r.dialect) == "UTF-8 with BOM, ';' separator, CRLF line ends");
    CHECK(r.rows() == Rows{{"nom", "ville"}, {"Café", "Orléans\r\nCentre"}});
    CHECK(lines(r) == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 3}});
    CHECK(r.diagnostics.empty());
  }
  SUBCASE("Windows-1252") {
    test::write_file(dir + "/b.csv",
                     "nom,ville\nCaf\xE9,Orl\x81"
                     "ans\n");
    const Read r = read_path(dir + "/b.csv");
    CHECK(r.dialect.encoding == Encoding::windows1252);
    CHECK(r.rows() == Rows{{"nom", "ville"}, {"Café", "Orl" + k_fffd + "ans"}});
    CHECK(r.texts() == std::vector<std::string>{
                           dir + "/b.csv:2: error: column 'ville': byte 0x81 is not defined in "
                                 "Windows-1252 at byte offset 18 [encoding-error]"});
  }

  // 12-byte rows after a 12-byte header: row 87380 starts at 1048572, so the
  // é of its "Café" straddles the 1 MiB sniff window (C3 inside, A9 after).
  const std::size_t rows = 90000;
  std::string big = "nom1,ville2\n";
  for (std::size_t k = 0; k < rows; ++k) big += "Café,Paris\n";
  REQUIRE(big.size() > (std::size_t{1} << 20));
  CHECK(big.substr(1048572, 6) == "Caf\xC3\xA9,");

  SUBCASE("larger than the sniff window, UTF-8 throughout") {
    test::write_file(dir + "/c.csv", big);
    const Read r = read_path(dir + "/c.csv");
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.records.size() == rows + 1);
    CHECK(std::all_of(r.records.begin() + 1, r.records.end(), [](const Record& record) {
      return record.fields == std::vector<std::string>{"Café", "Paris"};
    }));
    CHECK(r.diagnostics.empty());
    CHECK(read_bytes(big).dialect.encoding == Encoding::utf8);
  }
  SUBCASE("UTF-8 in its first MiB, Windows-1252 after it") {
    big +=
        "Orl\xE9"
        "ans,Loiret\n";
    test::write_file(dir + "/d.csv", big);
    const Read r = read_path(dir + "/d.csv");
    CHECK(r.dialect.encoding == Encoding::windows1252);
    REQUIRE(r.records.size() == rows + 2);
    CHECK(r.records[1].fields == std::vector<std::string>{"CafÃ©", "Paris"});
    CHECK(r.records.back().fields == std::vector<std::string>{"Orléans", "Loiret"});
    CHECK(r.records.back().line == rows + 2);
    CHECK(r.diagnostics.empty());
    CHECK(read_bytes(big).dialect.encoding == Encoding::windows1252);
  }
  SUBCASE("larger than the sniff window, ending in a cut UTF-8 sequence") {
    big += "Caf\xC3";
    test::write_file(dir + "/e.csv", big);
    const Read r = read_path(dir + "/e.csv");
    CHECK(r.dialect.encoding == Encoding::windows1252);
    CHECK(r.records.back().fields == std::vector<std::string>{"CafÃ"});
    CHECK(read_bytes(big).dialect.encoding == Encoding::windows1252);
  }
  std::filesystem::remove_all(dir);
}

namespace {

// The csv-spectrum JSON files: an array of flat objects of strings, or one such object.
using JsonObject = std::vector<std::pair<std::string, std::string>>;

class FlatJson {
public:
  explicit FlatJson(std::string text) : m_text(std::move(text)) {}

  std::vector<JsonObject> parse() {
    std::vector<JsonObject> objects;
    if (peek() != '[') {
      objects.push_back(object());
      return objects;
    }
    expect('[');
    if (peek() == ']') return objects;
    do objects.push_back(object());
    while (take() == ',');
    return objects;
  }

private:
  char peek() {
    while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at]))) ++m_at;
    return m_at < m_text.size() ? m_text[m_at] : '\0';
  }
  char take() {
    const char c = peek();
    if (c == '\0') throw std::runtime_error("JSON: unexpected end");
    ++m_at;
    return c;
  }
  void expect(char c) {
    if (take() != c) throw std::runtime_error(std::string("JSON: expected ") + c);
  }

  JsonObject object() {
    JsonObject fields;
    expect('{');
    if (peek() == '}') {
      ++m_at;
      return fields;
    }
    do {
      std::string key = string();
      expect(':');
      fields.emplace_back(std::move(key), string());
    } while (take() == ',');
    return fields;
  }

  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      if (m_at >= m_text.size()) throw std::runtime_error("JSON: unterminated string");
      const char c = m_text[m_at++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      const char e = m_text.at(m_at++);
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'u': {
          const auto cp =
              static_cast<std::uint32_t>(std::stoul(m_text.substr(m_at, 4), nullptr, 16));
          m_at += 4;
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
          break;
        }
        default: out.push_back(e);  // \" \\ \/
      }
    }
  }

  std::string m_text;
  std::size_t m_at = 0;
};

}  // namespace

TEST_CASE("csv::CsvReader csv-spectrum") {
  if (!test::have_shared("csv-spectrum/csvs")) {
    MESSAGE("skipped: ../shared/data/csv-spectrum is not there");
    return;
  }
  CHECK(FlatJson(R"([{"a": "x\"\n\u00e9"}, {}])").parse() ==
        std::vector<JsonObject>{{{"a", "x\"\né"}}, {}});

  std::vector<std::string> cases;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::shared_file("csv-spectrum/csvs"))) {
    if (entry.path().extension() == ".csv") cases.push_back(entry.path().stem().string());
  }
  std::sort(cases.begin(), cases.end());
  CHECK(cases.size() == 12);

  for (const std::string& name : cases) {
    CAPTURE(name);
    const Read r = read_path(test::shared_file("csv-spectrum/csvs/" + name + ".csv"));
    const std::vector<JsonObject> expected =
        FlatJson(test::read_file(test::shared_file("csv-spectrum/json/" + name + ".json"))).parse();
    CHECK(r.ok);
    CHECK(r.dialect.separator == ',');
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.diagnostics.empty());
    REQUIRE_FALSE(r.records.empty());
    const std::vector<std::string>& header = r.records[0].fields;
    const auto field = [&](const Record& record, const std::string& key) {
      const auto it = std::find(header.begin(), header.end(), key);
      REQUIRE(it != header.end());
      return record.fields.at(static_cast<std::size_t>(it - header.begin()));
    };
    if (name == "location_coordinates") {
      // Known upstream defect: only this field of its JSON matches the CSV.
      REQUIRE(r.records.size() == 2);
      REQUIRE(expected.size() == 1);
      CHECK(r.records[1].fields.size() == header.size());
      const auto it = std::find_if(expected[0].begin(), expected[0].end(), [](const auto& kv) {
        return kv.first == "Location Coordinates";
      });
      REQUIRE(it != expected[0].end());
      CHECK(field(r.records[1], "Location Coordinates") == it->second);
      continue;
    }
    REQUIRE(r.records.size() == expected.size() + 1);
    for (std::size_t k = 0; k < expected.size(); ++k) {
      CAPTURE(k);
      CHECK(r.records[k + 1].fields.size() == header.size());
      CHECK(expected[k].size() == header.size());
      for (const auto& [key, value] : expected[k]) CHECK(field(r.records[k + 1], key) == value);
    }
  }
}

}  // namespace fsbo
