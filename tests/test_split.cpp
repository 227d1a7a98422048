// Reading one file in two parts: where the second part starts, its line
// numbers, and that the two parts give the records of one reading, or say
// that they do not.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "csv_support.hpp"
#include "read/split.hpp"

namespace fsbo {

namespace {

std::string write(const std::string& name, const std::string& text) {
  const std::string path = test::temp_dir() + "/" + name;
  test::write_file(path, text);
  return path;
}

FileId id_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return {info.st_dev, info.st_ino};
}

// A CSV of `rows` records of three cells; every seventh holds a quoted line
// break, every eleventh doubled quotes. A file is split only past what its
// reading thread read ahead (a few hundred kilobytes): tests use a megabyte.
std::string numbered(std::size_t rows, const std::string& line_end = "\n") {
  std::string text = "id,name,note" + line_end;
  for (std::size_t k = 0; k < rows; ++k) {
    std::string note = "n" + std::to_string(k);
    if (k % 7 == 3) note = "\"two" + line_end + "lines\"";
    if (k % 11 == 5) note = "\"say \"\"hi\"\", twice\"";
    text += std::to_string(k) + ",row " + std::to_string(k) + "," + note + line_end;
  }
  return text;
}

struct Parts {
  Read first;
  Read second;
  bool split = false;
  bool joined = false;
  bool read_to_end = false;  // the second part's
  bool second_misjudged = false;
  std::size_t split_line = 0;
};

// Reads `path` in two parts as the registry and the survey readers do: the
// header, the split, the first part to its stop, the second to the end;
// when they do not join, the first reads on and the second is dropped.
Parts read_in_parts(const std::string& path, std::uint64_t at_least = 1, Plan plan = Plan::once) {
  Parts parts;
  Diagnostics first_diagnostics;
  Diagnostics second_diagnostics;
  CsvReader reader(path, {}, first_diagnostics, plan);
  Record record;
  REQUIRE(reader.next(record));
  parts.first.records.emplace_back(record);
  const std::unique_ptr<CsvReader> second = reader.split(at_least, second_diagnostics);
  parts.split = second != nullptr;
  while (reader.next(record)) parts.first.records.emplace_back(record);
  parts.joined = reader.stopped_at_split();
  if (parts.joined) parts.split_line = reader.split_line();
  if (second) {
    while (second->next(record)) parts.second.records.emplace_back(record);
    parts.second_misjudged = second->misjudged();
    parts.second.diagnostics = second_diagnostics.kept();
    if (parts.joined) {
      reader.take_over(*second);
      parts.read_to_end = reader.read_to_end();
      parts.first.count = reader.records();
    } else {
      reader.read_on();
      while (reader.next(record)) parts.first.records.emplace_back(record);
      parts.read_to_end = reader.read_to_end();
      parts.first.count = reader.records();
    }
  }
  parts.first.diagnostics = first_diagnostics.kept();
  return parts;
}

// Both parts as one reading: the second's records and diagnostics, their
// lines numbered from its start, moved on by the lines before it.
Read joined(const Parts& parts) {
  Read all = parts.first;
  if (!parts.joined) return all;
  const std::size_t offset = parts.split_line - 1;
  for (KeptRecord record : parts.second.records) {
    record.line += offset;
    record.last_line += offset;
    all.records.push_back(record);
  }
  for (Diagnostic diagnostic : parts.second.diagnostics) {
    if (diagnostic.line != 0) diagnostic.line += offset;
    all.diagnostics.push_back(diagnostic);
  }
  return all;
}

}  // namespace

