// Unit tests of fsbo/csv.hpp: dialect and encoding detection, quoting and
// physical line numbers.
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
  CHECK(record.fields == std::vector<std::string_view>{"1", "2", "3"});
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
    CHECK(std::all_of(r.records.begin() + 1, r.records.end(), [](const KeptRecord& record) {
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
    // A half-downloaded UTF-8 file stays UTF-8: its last, cut, byte is reported.
    big += "Caf\xC3";
    test::write_file(dir + "/e.csv", big);
    const Read r = read_path(dir + "/e.csv");
    CHECK(r.dialect.encoding == Encoding::utf8);
    CHECK(r.records.back().fields == std::vector<std::string>{"Caf" + k_fffd});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].kind == "encoding-error");
    CHECK(read_bytes(big).dialect.encoding == Encoding::utf8);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("csv::CsvReader a CR LF pair in a CR-ended file is one line end") {
  const Read r = read_bytes("h\rr1\rr2\r\nr3\r");
  CHECK(r.dialect.line_end == LineEnd::cr);
  CHECK(r.rows() == Rows{{"h"}, {"r1"}, {"r2"}, {"r3"}});
  CHECK(lines(r) ==
        std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 2}, {3, 3}, {4, 4}});
}

}  // namespace fsbo