TEST_CASE("split::record_start_in finds the first line start that k records of the width follow") {
  std::string records;
  for (int k = 0; k < 20; ++k) records += "a,b,c\n";
  CHECK(record_start_in("xyz\n" + records, ',', 3) == std::optional<std::size_t>(4));
  CHECK(record_start_in("yz\n" + records, ';', 3) == std::nullopt);
  CHECK(record_start_in("yz\n" + records, ',', 2) == std::nullopt);
  // Fewer records than the proof asks for: no guess.
  CHECK(record_start_in("z\na,b,c\na,b,c\n", ',', 3) == std::nullopt);
  // Blank lines are not record starts; CRLF ends count as line ends.
  CHECK(record_start_in("z\n\n\r\n" + records, ',', 3) == std::optional<std::size_t>(5));
  std::string crlf;
  for (int k = 0; k < 20; ++k) crlf += "a,\"b\",c\r\n";
  CHECK(record_start_in("z\r\n" + crlf, ',', 3) == std::optional<std::size_t>(3));
  // Inside a quoted cell the first lines read with the wrong width: the
  // start is the line after the cell's end.
  const std::string inside = "tail of a cell\nstill, in it\",end\n";
  CHECK(record_start_in("x\n" + inside + records, ',', 3) ==
        std::optional<std::size_t>(2 + inside.size()));
  // Doubled quotes inside a quoted cell keep it quoted.
  std::string doubled;
  for (int k = 0; k < 20; ++k) doubled += "1,\"say \"\"a,b\"\"\",2\n";
  CHECK(record_start_in("x\n" + doubled, ',', 3) == std::optional<std::size_t>(2));
}

TEST_CASE("split::open_again opens the same file only") {
  const std::string path = write("same.csv", "abcdef");
  const FileId id = id_of(path);
  const File file = open_again(path, id, 2);
  REQUIRE(file);
  CHECK(std::fgetc(file.get()) == 'c');
  CHECK_FALSE(open_again(path + ".missing", id, 0));
  // A file renamed over the path is another file.
  const std::string other = write("other.csv", "abcdef");
  REQUIRE(std::rename(other.c_str(), path.c_str()) == 0);
  CHECK_FALSE(open_again(path, id, 0));
}

TEST_CASE("split::CsvReader two parts give the records of one reading, lines included") {
  // UTF-8 text, text judged Windows-1252, and CRLF line ends.
  struct Case {
    const char* name;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"utf8.csv", numbered(60000)},
      {"cp1252.csv", numbered(40000) + "9999,\xE9t\xE9,x\n" + numbered(20000).substr(13)},
      {"crlf.csv", numbered(60000, "\r\n")},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string path = write(c.name, c.text);
    const Read whole = read_path(path);
    const Parts parts = read_in_parts(path);
    REQUIRE(parts.split);
    CHECK(parts.joined);
    CHECK(parts.read_to_end);
    CHECK(parts.first.records.size() > 20000);
    CHECK(parts.second.records.size() > 20000);
    CHECK(parts.second.records.front().line == 1);
    const Read both = joined(parts);
    // Once it took the second part over, the first reader counts both.
    CHECK(parts.first.count == whole.count);
    CHECK(both.rows() == whole.rows());
    CHECK(lines(both) == lines(whole));
    CHECK(both.texts() == whole.texts());
  }
}

TEST_CASE("split::CsvReader diagnostics of the second part name lines moved to the file's") {
  std::string text = numbered(60000);
  // A stray quote, a repeated header and a quote never closed late in the
  // file, in the second part: reported with the lines one reading gives.
  text += "70001,ab\"c,x\nid,name,note\n";
  text += numbered(50).substr(13) + "70002,\"never closed\n,\n";
  const std::string path = write("late-errors.csv", text);
  const Read whole = read_path(path);
  REQUIRE(whole.diagnostics.size() == 3);
  const Parts parts = read_in_parts(path);
  REQUIRE(parts.split);
  CHECK(parts.joined);
  CHECK(parts.first.diagnostics.empty());
  CHECK(joined(parts).texts() == whole.texts());
  // The quote never closed stops the reading before the end.
  CHECK_FALSE(parts.read_to_end);
}

TEST_CASE("split::CsvReader a guess inside a quoted cell does not join, and read_on reads on") {
  // A quoted cell in the middle holds text that reads as records: the guess
  // falls inside it, and the first part, which reads the cell whole, stops
  // at a record past the guess.
  std::string cell;
  for (int k = 0; k < 60000; ++k) cell += std::to_string(k) + ",looks,whole\n";
  const std::string text =
      numbered(15000) + "100,\"" + cell + "\",end\n" + numbered(15000).substr(13);
  const std::string path = write("inside.csv", text);
  const Read whole = read_path(path);

  Diagnostics diagnostics;
  Diagnostics second_diagnostics;
  CsvReader reader(path, {}, diagnostics);
  Record record;
  REQUIRE(reader.next(record));
  Read first;
  first.records.emplace_back(record);
  const std::unique_ptr<CsvReader> second = reader.split(1, second_diagnostics);
  REQUIRE(second != nullptr);
  while (reader.next(record)) first.records.emplace_back(record);
  CHECK_FALSE(reader.stopped_at_split());
  reader.read_on();
  while (reader.next(record)) first.records.emplace_back(record);
  CHECK(reader.read_to_end());
  first.diagnostics = diagnostics.kept();
  CHECK(first.rows() == whole.rows());
  CHECK(lines(first) == lines(whole));
  CHECK(first.texts() == whole.texts());
}

TEST_CASE("split::CsvReader a 0x1A byte reads as in one reading, whatever was read ahead") {
  // A 0x1A stands for a NUL only in a file that had a NUL by the end of its
  // record. The 0x1A lies in the second part, two thirds in; the NUL far
  // before the split, or after the 0x1A at distances around what a reading
  // reads ahead (256 KiB).
  const auto nuls = [](const Read& read) {
    return std::count_if(read.diagnostics.begin(), read.diagnostics.end(), [](const Diagnostic& d) {
      return d.message.find("a NUL byte") != std::string::npos;
    });
  };
  const std::string rows = numbered(40000).substr(13);
  const std::string ctrl_z =
      "late,c\x1A"
      "d,x\n";
  const std::string nul = std::string("nul,e\0f,x\n", 10);
  // UTF-8 and Windows-1252. With a NUL before the split, the parts do not
  // join (the second could not tell what its 0x1A stands for): the first
  // reads on.
  for (const std::string head : {"id,name,note\n", "id,name,note\ne,\xE9t\xE9,x\n"}) {
    CAPTURE(head);
    for (const std::size_t gap :
         {std::size_t{0}, std::size_t{1000}, std::size_t{100'000}, std::size_t{260'000}}) {
      CAPTURE(gap);
      const std::string early =
          head + nul + rows + ctrl_z + rows.substr(0, gap) + rows.substr(0, 200'000);
      // Past the first bytes sampled for the dialect.
      const std::string past_sample =
          head + rows.substr(0, 100'000) + nul + rows + ctrl_z + rows.substr(0, gap);
      const std::string late =
          head + rows + ctrl_z + rows.substr(0, gap) + nul + rows.substr(0, 200'000);
      for (const auto& [text, expected] :
           {std::pair{early, 2}, std::pair{past_sample, 2}, std::pair{late, 1}}) {
        const std::string path = write("nul.csv", text);
        const Read whole = read_path(path);
        CHECK(nuls(whole) == expected);
        const Parts parts = read_in_parts(path);
        REQUIRE(parts.split);
        CHECK(parts.joined == (expected == 1));
        CHECK(parts.second.records.size() > 2000);
        CHECK(parts.read_to_end);
        CHECK(nuls(joined(parts)) == expected);
        CHECK(joined(parts).texts() == whole.texts());
      }
    }
  }
}

TEST_CASE("split::CsvReader numbers the second part from its start, split_line() moves it") {
  const std::string path = write("part.csv", numbered(60000));
  const Read whole = read_path(path);
  const Parts parts = read_in_parts(path, 1, Plan::may_reread);
  REQUIRE(parts.split);
  REQUIRE(parts.joined);
  CHECK_FALSE(parts.second_misjudged);
  REQUIRE(parts.second.records.size() > 20000);
  CHECK(parts.second.records.front().line == 1);
  // The line where the second part starts, in the file.
  CHECK(parts.split_line == whole.records[parts.first.records.size()].line);
  CHECK(lines(joined(parts)) == lines(whole));
  CHECK(joined(parts).rows() == whole.rows());
}

TEST_CASE("split::CsvReader judged as read, and no join past a NUL") {
  const std::string rows = numbered(40000).substr(13);
  SUBCASE("a byte that is not UTF-8 in the second part: that part says so") {
    const std::string path =
        write("late-1252.csv", "id,name,note\n" + rows + "9999,\xE9t\xE9,x\n" + rows);
    const Parts parts = read_in_parts(path, 1, Plan::may_reread);
    REQUIRE(parts.split);
    CHECK(parts.joined);
    CHECK(parts.second_misjudged);
    CHECK(read_path(path, {}, Plan::may_reread).misjudged);
  }
  SUBCASE("a NUL in the first part: a 0x1A in the second would stand for one") {
    const std::string path =
        write("part-nul.csv", "id,name,note\n" + std::string("nul,e\0f,x\n", 10) + rows + rows);
    const Parts parts = read_in_parts(path, 1, Plan::may_reread);
    REQUIRE(parts.split);
    CHECK_FALSE(parts.joined);
    CHECK_FALSE(parts.second_misjudged);
  }
}

TEST_CASE("split::CsvReader a file renamed over the one being read is not read as its rest") {
  const std::string text = numbered(60000);
  std::string replacement = text;
  std::replace(replacement.begin(), replacement.end(), 'r', 'R');
  const std::string path = write("replaced.csv", text);
  const std::string other = write("replacement.csv", replacement);
  Diagnostics diagnostics;
  CsvReader reader(path, {}, diagnostics);
  Record record;
  REQUIRE(reader.next(record));
  REQUIRE(std::rename(other.c_str(), path.c_str()) == 0);
  CHECK(reader.split(1, diagnostics) == nullptr);
  std::size_t rows = 0;
  bool original = true;
  while (reader.next(record)) {
    ++rows;
    original = original && record.fields[1].find('R') == std::string_view::npos;
  }
  CHECK(rows == 60000);
  CHECK(original);
}

TEST_CASE("split::CsvReader is not split when it cannot be") {
  const std::string text = numbered(60000);
  const std::string path = write("small.csv", text);
  Diagnostics diagnostics;
  SUBCASE("smaller than asked") {
    CsvReader reader(path, {}, diagnostics);
    Record record;
    REQUIRE(reader.next(record));
    CHECK(reader.split(text.size() + 1, diagnostics) == nullptr);
    std::size_t rows = 0;
    while (reader.next(record)) ++rows;
    CHECK(rows == 60000);
  }
  SUBCASE("bytes in memory, and old-Mac line ends") {
    const auto bytes = CsvReader::from_bytes("t.csv", text, {}, diagnostics);
    Record record;
    REQUIRE(bytes->next(record));
    CHECK(bytes->split(1, diagnostics) == nullptr);
    std::string cr = text;
    for (char& c : cr) c = c == '\n' ? '\r' : c;
    CsvReader old_mac(write("cr.csv", cr), {}, diagnostics);
    REQUIRE(old_mac.next(record));
    CHECK(old_mac.split(1, diagnostics) == nullptr);
  }
  SUBCASE("once only, and not before the header") {
    CsvReader reader(path, {}, diagnostics);
    CHECK(reader.split(1, diagnostics) == nullptr);
    Record record;
    REQUIRE(reader.next(record));
    const std::unique_ptr<CsvReader> second = reader.split(1, diagnostics);
    REQUIRE(second != nullptr);
    CHECK(reader.split(1, diagnostics) == nullptr);
    CHECK(second->split(1, diagnostics) == nullptr);
  }
}

}  // namespace fsbo
