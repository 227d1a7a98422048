// Tests of the block scanner under the CSV reader (src/read/scanner.hpp) and
// of the read stage's fast paths: the same records whatever the buffer size,
// files larger than the buffer, plain decimals and yes/no words, UTF-8
// validation, and ValueCounts' hash table.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv_support.hpp"
#include "fsbo/aggregate.hpp"
#include "fsbo/encoding.hpp"
#include "fsbo/text.hpp"
#include "read/scanner.hpp"
#include "read/source.hpp"

namespace fsbo {

namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// Deterministic pseudo-random numbers (fixed seeds, same sequence everywhere).
class Random {
public:
  explicit Random(std::uint64_t seed) : m_engine(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(m_engine() % n); }
  bool chance(std::size_t percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

private:
  std::mt19937_64 m_engine;
};

// Bytes written so that a failure message shows them: controls, quotes,
// backslashes and high bytes as \xNN.
std::string shown(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7F || c == '\\') {
      std::array<char, 8> hex{};
      std::snprintf(hex.data(), hex.size(), "\\x%02X", b);
      out += hex.data();
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string str(std::uint64_t n) {
  return std::to_string(n);
}

// ---------------------------------------------------------------------------
// Finder

std::size_t naive_next(std::string_view bytes, char separator, std::size_t from) {
  for (std::size_t i = from; i < bytes.size(); ++i) {
    if (bytes[i] == separator || bytes[i] == '"' || bytes[i] == '\n') return i;
  }
  return bytes.size();
}

// "" when finder.next(from) is the naive search's answer for every `from`
// (in that order), else the first that is not.
std::string finder_mismatch(Finder& finder, std::string_view bytes, char separator,
                            const std::vector<std::size_t>& froms) {
  for (const std::size_t from : froms) {
    const std::size_t got = finder.next(from);
    const std::size_t want = naive_next(bytes, separator, from);
    if (got != want) {
      return "separator " + shown(std::string(1, separator)) + ", size " + str(bytes.size()) +
             ", from " + str(from) + ": got " + str(got) + ", want " + str(want) + " in <" +
             shown(bytes) + ">";
    }
  }
  return "";
}

std::vector<std::size_t> ascending(std::size_t size) {
  std::vector<std::size_t> froms;
  for (std::size_t from = 0; from <= size + 1; ++from) froms.push_back(from);
  return froms;
}

// Random bytes where `percent` of them are structural or CR, the rest
// letters, spaces, NUL and high bytes.
std::string finder_bytes(Random& random, std::size_t size, std::size_t percent) {
  static const std::string structural = ",;\"\n\r\t|";
  static const std::string other =
      std::string("ab xyz09") + '\0' + "\x80\xA0\xC3\xA9\xEF\xBB\xBF\xFF";
  std::string bytes;
  for (std::size_t i = 0; i < size; ++i) {
    const std::string& from = random.chance(percent) ? structural : other;
    bytes.push_back(from[random.below(from.size())]);
  }
  return bytes;
}

constexpr std::array<char, 4> k_separators = {',', ';', '\t', '|'};

// ---------------------------------------------------------------------------
// RecordScanner: every scan result, with its cells' bytes read through at().

struct CellView {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::uint64_t tail = 0;
  bool quoted = false;
  bool doubled = false;
  std::string text;   // [begin, end)
  std::string after;  // [end + 1, tail), quoted cells only
};

struct Step {
  RecordScanner::Result result = RecordScanner::Result::end;
  bool runaway = false;  // the scan went on past any sensible count of records
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::size_t line = 0;
  std::size_t last_line = 0;
  std::size_t cut_line = 0;
  bool too_long = false;
  std::size_t stray_quote = 0;
  std::size_t cells_dropped = 0;
  std::size_t quote_line = 0;
  std::size_t open_cell = 0;  // unterminated: 1 + the cell whose quote never closes
  std::vector<CellView> cells;
};

// A cell as written: text, or "text"after for a quoted cell.
std::string compact(const CellView& cell) {
  return cell.quoted ? "\"" + cell.text + "\"" + cell.after : cell.text;
}

std::string render(const Step& step) {
  if (step.runaway) return "runaway: more records than bytes";
  std::string out;
  switch (step.result) {
    case RecordScanner::Result::end: return "end";
    case RecordScanner::Result::unterminated:
      out = "unterminated from " + str(step.begin) + " line " + str(step.line) + " quote line " +
            str(step.quote_line) + " in cell " + str(step.open_cell) + " stray " +
            str(step.stray_quote);
      break;
    case RecordScanner::Result::record:
      out = "record " + str(step.begin) + "-" + str(step.end) + " lines " + str(step.line) + "-" +
            str(step.last_line) + " cut " + str(step.cut_line) + " too long " +
            str(step.too_long ? 1 : 0) + " stray " + str(step.stray_quote) + " dropped " +
            str(step.cells_dropped);
      break;
  }
  for (const CellView& cell : step.cells) {
    out += std::string(" | ") + (cell.quoted ? "q" : "u") + (cell.doubled ? "d" : "") + "@" +
           str(cell.begin) + "-" + str(cell.end);
    if (cell.quoted) out += "-" + str(cell.tail);
    out += " <" + shown(cell.text) + ">";
    if (cell.quoted) out += "<" + shown(cell.after) + ">";
  }
  return out;
}

// "" when both runs gave the same results, else the first difference.
std::string difference(const std::vector<Step>& got, const std::vector<Step>& want) {
  for (std::size_t i = 0; i < std::max(got.size(), want.size()); ++i) {
    const std::string a = i < got.size() ? render(got[i]) : "(nothing)";
    const std::string b = i < want.size() ? render(want[i]) : "(nothing)";
    if (a != b) return "result " + str(i + 1) + ":\n  got  " + a + "\n  want " + b;
  }
  return "";
}

Step capture(const RecordScanner& scanner, const ScannedRecord& record,
             RecordScanner::Result result) {
  Step step;
  step.result = result;
  if (result == RecordScanner::Result::end) return step;
  step.begin = record.begin;
  step.line = record.line;
  step.stray_quote = record.stray_quote;
  if (result == RecordScanner::Result::unterminated) {
    step.quote_line = record.quote_line;
  } else {
    step.end = record.end;
    step.last_line = record.last_line;
    step.cut_line = record.cut_line;
    step.too_long = record.too_long;
    step.cells_dropped = record.cells_dropped;
  }
  // A record too long to keep has no text left to read, and where its
  // cells stop being kept depends on when the buffer filled up.
  if (record.too_long) return step;
  std::size_t kept = record.cells.size();
  if (result == RecordScanner::Result::unterminated) {
    // The cell whose quote never closes may be in the record or not: what
    // is said is which cell it is, and the cells before it.
    const bool open_kept = kept > 0 && record.cells.back().quoted &&
                           record.cells.back().tail == record.cells.back().begin;
    if (open_kept) --kept;
    step.open_cell = kept + 1;
  }
  for (std::size_t k = 0; k < kept; ++k) {
    const Cell& cell = record.cells[k];
    CellView view{cell.begin, cell.end, cell.tail, cell.quoted, cell.doubled, "", ""};
    const bool sane = cell.begin >= record.begin && cell.end >= cell.begin &&
                      (!cell.quoted || cell.tail > cell.end) &&
                      (result != RecordScanner::Result::record ||
                       std::max(cell.end, cell.quoted ? cell.tail : 0) <= record.end);
    if (!sane) {
      view.text = "<offsets out of the record>";
    } else {
      view.text.assign(scanner.at(cell.begin), cell.end - cell.begin);
      if (cell.quoted) view.after.assign(scanner.at(cell.end + 1), cell.tail - cell.end - 1);
    }
    step.cells.push_back(std::move(view));
  }
  return step;
}

struct ScanOptions {
  char separator = ',';
  std::size_t buffer = 0;  // 0: the scanner's default
  bool cr_to_lf = false;
  std::size_t split = npos;  // served as a prefix up to here, then from a file
};

struct Scan {
  std::vector<Step> steps;
  std::uint64_t first_nul = UINT64_MAX;
};

Scan scan_all(const std::string& bytes, const ScanOptions& options) {
  Scan scan;
  Served served;
  std::unique_ptr<Source> source;
  if (options.split == npos) {
    source = std::make_unique<Source>(bytes, nullptr, false, options.cr_to_lf, served);
  } else {
    std::FILE* rest = std::tmpfile();
    REQUIRE(rest != nullptr);
    const std::size_t at = std::min(options.split, bytes.size());
    REQUIRE(std::fwrite(bytes.data() + at, 1, bytes.size() - at, rest) == bytes.size() - at);
    std::rewind(rest);
    source = std::make_unique<Source>(bytes.substr(0, at), rest, true, options.cr_to_lf, served);
  }
  std::unique_ptr<RecordScanner> scanner =
      options.buffer == 0 ? std::make_unique<RecordScanner>(std::move(source), options.separator, 0)
                          : std::make_unique<RecordScanner>(std::move(source), options.separator, 0,
                                                            options.buffer);
  ScannedRecord record;  // reused, as the reader does
  for (;;) {
    if (scan.steps.size() > bytes.size() + 2) {
      scan.steps.back().runaway = true;
      break;
    }
    const RecordScanner::Result result = scanner->scan(record);
    scan.steps.push_back(capture(*scanner, record, result));
    if (result == RecordScanner::Result::end) {
      // At the end, it stays there.
      if (scanner->scan(record) != RecordScanner::Result::end) scan.steps.back().runaway = true;
      break;
    }
    if (result == RecordScanner::Result::unterminated) break;
  }
  scan.first_nul = served.first_nul;
  return scan;
}

const std::vector<std::size_t> k_buffers = {1, 2, 3, 5, 7, 13, 64, 100, 0};

// The bytes as the source serves them: NUL swapped for the stand-in, and in
// an old-Mac file each CR LF or lone CR a LF.
std::string as_served(std::string_view bytes, bool cr_to_lf) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '\0') {
      out.push_back(k_nul_stand_in);
    } else if (cr_to_lf && c == '\r') {
      out.push_back('\n');
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// A byte-at-a-time model of the scanner on the whole input at once: blank
// lines (LF, CR LF, a lone CR at the very end) skipped, a BOM skipped at a
// record's start, quoted cells with doubled quotes and line breaks, a CR
// before a line's end not part of the cell.
std::vector<Step> reference_scan(std::string_view s, char separator) {
  const std::size_t n = s.size();
  std::vector<Step> steps;
  std::size_t pos = 0;
  std::size_t line = 1;
  for (;;) {
    for (;;) {
      if (pos < n && s[pos] == '\n') {
        ++pos;
        ++line;
      } else if (pos + 1 < n && s[pos] == '\r' && s[pos + 1] == '\n') {
        pos += 2;
        ++line;
      } else {
        if (pos + 1 == n && s[pos] == '\r') ++pos;
        break;
      }
    }
    Step step;
    if (pos >= n) {
      steps.push_back(step);
      return steps;
    }
    step.result = RecordScanner::Result::record;
    step.begin = pos;
    step.line = line;
    std::size_t line_start = pos;
    std::size_t p = pos;
    if (s.substr(p, 3) == k_bom) p += 3;
    for (;;) {
      CellView cell;
      cell.begin = p;
      cell.quoted = p < n && s[p] == '"';
      if (cell.quoted) {
        step.quote_line = line;
        cell.begin = ++p;
        bool closed = false;
        while (p < n && !closed) {
          if (s[p] == '"' && p + 1 < n && s[p + 1] == '"') {
            cell.doubled = true;
            p += 2;
          } else if (s[p] == '"') {
            closed = true;
          } else {
            if (s[p] == '\n') {
              ++line;
              line_start = p + 1;
            }
            ++p;
          }
        }
        if (!closed) {
          step.result = RecordScanner::Result::unterminated;
          step.open_cell = step.cells.size() + 1;
          steps.push_back(step);
          return steps;
        }
        cell.end = p++;  // at the closing quote
      }
      std::size_t q = p;
      while (q < n && s[q] != separator && s[q] != '\n') {
        if (s[q] == '"' && step.stray_quote == 0) step.stray_quote = step.cells.size() + 1;
        ++q;
      }
      const bool line_end = q == n || s[q] == '\n';
      std::size_t text_end = q;
      if (line_end && q > line_start && s[q - 1] == '\r') --text_end;
      if (cell.quoted) {
        cell.tail = text_end;
        if (text_end > p && step.stray_quote == 0) step.stray_quote = step.cells.size() + 1;
        cell.text = std::string(s.substr(cell.begin, cell.end - cell.begin));
        cell.after = std::string(s.substr(cell.end + 1, cell.tail - cell.end - 1));
      } else {
        cell.end = text_end;
        cell.tail = cell.begin;
        cell.text = std::string(s.substr(cell.begin, cell.end - cell.begin));
      }
      step.cells.push_back(std::move(cell));
      if (line_end) {
        step.end = q == n ? n : q + 1;
        step.last_line = line;
        if (q < n) ++line;
        pos = step.end;
        break;
      }
      p = q + 1;
    }
    steps.push_back(step);
  }
}

// Scans `bytes` with every buffer size, served whole and split between a
// prefix and a file, and compares each run with the default buffer's and
// with the model.
void check_buffer_sizes(const std::string& bytes, char separator, bool cr_to_lf,
                        const std::string& what) {
  INFO(what, ", separator ", shown(std::string(1, separator)), ", CR to LF ", cr_to_lf);
  ScanOptions options;
  options.separator = separator;
  options.cr_to_lf = cr_to_lf;
  const Scan reference = scan_all(bytes, options);
  CHECK(difference(reference.steps, reference_scan(as_served(bytes, cr_to_lf), separator)) == "");
  // The first NUL, at its offset in what is served (old-Mac line ends made one).
  const std::size_t nul = bytes.find('\0');
  CHECK(reference.first_nul ==
        (nul == std::string::npos ? UINT64_MAX : as_served(bytes.substr(0, nul), cr_to_lf).size()));
  for (const std::size_t buffer : k_buffers) {
    if (buffer == 0) continue;
    options.buffer = buffer;
    INFO("buffer ", buffer);
    CHECK(difference(scan_all(bytes, options).steps, reference.steps) == "");
  }
  for (const std::size_t split : {std::size_t{0}, bytes.size() / 3, bytes.size()}) {
    options.buffer = 5;
    options.split = split;
    INFO("prefix of ", split, " bytes, then a file");
    CHECK(difference(scan_all(bytes, options).steps, reference.steps) == "");
  }
}

// What a hand-written input must give, the same at every buffer size.
struct Want {
  std::vector<std::string> cells;  // as compact() writes them
  std::size_t line = 0;
  std::size_t last_line = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::size_t stray = 0;
  bool unterminated = false;
  std::size_t quote_line = 0;
  std::size_t open_cell = 0;
};

std::string summary(const Want& want) {
  std::string out = want.unterminated ? "unterminated from " + str(want.begin) + " line " +
                                            str(want.line) + " quote line " + str(want.quote_line) +
                                            " in cell " + str(want.open_cell)
                                      : "record " + str(want.begin) + "-" + str(want.end) +
                                            " lines " + str(want.line) + "-" + str(want.last_line);
  out += " stray " + str(want.stray);
  for (const std::string& cell : want.cells) out += " | " + shown(cell);
  return out;
}

std::string summary(const Step& step) {
  Want as_want;
  as_want.unterminated = step.result == RecordScanner::Result::unterminated;
  as_want.line = step.line;
  as_want.last_line = step.last_line;
  as_want.begin = step.begin;
  as_want.end = step.end;
  as_want.stray = step.stray_quote;
  as_want.quote_line = step.quote_line;
  as_want.open_cell = step.open_cell;
  for (const CellView& cell : step.cells) as_want.cells.push_back(compact(cell));
  return summary(as_want);
}

void check_records(const std::string& bytes, const std::vector<Want>& wants, char separator = ',') {
  for (const std::size_t buffer : k_buffers) {
    INFO("input <", shown(bytes), ">, buffer ", buffer);
    ScanOptions options;
    options.separator = separator;
    options.buffer = buffer;
    const Scan scan = scan_all(bytes, options);
    std::vector<std::string> got;
    for (const Step& step : scan.steps) {
      if (step.result != RecordScanner::Result::end) got.push_back(summary(step));
    }
    std::vector<std::string> want;
    for (const Want& w : wants) want.push_back(summary(w));
    std::string got_text;
    std::string want_text;
    for (const std::string& s : got) got_text += s + "\n";
    for (const std::string& s : want) want_text += s + "\n";
    CHECK(got_text == want_text);
    const bool unterminated = !wants.empty() && wants.back().unterminated;
    CHECK(scan.steps.back().result ==
          (unterminated ? RecordScanner::Result::unterminated : RecordScanner::Result::end));
    CHECK_FALSE(scan.steps.back().runaway);
  }
}

// Random CSV-like inputs: cells plain, quoted (with doubled quotes, line
// breaks, separators) or broken, blank lines, BOMs, lone CRs.
std::string random_csv(Random& random) {
  static const std::vector<std::string> tokens = {
      "a",          "bc",         "Ünï",     "\xE9t\xE9",
      ",",          ",",          ";",       "\"",
      "\"\"",       "\n",         "\n",      "\r\n",
      "\r\n",       "\r",         " ",       std::string(k_bom),
      "\"q\"",      "\"\"",       "x\"",     "\"a\nb\"",
      "\"c\r\nd\"", "\"e\"\"f\"", "\"g,h\"", "\"i\"j",
      "\n\n",       "\t",         "|",       "\xFF",
      "\"\n\"",     "\r\r\n",     "zz"};
  std::string bytes;
  const std::size_t count = random.below(40);
  for (std::size_t i = 0; i < count; ++i) bytes += random.pick(tokens);
  return bytes;
}

// ---------------------------------------------------------------------------
// CsvReader on a generated file several times its buffer

// A bit of text in UTF-8 and in Windows-1252.
struct Piece {
  std::string utf8;
  std::string cp1252;
};

const std::vector<Piece>& words() {
  static const std::vector<Piece> list = {
      {"Café", "Caf\xE9"},
      {"Orléans",
       "Orl\xE9"
       "ans"},
      {"Île-de-France",
       "\xCE"
       "le-de-France"},
      {"ça",
       "\xE7"
       "a"},
      {"cœur",
       "c\x9C"
       "ur"},
      {"10 €", "10 \x80"},
      {"l’accueil",
       "l\x92"
       "accueil"},
      {"Noël",
       "No\xEB"
       "l"},
      {"à", "\xE0"},
      {"ÉTÉ", "\xC9T\xC9"},
      {"guichet", "guichet"},
      {"demande", "demande"},
      {"12,5", "12,5"},
      {"x", "x"},
  };
  return list;
}

const std::vector<Piece>& punctuation() {
  static const std::vector<Piece> list = {{" ", " "},   {",", ","},       {";", ";"},
                                          {"\"", "\""}, {"\n", "\n"},     {"\r\n", "\r\n"},
                                          {"'", "'"},   {"\"\"", "\"\""}, {" - ", " - "}};
  return list;
}

void append(Piece& to, const Piece& piece) {
  to.utf8 += piece.utf8;
  to.cp1252 += piece.cp1252;
}

// Text of `count` tokens, words and (when `mixed`) punctuation.
Piece random_text(Random& random, std::size_t count, bool mixed) {
  Piece text;
  for (std::size_t i = 0; i < count; ++i) {
    if (mixed && random.chance(35)) {
      append(text, random.pick(punctuation()));
    } else {
      if (i > 0 && !mixed) append(text, {" ", " "});
      append(text, random.pick(words()));
    }
  }
  return text;
}

// `text` as a cell of a file with `separator`: quoted when it must be, or
// sometimes when it need not.
std::string as_cell(const std::string& text, char separator, bool quote_anyway) {
  const bool must = text.find_first_of(std::string("\"\r\n") + separator) != std::string::npos;
  if (!must && !quote_anyway) return text;
  std::string out = "\"";
  for (const char c : text) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  return out + "\"";
}

struct ExpectedRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;
  std::size_t last_line = 0;
};

struct BigFiles {
  std::string utf8;    // BOM, ',' separator, CRLF line ends
  std::string cp1252;  // no BOM, ';' separator, LF line ends
  std::vector<ExpectedRecord> records;
};

// About 3 MB: plain rows, quoted cells with doubled quotes, separators and
// line breaks, accented text, a few long cells and one cell of 1.5 MiB,
// longer than the reader's whole buffer.
BigFiles big_files() {
  Random random(20250101);
  BigFiles files;
  files.utf8 = std::string(k_bom);
  std::size_t line = 1;
  const auto add_record = [&](const std::vector<Piece>& fields) {
    ExpectedRecord expected;
    std::string utf8_line;
    std::string cp1252_line;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const bool quote_anyway = random.chance(10);
      if (k > 0) {
        utf8_line += ',';
        cp1252_line += ';';
      }
      utf8_line += as_cell(fields[k].utf8, ',', quote_anyway);
      cp1252_line += as_cell(fields[k].cp1252, ';', quote_anyway);
      expected.fields.push_back(fields[k].utf8);
    }
    const auto breaks =
        static_cast<std::size_t>(std::count(utf8_line.begin(), utf8_line.end(), '\n'));
    REQUIRE(breaks ==
            static_cast<std::size_t>(std::count(cp1252_line.begin(), cp1252_line.end(), '\n')));
    expected.line = line;
    expected.last_line = line + breaks;
    line = expected.last_line + 1;
    files.utf8 += utf8_line + "\r\n";
    files.cp1252 += cp1252_line + "\n";
    files.records.push_back(std::move(expected));
  };
  add_record({{"id", "id"},
              {"nom", "nom"},
              {"ville", "ville"},
              {"commentaire", "commentaire"},
              {"note", "note"}});
  bool giant = false;
  for (std::size_t id = 1; files.cp1252.size() < 3'000'000; ++id) {
    std::vector<Piece> fields;
    fields.push_back({std::to_string(id), std::to_string(id)});
    fields.push_back(random.chance(5) ? Piece{} : random_text(random, 1 + random.below(3), false));
    fields.push_back(random_text(random, 1 + random.below(6), random.chance(50)));
    std::size_t comment = random.below(10);
    if (random.below(1000) == 0) comment = 500 + random.below(4000);
    if (!giant && files.utf8.size() > 1'200'000) {
      comment = 260'000;  // about 1.5 MiB
      giant = true;
    }
    fields.push_back(random_text(random, comment, true));
    const std::string note =
        std::to_string(random.below(100)) + "," + std::to_string(random.below(10));
    fields.push_back(random.chance(20) ? Piece{} : Piece{note, note});
    add_record(fields);
  }
  REQUIRE(giant);
  return files;
}

// "" when the reader gave the expected records, else the first difference.
std::string record_difference(const Read& read, const std::vector<ExpectedRecord>& expected) {
  if (read.records.size() != expected.size()) {
    return "read " + str(read.records.size()) + " records, want " + str(expected.size());
  }
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const KeptRecord& got = read.records[k];
    const ExpectedRecord& want = expected[k];
    std::string got_text = "lines " + str(got.line) + "-" + str(got.last_line);
    std::string want_text = "lines " + str(want.line) + "-" + str(want.last_line);
    for (const std::string& field : got.fields) got_text += " | " + shown(field.substr(0, 300));
    for (const std::string& field : want.fields) want_text += " | " + shown(field.substr(0, 300));
    if (got.fields != want.fields || got.line != want.line || got.last_line != want.last_line) {
      return "record " + str(k + 1) + ":\n  got  " + got_text + "\n  want " + want_text;
    }
  }
  return "";
}

// ---------------------------------------------------------------------------
// Text: the behaviour before the fast paths, as a reference

std::string_view old_trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
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

std::optional<double> old_parse_decimal(std::string_view cell) {
  const std::string_view text = old_trim(cell);
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string buffer(text);
  std::replace(buffer.begin(), buffer.end(), ',', '.');
  if (std::count(buffer.begin(), buffer.end(), '.') > 1) return std::nullopt;
  const char* first = buffer.data();
  const char* last = first + buffer.size();
  if (*first == '+' && first + 1 != last && first[1] != '-') ++first;
  const bool plain = std::all_of(first, last, [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E';
  });
  if (!plain || first == last) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc() || end != last || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> old_parse_yes_no(std::string_view cell) {
  cell = old_trim(cell);
  if (cell.find_first_of("+-") != std::string_view::npos) return std::nullopt;
  const std::string word = normalize_name(cell);
  for (const char* yes : {"oui", "o", "yes", "y", "vrai", "true", "1"}) {
    if (word == yes) return true;
  }
  for (const char* no : {"non", "n", "no", "faux", "false", "0"}) {
    if (word == no) return false;
  }
  return std::nullopt;
}

// Same value, sign of zero included, or both nullopt.
bool same(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return !a && !b;
  return *a == *b && std::signbit(*a) == std::signbit(*b);
}

std::string shown(const std::optional<double>& value) {
  if (!value) return "nullopt";
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%.17g", *value);
  return text.data();
}

std::string shown(const std::optional<bool>& value) {
  if (!value) return "nullopt";
  return *value ? "true" : "false";
}

double from_chars_value(std::string text) {
  std::replace(text.begin(), text.end(), ',', '.');
  double value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  REQUIRE(error == std::errc());
  REQUIRE(end == text.data() + text.size());
  return value;
}

// ---------------------------------------------------------------------------
// UTF-8: a reference validator that decodes each code point

std::size_t reference_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t least = 0;
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, cp = b0 & 0x1Fu, least = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, cp = b0 & 0x0Fu, least = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, cp = b0 & 0x07u, least = 0x10000;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return npos;
}

std::string encode(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

std::string valid_sequence(Random& random) {
  static const std::vector<std::uint32_t> edges = {0x80,   0x7FF,  0x800,   0xD7FF,   0xE000,
                                                   0xFFFD, 0xFFFF, 0x10000, 0x10FFFF, 0xE9,
                                                   0x153,  0x20AC, 0x2019,  0x1F600};
  switch (random.below(4)) {
    case 0: return encode(random.pick(edges));
    case 1: return encode(0x80 + static_cast<std::uint32_t>(random.below(0x800 - 0x80)));
    case 2: {
      auto cp = 0x800 + static_cast<std::uint32_t>(random.below(0x10000 - 0x800 - 0x800));
      if (cp >= 0xD800) cp += 0x800;  // past the surrogates
      return encode(cp);
    }
    default: return encode(0x10000 + static_cast<std::uint32_t>(random.below(0x100000)));
  }
}

std::string invalid_sequence(Random& random) {
  static const std::vector<std::string> broken = {"\x80",
                                                  "\xBF",
                                                  "\xC0\x80",
                                                  "\xC1\xBF",
                                                  "\xE0\x80\x80",
                                                  "\xE0\x9F\xBF",
                                                  "\xED\xA0\x80",
                                                  "\xED\xBF\xBF",
                                                  "\xF0\x80\x80\x80",
                                                  "\xF0\x8F\xBF\xBF",
                                                  "\xF4\x90\x80\x80",
                                                  "\xF5\x80\x80\x80",
                                                  "\xF8",
                                                  "\xFE",
                                                  "\xFF",
                                                  "\xC3",
                                                  "\xE2\x82",
                                                  "\xF0\x9F\x98",
                                                  "\xC3\xC3\xA9",
                                                  "\xE2\x28\xA1"};
  if (random.chance(50)) return random.pick(broken);
  // A valid sequence cut short.
  const std::string whole = valid_sequence(random);
  return whole.substr(0, 1 + random.below(whole.size() - 1));
}

std::string ascii_run(Random& random) {
  std::string run;
  const std::size_t size = random.below(41);
  for (std::size_t i = 0; i < size; ++i) run.push_back(static_cast<char>(random.below(0x80)));
  return run;
}

// ---------------------------------------------------------------------------
// ValueCounts

std::vector<ValueCounts::Entry> entries_of(const std::map<double, std::size_t>& counts) {
  return {counts.begin(), counts.end()};
}

std::vector<ValueCounts::Entry> entries_of(const ValueCounts& counts) {
  return {counts.begin(), counts.end()};
}

std::string shown(const std::vector<ValueCounts::Entry>& entries) {
  std::string out;
  for (const auto& [value, count] : entries) {
    out += shown(std::optional<double>(value)) + "x" + str(count) + " ";
  }
  return out;
}

// "" when `counts` reads as `want`, strictly sorted, else both.
std::string counts_difference(const ValueCounts& counts,
                              const std::map<double, std::size_t>& want) {
  const std::vector<ValueCounts::Entry> got = entries_of(counts);
  const bool sorted = std::adjacent_find(got.begin(), got.end(), [](const auto& a, const auto& b) {
                        return !(a.first < b.first);
                      }) == got.end();
  if (sorted && got == entries_of(want) && counts == entries_of(want)) return "";
  if (got.size() > 60 || want.size() > 60) {
    return std::string(sorted ? "" : "not sorted, ") + str(got.size()) + " entries, want " +
           str(want.size());
  }
  return "got  " + shown(got) + "\nwant " + shown(entries_of(want));
}

std::vector<double> value_pool(Random& random, std::size_t size) {
  std::vector<double> pool = {0.0,  -0.0, 1.0,   -1.0,  0.5, 0.1, 0.2, 0.30000000000000004,
                              1e-9, 1e15, -3.25, 365.0, 7.0, 2.5};
  while (pool.size() < size) {
    pool.push_back(static_cast<double>(random.below(200'000)) / 8.0 - 10'000.0);
  }
  return pool;
}

void add_to(std::map<double, std::size_t>& want, double value, std::size_t count) {
  want[value == 0 ? 0.0 : value] += count;
}

}  // namespace

// ===========================================================================

TEST_CASE("scanner::Finder finds the first separator, quote or line feed from every offset") {
  Random random(1);
  std::size_t strings = 0;
  std::string storage(400, '\0');
  for (std::size_t size = 0; size <= 300; ++size) {
    for (const std::size_t percent : {2, 30, 70}) {
      const std::string bytes = finder_bytes(random, size, percent);
      // Copied at a varying alignment, behind bytes that must not be seen.
      const std::size_t offset = size % 17;
      std::fill(storage.begin(), storage.end(), ',');
      std::copy(bytes.begin(), bytes.end(), storage.begin() + static_cast<std::ptrdiff_t>(offset));
      const std::string_view view(storage.data() + offset, size);
      std::vector<std::size_t> froms = ascending(size);
      std::vector<std::size_t> shuffled = froms;
      std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(static_cast<unsigned>(size)));
      for (const char separator : k_separators) {
        Finder finder(separator);
        finder.reset(view.data(), view.size());
        CHECK(finder_mismatch(finder, view, separator, froms) == "");
        CHECK(finder_mismatch(finder, view, separator, {froms.rbegin(), froms.rend()}) == "");
        CHECK(finder_mismatch(finder, view, separator, shuffled) == "");
      }
      ++strings;
    }
  }
  CHECK(strings == 903);
}

TEST_CASE("scanner::Finder reset to a prefix or to new bytes drops its cached block") {
  Random random(2);
  for (std::size_t size = 1; size <= 300; size += 1 + size / 16) {
    std::string bytes = finder_bytes(random, size, 20);
    for (const char separator : k_separators) {
      Finder finder(separator);
      finder.reset(bytes.data(), bytes.size());
      CHECK(finder_mismatch(finder, bytes, separator, ascending(size)) == "");
      // Every shorter view of the same bytes, right after a look at the whole.
      for (std::size_t prefix = 0; prefix < size; prefix += 1 + random.below(9)) {
        const std::size_t last_from = random.below(size);
        finder.reset(bytes.data(), bytes.size());
        (void)finder.next(last_from);
        finder.reset(bytes.data(), prefix);
        INFO("after next(", last_from, ") on the whole, prefix of ", prefix);
        CHECK(finder_mismatch(finder, std::string_view(bytes).substr(0, prefix), separator,
                              ascending(prefix)) == "");
      }
      // New bytes at the same address and size, as a refill leaves them.
      std::string changed = bytes;
      for (char& c : changed) {
        if (random.chance(50)) c = random.chance(50) ? 'x' : separator;
      }
      finder.reset(bytes.data(), bytes.size());
      (void)finder.next(0);
      (void)finder.next(size - 1);
      std::copy(changed.begin(), changed.end(), bytes.begin());
      finder.reset(bytes.data(), bytes.size());
      CHECK(finder_mismatch(finder, bytes, separator, ascending(size)) == "");
    }
  }
  SUBCASE("a block of 64 with one hit at each position") {
    for (std::size_t hit = 0; hit < 130; ++hit) {
      std::string bytes(130, 'a');
      bytes[hit] = '"';
      Finder finder(',');
      finder.reset(bytes.data(), bytes.size());
      CHECK(finder_mismatch(finder, bytes, ',', ascending(bytes.size())) == "");
    }
  }
}

TEST_CASE("scanner::RecordScanner cells and lines of hand-written inputs") {
  SUBCASE("doubled quotes, CR LF, a line break inside quotes") {
    check_records("a,\"b\"\"c\",d\r\n\"x\ny\",z\n",
                  {{{"a", "\"b\"\"c\"", "d"}, 1, 1, 0, 12}, {{"\"x\ny\"", "z"}, 2, 3, 12, 20}});
    // The flags and offsets of the cells themselves.
    ScanOptions options;
    const Scan scan = scan_all("a,\"b\"\"c\",d\r\n\"x\ny\",z\n", options);
    REQUIRE(scan.steps.size() == 3);
    const std::vector<CellView>& cells = scan.steps[0].cells;
    REQUIRE(cells.size() == 3);
    CHECK((!cells[0].quoted && !cells[0].doubled && cells[0].begin == 0 && cells[0].end == 1));
    CHECK((cells[1].quoted && cells[1].doubled));
    CHECK((cells[1].begin == 3 && cells[1].end == 7 && cells[1].tail == 8));
    CHECK(cells[1].text == "b\"\"c");
    CHECK((!cells[2].quoted && cells[2].begin == 9 && cells[2].end == 10 && cells[2].text == "d"));
    const std::vector<CellView>& second = scan.steps[1].cells;
    REQUIRE(second.size() == 2);
    CHECK((second[0].quoted && !second[0].doubled && second[0].text == "x\ny"));
    CHECK((second[0].begin == 13 && second[0].end == 16 && second[0].tail == 17));
    CHECK((second[1].text == "z" && second[1].begin == 18));
    CHECK(scan.steps[2].result == RecordScanner::Result::end);
  }
  SUBCASE("blank lines, and lines of only CR LF, are skipped but counted") {
    check_records("\n\r\n\na\n\r\n\r\nb\r\n", {{{"a"}, 4, 4, 4, 6}, {{"b"}, 7, 7, 10, 13}});
    check_records("", {});
    check_records("\n", {});
    check_records("\r\n\r\n", {});
    check_records("\r", {});
  }
  SUBCASE("a UTF-8 BOM at the start and at a record's start in the middle") {
    check_records(
        "\xEF\xBB\xBFh1,h2\n1,2\n\xEF\xBB\xBF\"q\",x\n",
        {{{"h1", "h2"}, 1, 1, 0, 9}, {{"1", "2"}, 2, 2, 9, 13}, {{"\"q\"", "x"}, 3, 3, 13, 22}});
    check_records(
        "\n\xEF\xBB\xBF"
        "c\n",
        {{{"c"}, 2, 2, 1, 6}});
    check_records("\xEF\xBB\xBF\n", {{{""}, 1, 1, 0, 4}});
  }
  SUBCASE("a BOM inside a record is text") {
    check_records(
        "a,\xEF\xBB\xBF"
        "b\n",
        {{{"a",
           "\xEF\xBB\xBF"
           "b"},
          1,
          1,
          0,
          7}});
    check_records(
        "\xEF\xBB\xBF\xEF\xBB\xBF"
        "a\n",
        {{{"\xEF\xBB\xBF"
           "a"},
          1,
          1,
          0,
          8}});
  }
  SUBCASE("no final line feed, a lone CR at the end") {
    check_records("a,b\nc,d", {{{"a", "b"}, 1, 1, 0, 4}, {{"c", "d"}, 2, 2, 4, 7}});
    check_records("a\nb\r", {{{"a"}, 1, 1, 0, 2}, {{"b"}, 2, 2, 2, 4}});
    check_records("a\n\r", {{{"a"}, 1, 1, 0, 2}});
    check_records("a,\r", {{{"a", ""}, 1, 1, 0, 3}});
    check_records("\"a\"", {{{"\"a\""}, 1, 1, 0, 3}});
    check_records("\"a\"\r", {{{"\"a\""}, 1, 1, 0, 4}});
  }
  SUBCASE("an unterminated quote at the end") {
    Want unterminated;
    unterminated.unterminated = true;
    unterminated.line = 2;
    unterminated.begin = 4;
    unterminated.quote_line = 2;
    unterminated.open_cell = 1;
    check_records("a,b\n\"x,y\nz", {{{"a", "b"}, 1, 1, 0, 4}, unterminated});
    Want after_a_cell = unterminated;
    after_a_cell.begin = 2;
    after_a_cell.cells = {"ok"};
    after_a_cell.open_cell = 2;
    check_records("h\nok,\"x", {{{"h"}, 1, 1, 0, 2}, after_a_cell});
    Want doubled_at_the_end;
    doubled_at_the_end.unterminated = true;
    doubled_at_the_end.line = 1;
    doubled_at_the_end.quote_line = 1;
    doubled_at_the_end.open_cell = 1;
    check_records("\"a\"\"", {doubled_at_the_end});
    Want across_lines = doubled_at_the_end;
    across_lines.quote_line = 1;
    across_lines.cells = {"a"};
    across_lines.open_cell = 2;
    check_records("a,\"b\n\nc\r\n", {across_lines});
  }
  SUBCASE("text after a closing quote, and stray quotes") {
    Want after{{"\"ab\"cd", "e"}, 1, 1, 0, 9, 1};
    check_records("\"ab\"cd,e\n", {after});
    check_records("ab\"c,d\n", {{{"ab\"c", "d"}, 1, 1, 0, 7, 1}});
    check_records("a,b\"c\n", {{{"a", "b\"c"}, 1, 1, 0, 6, 2}});
    check_records("a,\"b\"x\"y\",c\n", {{{"a", "\"b\"x\"y\"", "c"}, 1, 1, 0, 12, 2}});
    check_records("a, \"b\",c\n", {{{"a", " \"b\"", "c"}, 1, 1, 0, 9, 2}});
    // Spaces after a closing quote are text after it too, but not a CR before the line feed.
    check_records("\"a\" \n\"b\"\r\n", {{{"\"a\" "}, 1, 1, 0, 5, 1}, {{"\"b\""}, 2, 2, 5, 10}});
  }
  SUBCASE("line breaks inside quotes, LF and CR LF, blank ones too") {
    check_records("\"x\r\ny\"\r\nz\r\n", {{{"\"x\r\ny\""}, 1, 2, 0, 8}, {{"z"}, 3, 3, 8, 11}});
    check_records("\"a\n\n\r\nb\"\nc\n", {{{"\"a\n\n\r\nb\""}, 1, 4, 0, 9}, {{"c"}, 5, 5, 9, 11}});
  }
  SUBCASE("empty cells, empty quoted cells, quotes only") {
    check_records(",,\n", {{{"", "", ""}, 1, 1, 0, 3}});
    check_records("\"\",\"\"\"\"\n", {{{"\"\"", "\"\"\"\""}, 1, 1, 0, 8}});
    check_records("a,\r\n", {{{"a", ""}, 1, 1, 0, 4}});
  }
  SUBCASE("CRs that are not line ends") {
    check_records("a\rb,c\n", {{{"a\rb", "c"}, 1, 1, 0, 6}});
    check_records("\r\r\n", {{{"\r"}, 1, 1, 0, 3}});
    check_records("a\r\r\nb\n", {{{"a\r"}, 1, 1, 0, 4}, {{"b"}, 2, 2, 4, 6}});
  }
  SUBCASE("another separator") {
    check_records("a;b,c;\"d;e\"\n", {{{"a", "b,c", "\"d;e\""}, 1, 1, 0, 12}}, ';');
    check_records("a\tb|c\n", {{{"a\tb", "c"}, 1, 1, 0, 6}}, '|');
  }
}

TEST_CASE("scanner::RecordScanner same records whatever the buffer size: fixture files") {
  std::vector<std::filesystem::path> paths;
  for (const std::string dir : {FSBO_FIXTURES, FSBO_FIXTURES "/malformed"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.file_size() <= 2'000'000) paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() > 40);
  for (const std::filesystem::path& path : paths) {
    const std::string bytes = test::read_file(path.string());
    for (const char separator : {',', ';'}) {
      for (const bool cr_to_lf : {false, true}) {
        check_buffer_sizes(bytes, separator, cr_to_lf, path.filename().string());
      }
    }
  }
}

TEST_CASE("scanner::RecordScanner same records whatever the buffer size: tricky inputs") {
  const std::vector<std::string> inputs = {
      "a,\"b\"\"c\",d\r\n\"x\ny\",z\n",
      "\"q\"\"\"\"\",\"\"\"\",\"a\"\"\"\"b\"\n\"\"\"\"\n",
      "\"x\r\ny\",\"1\n2\n3\",z\r\n\"\r\n\",\"\n\"\n",
      "\"ab\"cd,e\n\"a\" \"b\",c\n\"a\"\"\"x\n",
      "ab\"c,d\n\"\",\"\n\"\"\"x,y\"\n",
      "\n\n\r\n\r\n\na\n\n\r\n\r\nb\r\n\r\n\n",
      "\r\n\r\n\r\n",
      "\xEF\xBB\xBFh1,h2\n1,2\n\xEF\xBB\xBFh1,h2\n\xEF\xBB\xBF\"q\",x\n\xEF\xBB\xBF\n",
      "\xEF\xBB",
      "\xEF\xBB\xBF",
      "a,b\nc,d",
      "a,b\nc,\"d\"",
      "a\nb\r",
      "a\n\"b\"\r",
      "a\n\r",
      "a,b\n\"x,y\nz",
      "a,b\n\"x\"\"",
      "a,b\nc,\"",
      "\"",
      "\"\"",
      std::string(200, ',') + "\n" + std::string(300, '"') + "\n" + std::string(129, '\n') + "x",
      std::string(63, 'a') + "\"" + std::string(64, 'b') + "\"\"" + std::string(64, 'c') + "\"\n",
      "\"" + std::string(100, '\n') + "\"," + std::string(100, '\r') + "\n",
      // Where a record read from one structural byte to the next hands over
      // to the byte-by-byte scan: after a closing quote, CR LF, a lone CR,
      // text; a stray quote in the last cell; doubled quotes across a block.
      "\"a\"\r\n\"b\",\"c\"\r\nd,\"e\"\n",
      "\"a\"\rb\n\"a\"\r\r\n\"a\"x\r\n",
      "a,b\"\r\nc,\"d\"\"\"\n,\r\n\r,\n",
      std::string(62, 'a') + ",\"" + std::string(1, '"') + "\"" + std::string(70, 'b') + "\"\r\n",
  };
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    for (const bool cr_to_lf : {false, true}) {
      check_buffer_sizes(inputs[k], ',', cr_to_lf, "tricky input " + str(k + 1));
    }
  }
}

TEST_CASE("scanner::RecordScanner same records whatever the buffer size: random inputs") {
  Random random(3);
  for (std::size_t k = 0; k < 400; ++k) {
    const std::string bytes = random_csv(random);
    check_buffer_sizes(bytes, k % 4 == 3 ? ';' : ',', k % 5 == 4,
                       "random input " + str(k + 1) + " <" + shown(bytes) + ">");
  }
}

TEST_CASE("scanner::RecordScanner keeps 131,072 cells of a record and counts the others") {
  const std::string bytes = "h\n" + std::string(k_max_cells + 3, ',') + "last\nx,y\n";
  for (const std::size_t buffer : {std::size_t{1}, std::size_t{100}, std::size_t{0}}) {
    INFO("buffer ", buffer);
    ScanOptions options;
    options.buffer = buffer;
    const Scan scan = scan_all(bytes, options);
    REQUIRE(scan.steps.size() == 4);
    const Step& wide = scan.steps[1];
    CHECK(wide.result == RecordScanner::Result::record);
    CHECK(wide.cells.size() == k_max_cells);
    CHECK(wide.cells_dropped == 4);
    CHECK(wide.cells.front().text.empty());
    CHECK(wide.cells.back().text == "last");
    CHECK((wide.line == 2 && wide.last_line == 2 && wide.begin == 2));
    CHECK(wide.end == 2 + k_max_cells + 3 + 5);
    const std::uint64_t next = 2 + k_max_cells + 3 + 5;
    CHECK(summary(scan.steps[2]) ==
          "record " + str(next) + "-" + str(next + 4) + " lines 3-3 stray 0 | x | y");
    CHECK(scan.steps[3].result == RecordScanner::Result::end);
  }
}

TEST_CASE("scanner::RecordScanner a line or a record past 16 MiB is left out, the next read") {
  const std::vector<std::size_t> buffers = {1, 7, 0};
  SUBCASE("a line of the longest length kept, then one byte longer") {
    const std::string kept = "h\n" + std::string(k_max_line, 'x') + "\na,b\n";
    const std::string cut = "h\n" + std::string(k_max_line + 1, 'x') + "\na,b\n";
    for (const std::size_t buffer : buffers) {
      INFO("buffer ", buffer);
      ScanOptions options;
      options.buffer = buffer;
      const Scan ok = scan_all(kept, options);
      REQUIRE(ok.steps.size() == 4);
      CHECK((ok.steps[1].cut_line == 0 && !ok.steps[1].too_long));
      REQUIRE(ok.steps[1].cells.size() == 1);
      CHECK(ok.steps[1].cells[0].text.size() == k_max_line);
      CHECK(summary(ok.steps[2]) == "record " + str(k_max_line + 3) + "-" + str(k_max_line + 7) +
                                        " lines 3-3 stray 0 | a | b");
      const Scan long_line = scan_all(cut, options);
      REQUIRE(long_line.steps.size() == 4);
      const Step& left_out = long_line.steps[1];
      CHECK(left_out.result == RecordScanner::Result::record);
      CHECK((left_out.cut_line == 2 && left_out.too_long));
      CHECK((left_out.line == 2 && left_out.last_line == 2));
      CHECK((left_out.begin == 2 && left_out.end == k_max_line + 4));
      CHECK(summary(long_line.steps[2]) == "record " + str(k_max_line + 4) + "-" +
                                               str(k_max_line + 8) + " lines 3-3 stray 0 | a | b");
      CHECK(long_line.steps[3].result == RecordScanner::Result::end);
    }
  }
  SUBCASE("a line too long inside quotes ends its record there") {
    // What follows the cut line is read as new records.
    const std::string bytes = "h\n\"" + std::string(k_max_line + 1, 'x') + "\nmore\"\nnext,row\n";
    const std::uint64_t after = 3 + k_max_line + 2;
    for (const std::size_t buffer : buffers) {
      INFO("buffer ", buffer);
      ScanOptions options;
      options.buffer = buffer;
      const Scan scan = scan_all(bytes, options);
      REQUIRE(scan.steps.size() == 5);
      const Step& cut = scan.steps[1];
      CHECK(cut.result == RecordScanner::Result::record);
      CHECK((cut.cut_line == 2 && cut.too_long));
      CHECK((cut.line == 2 && cut.last_line == 2));
      CHECK((cut.begin == 2 && cut.end == after));
      CHECK(summary(scan.steps[2]) ==
            "record " + str(after) + "-" + str(after + 6) + " lines 3-3 stray 1 | more\"");
      CHECK(summary(scan.steps[3]) ==
            "record " + str(after + 6) + "-" + str(after + 15) + " lines 4-4 stray 0 | next | row");
      CHECK(scan.steps[4].result == RecordScanner::Result::end);
    }
  }
  SUBCASE("a quoted record of many short lines, the longest kept, then one byte longer") {
    // '"' + lines + '"' + '\n' of exactly k_max_record bytes, then one more.
    std::string body;
    while (body.size() + 1024 <= k_max_record - 3) body += std::string(1023, 'p') + '\n';
    body += std::string(k_max_record - 3 - body.size(), 'p');
    const auto breaks = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    for (const std::size_t extra : {0, 1}) {
      const std::string record = "\"" + body + std::string(extra, 'p') + "\"\n";
      REQUIRE(record.size() == k_max_record + extra);
      const std::string bytes = "h\n" + record + "a,b\n";
      for (const std::size_t buffer : buffers) {
        INFO("record of ", record.size(), " bytes, buffer ", buffer);
        ScanOptions options;
        options.buffer = buffer;
        const Scan scan = scan_all(bytes, options);
        REQUIRE(scan.steps.size() == 4);
        const Step& big = scan.steps[1];
        CHECK(big.result == RecordScanner::Result::record);
        CHECK(big.cut_line == 0);
        CHECK(big.too_long == (extra == 1));
        CHECK((big.line == 2 && big.last_line == 2 + breaks));
        CHECK((big.begin == 2 && big.end == 2 + record.size()));
        if (extra == 0) {
          REQUIRE(big.cells.size() == 1);
          CHECK(big.cells[0].text.size() == record.size() - 3);
        }
        CHECK(summary(scan.steps[2]) == "record " + str(2 + record.size()) + "-" +
                                            str(6 + record.size()) + " lines " + str(3 + breaks) +
                                            "-" + str(3 + breaks) + " stray 0 | a | b");
      }
    }
  }
}

TEST_CASE("scanner::CsvReader a 3 MB UTF-8 file, past its buffer and sniff window") {
  const BigFiles files = big_files();
  REQUIRE(files.utf8.size() > 3'000'000);
  REQUIRE(files.records.size() > 20'000);
  const std::string dir = test::temp_dir();
  test::write_file(dir + "/big.csv", files.utf8);
  const Read r = read_path(dir + "/big.csv");
  CHECK(r.ok);
  CHECK(describe(r.dialect) == "UTF-8 with BOM, ',' separator, CRLF line ends");
  CHECK(r.diagnostics.empty());
  CHECK(r.count == files.records.size());
  CHECK(record_difference(r, files.records) == "");
  // The same bytes given whole, with no file behind the sniffed prefix.
  CHECK(record_difference(read_bytes(files.utf8), files.records) == "");
  std::filesystem::remove_all(dir);
}

TEST_CASE("scanner::CsvReader a 3 MB Windows-1252 file, decoded to UTF-8") {
  const BigFiles files = big_files();
  for (const Piece& piece : words()) {
    std::string decoded;
    REQUIRE(append_windows1252(piece.cp1252, decoded) == npos);
    REQUIRE(decoded == piece.utf8);
  }
  REQUIRE(files.cp1252.size() >= 3'000'000);
  REQUIRE(find_invalid_utf8(files.cp1252) != npos);
  const std::string dir = test::temp_dir();
  test::write_file(dir + "/big-1252.csv", files.cp1252);
  const Read r = read_path(dir + "/big-1252.csv", with_encoding(Encoding::windows1252));
  CHECK(r.ok);
  CHECK(describe(r.dialect) == "Windows-1252, ';' separator, LF line ends");
  CHECK(r.diagnostics.empty());
  CHECK(record_difference(r, files.records) == "");
  // Detected as Windows-1252 without the override too.
  const Read detected = read_path(dir + "/big-1252.csv");
  CHECK(detected.dialect.encoding == Encoding::windows1252);
  CHECK(record_difference(detected, files.records) == "");
  std::filesystem::remove_all(dir);
}

TEST_CASE("scanner::parse_decimal plain decimals give from_chars' double") {
  Random random(4);
  std::size_t wrong = 0;
  std::string first_wrong;
  std::vector<std::string> cells = {"0",
                                    "12",
                                    "3,5",
                                    "4.25",
                                    "0.0",
                                    "00",
                                    "0,1",
                                    "0.3",
                                    "1,10",
                                    "999999999999999",
                                    "0.00000000000001",
                                    "99999999999999.9",
                                    "000000000000001",
                                    "9007199254,740",
                                    "123456789012345"};
  for (std::size_t k = 0; k < 50'000; ++k) {
    const std::size_t digits = 1 + random.below(15);
    std::string text;
    for (std::size_t i = 0; i < digits; ++i)
      text.push_back(static_cast<char>('0' + random.below(10)));
    const std::size_t decimals = random.below(digits);
    if (decimals > 0) {
      text.insert(text.size() - decimals, 1, random.chance(50) ? ',' : '.');
    }
    cells.push_back(text);
  }
  for (const std::string& text : cells) {
    const double want = from_chars_value(text);
    for (const std::string& around : {std::string(), std::string(" "), std::string("\xC2\xA0")}) {
      const std::string cell = around + text + (around == " " ? "\t" : around);
      const std::optional<double> got = parse_decimal(cell);
      if (!same(got, want)) {
        if (wrong++ == 0) {
          first_wrong = "<" + shown(cell) + ">: got " + shown(got) + ", want " +
                        shown(std::optional<double>(want));
        }
      }
    }
  }
  CHECK(first_wrong == "");
  CHECK(wrong == 0);
}

TEST_CASE("scanner::parse_decimal what the plain path leaves reads as before") {
  const auto check = [](std::string_view cell, std::optional<double> want) {
    INFO("cell <", shown(cell), ">");
    const std::optional<double> got = parse_decimal(cell);
    CHECK(shown(got) == shown(want));
    CHECK(same(got, want));
    CHECK(same(got, old_parse_decimal(cell)));
  };
  check("1.", 1.0);
  check("1,", 1.0);
  check(".5", 0.5);
  check(",5", 0.5);
  check("1e3", 1000.0);
  check("2E-2", 0.02);
  check("+2", 2.0);
  check("-0", -0.0);
  check("-0,0", -0.0);
  check("-12,5", -12.5);
  check(" 7 ", 7.0);
  check(
      "\xC2\xA0"
      "7,5\xC2\xA0",
      7.5);
  check("1 000", std::nullopt);
  check("1234567890123456", 1234567890123456.0);
  check("12345678901234567890", 12345678901234567890.0);
  check("0.1234567890123456", 0.1234567890123456);
  check("9007199254740993", 9007199254740992.0);
  check("1,5,3", std::nullopt);
  check("1.2.3", std::nullopt);
  check(",", std::nullopt);
  check(".", std::nullopt);
  check("", std::nullopt);
  check("   ", std::nullopt);
  check("12a", std::nullopt);
  check("inf", std::nullopt);
  check("nan", std::nullopt);
  check("0x10", std::nullopt);
  check("1e400", std::nullopt);
  check("+-2", std::nullopt);
  check("-", std::nullopt);
  check("+", std::nullopt);
  check("2e", std::nullopt);
  check("１２", std::nullopt);  // full-width digits
}

TEST_CASE("scanner::parse_decimal and trim agree with the code before the fast paths") {
  Random random(5);
  const std::vector<std::string> bits = {"0",  "1",        "5",    "9",    "12", ".",  ",",
                                         "+",  "-",        "e",    "E",    " ",  "\t", "\r",
                                         "\n", "\xC2\xA0", "\xC2", "\xA0", "x",  "00", "1234567"};
  std::size_t wrong = 0;
  std::string first_wrong;
  for (std::size_t k = 0; k < 60'000; ++k) {
    std::string cell;
    const std::size_t count = random.below(9);
    for (std::size_t i = 0; i < count; ++i) cell += random.pick(bits);
    const std::optional<double> got = parse_decimal(cell);
    const std::optional<double> want = old_parse_decimal(cell);
    const bool trims_alike = trim(cell) == old_trim(cell);
    if (!same(got, want) || !trims_alike) {
      if (wrong++ == 0) {
        first_wrong = "<" + shown(cell) + ">: got " + shown(got) + ", before " + shown(want) +
                      (trims_alike ? ""
                                   : ", trim <" + shown(trim(cell)) + "> before <" +
                                         shown(old_trim(cell)) + ">");
      }
    }
  }
  CHECK(first_wrong == "");
  CHECK(wrong == 0);
}

TEST_CASE("scanner::parse_yes_no every case of every word") {
  const std::vector<std::pair<std::string, bool>> words = {
      {"oui", true},   {"o", true},  {"yes", true},   {"y", true},  {"vrai", true},
      {"true", true},  {"1", true},  {"non", false},  {"n", false}, {"no", false},
      {"faux", false}, {"0", false}, {"false", false}};
  std::size_t variants = 0;
  for (const auto& [word, value] : words) {
    for (std::size_t mask = 0; mask < (std::size_t{1} << word.size()); ++mask) {
      std::string cell = word;
      for (std::size_t i = 0; i < cell.size(); ++i) {
        if ((mask >> i & 1) != 0 && cell[i] >= 'a' && cell[i] <= 'z') {
          cell[i] = static_cast<char>(cell[i] - 'a' + 'A');
        }
      }
      INFO("cell <", cell, ">");
      CHECK(shown(parse_yes_no(cell)) == shown(std::optional<bool>(value)));
      CHECK(shown(parse_yes_no(" " + cell + "\t")) == shown(std::optional<bool>(value)));
      ++variants;
    }
  }
  CHECK(variants == 8 + 2 + 8 + 2 + 16 + 16 + 2 + 8 + 2 + 4 + 16 + 2 + 32);
  const auto check = [](const std::string& cell, std::optional<bool> want) {
    INFO("cell <", shown(cell), ">");
    CHECK(shown(parse_yes_no(cell)) == shown(want));
    CHECK(shown(parse_yes_no(cell)) == shown(old_parse_yes_no(cell)));
  };
  check("Oui\xC2\xA0", true);
  check("\xC2\xA0Non", false);
  check("-1", std::nullopt);
  check("+1", std::nullopt);
  check("-0", std::nullopt);
  check("ouii", std::nullopt);
  check("", std::nullopt);
  check(" ", std::nullopt);
  check("2", std::nullopt);
  check("01", std::nullopt);
  check("falsE", false);
  check("falses", std::nullopt);
  check("TRUE ", true);
  check("Vrai.", true);
  check("o.u.i", true);
  check("ŒUI", std::nullopt);
  check("Oui!", true);
}

TEST_CASE("scanner::parse_yes_no agrees with the code before the fast path") {
  Random random(6);
  const std::vector<std::string> bits = {"o", "O", "u", "i", "n", "N",        "y", "e", "s",
                                         "v", "r", "a", "f", "x", "t",        "l", "1", "0",
                                         " ", "-", "+", ".", "é", "\xC2\xA0", "_", "'"};
  std::size_t wrong = 0;
  std::string first_wrong;
  for (std::size_t k = 0; k < 60'000; ++k) {
    std::string cell;
    const std::size_t count = random.below(7);
    for (std::size_t i = 0; i < count; ++i) cell += random.pick(bits);
    const std::optional<bool> got = parse_yes_no(cell);
    const std::optional<bool> want = old_parse_yes_no(cell);
    if (shown(got) != shown(want) && wrong++ == 0) {
      first_wrong = "<" + shown(cell) + ">: got " + shown(got) + ", before " + shown(want);
    }
  }
  CHECK(first_wrong == "");
  CHECK(wrong == 0);
}

// ASCII runs and valid sequences; in `invalid_percent` of the texts, some
// invalid ones too.
std::string mixed_text(Random& random, std::size_t invalid_percent) {
  std::string bytes;
  const std::size_t pieces = random.below(12);
  const bool with_invalid = random.chance(invalid_percent);
  for (std::size_t i = 0; i < pieces; ++i) {
    bytes += ascii_run(random);
    if (with_invalid && random.chance(15)) {
      bytes += invalid_sequence(random);
    } else if (random.chance(70)) {
      bytes += valid_sequence(random);
    }
  }
  return bytes;
}

TEST_CASE("scanner::find_invalid_utf8 gives a reference validator's index") {
  Random random(7);
  std::size_t wrong = 0;
  std::size_t valid = 0;
  std::string first_wrong;
  for (std::size_t k = 0; k < 20'000; ++k) {
    const std::string bytes = mixed_text(random, 60);
    const std::size_t want = reference_invalid_utf8(bytes);
    valid += want == npos ? 1 : 0;
    // Every suffix of some, so that each sequence lands at every place of a 16-byte block.
    const std::size_t suffixes = k % 10 == 0 ? bytes.size() : 0;
    for (std::size_t from = 0; from <= suffixes; ++from) {
      const std::string_view view = std::string_view(bytes).substr(from);
      const std::size_t got = find_invalid_utf8(view);
      const std::size_t reference = from == 0 ? want : reference_invalid_utf8(view);
      if (got != reference && wrong++ == 0) {
        first_wrong = "<" + shown(view) + ">: got " + (got == npos ? "npos" : str(got)) +
                      ", want " + (reference == npos ? "npos" : str(reference));
      }
    }
  }
  CHECK(first_wrong == "");
  CHECK(wrong == 0);
  // Both kinds were tried, in numbers.
  CHECK(valid > 2'000);
  CHECK(valid < 18'000);
}

TEST_CASE("scanner::Source checks UTF-8 as it serves, whatever the sizes it is asked for") {
  Random random(11);
  std::size_t wrong = 0;
  std::size_t valid = 0;
  std::size_t cut = 0;
  std::string first_wrong;
  for (std::size_t k = 0; k < 5'000; ++k) {
    std::string bytes = mixed_text(random, 50);
    // A sequence cut by the end of the input is no invalid byte: it is reported
    // with its record, as when the whole file is checked first.
    if (random.chance(20)) {
      const std::string last = valid_sequence(random);
      bytes += last.substr(0, 1 + random.below(last.size() - 1));
    }
    const std::size_t open = cut_utf8_tail(bytes);
    const std::size_t want =
        reference_invalid_utf8(std::string_view(bytes).substr(0, bytes.size() - open));
    valid += want == npos ? 1 : 0;
    cut += want == npos && open > 0 ? 1 : 0;
    Served served;
    Source source(bytes, nullptr, false, false, served);
    source.check_utf8();
    std::array<char, 16> buffer{};
    const int most = k % 2 == 0 ? 9 : static_cast<int>(buffer.size());
    while (source.read(buffer.data(), 1 + static_cast<int>(random.below(most))) > 0) {
    }
    const std::uint64_t got = served.invalid_utf8_at;
    const bool right =
        want == npos ? got == UINT64_MAX && served.utf8_to == bytes.size() - open : got == want;
    if (!right && wrong++ == 0) {
      first_wrong = "<" + shown(bytes) + ">: invalid at " +
                    (got == UINT64_MAX ? "none" : str(got)) + ", valid to " + str(served.utf8_to) +
                    "; want " + (want == npos ? "none" : str(want));
    }
  }
  CHECK(first_wrong == "");
  CHECK(wrong == 0);
  CHECK(valid > 1'000);
  CHECK(valid < 4'000);
  CHECK(cut > 100);
}

TEST_CASE("scanner::ValueCounts iterates in value order with exact counts") {
  Random random(8);
  const std::vector<double> pool = value_pool(random, 3000);
  ValueCounts counts;
  std::map<double, std::size_t> want;
  CHECK(entries_of(counts).empty());
  CHECK(counts == std::vector<ValueCounts::Entry>{});
  for (std::size_t k = 0; k < 40'000; ++k) {
    const double value = random.pick(pool);
    const std::size_t count = random.chance(80) ? 1 : 1 + random.below(5);
    counts.add(value, count);
    add_to(want, value, count);
  }
  CHECK(want.size() > 2500);
  CHECK(counts_difference(counts, want) == "");
}

TEST_CASE("scanner::ValueCounts adding after reading keeps order and counts") {
  Random random(9);
  const std::vector<double> pool = value_pool(random, 400);
  ValueCounts counts;
  std::map<double, std::size_t> want;
  for (std::size_t round = 0; round < 60; ++round) {
    const std::size_t adds = random.below(round < 10 ? 4 : 300);
    for (std::size_t k = 0; k < adds; ++k) {
      const double value = random.pick(pool);
      counts.add(value);
      add_to(want, value, 1);
    }
    INFO("round ", round);
    CHECK(counts_difference(counts, want) == "");
  }
  SUBCASE("values given in order, then one below them all") {
    ValueCounts ordered;
    std::map<double, std::size_t> expected;
    for (int v = 0; v < 1000; ++v) {
      ordered.add(v);
      add_to(expected, v, 1);
      if (v % 100 == 0) CHECK(counts_difference(ordered, expected) == "");
    }
    ordered.add(500, 3);
    add_to(expected, 500, 3);
    CHECK(counts_difference(ordered, expected) == "");
    ordered.add(-1);
    add_to(expected, -1, 1);
    ordered.add(2000);
    add_to(expected, 2000, 1);
    CHECK(counts_difference(ordered, expected) == "");
    ordered.add(-1, 2);
    add_to(expected, -1, 2);
    CHECK(counts_difference(ordered, expected) == "");
  }
  SUBCASE("a copy counts on its own") {
    ValueCounts copy = counts;
    std::map<double, std::size_t> copied = want;
    copy.add(123456.5, 2);
    add_to(copied, 123456.5, 2);
    copy.add(pool.front());
    add_to(copied, pool.front(), 1);
    CHECK(counts_difference(copy, copied) == "");
    CHECK(counts_difference(counts, want) == "");
  }
  SUBCASE("many distinct values, past several rehashes") {
    ValueCounts many;
    std::map<double, std::size_t> expected;
    for (std::size_t k = 0; k < 200'000; ++k) {
      const double value = static_cast<double>(random.below(150'000)) * 0.25;
      many.add(value);
      add_to(expected, value, 1);
      if (k == 1000 || k == 70'000) CHECK(counts_difference(many, expected) == "");
    }
    CHECK(counts_difference(many, expected) == "");
  }
}

namespace {

// Adds `draws` values drawn from `pool`, mostly once, to `whole`, to `want`
// and to one of five parts, checking `whole` now and then, and the parts
// merged at the end.
void check_drawn(Random& random, const std::vector<double>& pool, std::size_t draws,
                 ValueCounts& whole, std::map<double, std::size_t>& want) {
  std::vector<ValueCounts> parts(5);
  for (std::size_t k = 0; k < draws; ++k) {
    const double value = random.pick(pool);
    const std::size_t count = random.chance(90) ? 1 : 2;
    parts[random.below(parts.size())].add(value, count);
    whole.add(value, count);
    add_to(want, value, count);
    if (k % 5000 == 0) CHECK(counts_difference(whole, want) == "");
  }
  CHECK(counts_difference(whole, want) == "");
  ValueCounts merged;
  for (const ValueCounts& part : parts) merged.merge(part);
  CHECK(counts_difference(merged, want) == "");
}

}  // namespace

// Quarter days under 64 go to a flat array, other values to the hash table:
// values on both sides of every boundary, in any order, merged either way.
TEST_CASE("scanner::ValueCounts quarter days and other values count as one") {
  Random random(11);
  std::vector<double> pool = {0.0,   -0.0,  0.25, 0.125, 0.1, 63.75, 63.875, 64.0,
                              64.25, -0.25, 1e-9, 7.0,   7.5, 30.0,  2.75,   3650.0};
  while (pool.size() < 600) pool.push_back(static_cast<double>(random.below(600)) / 8.0);
  ValueCounts whole;
  std::map<double, std::size_t> want;
  check_drawn(random, pool, 20'000, whole, want);
  ValueCounts grid_only;
  grid_only.add(1.0, 3);
  ValueCounts table_only;
  table_only.add(0.1);
  table_only.add(100.0);
  grid_only.merge(table_only);
  CHECK(grid_only == std::vector<ValueCounts::Entry>{{0.1, 1}, {1.0, 3}, {100.0, 1}});
  table_only.merge(grid_only);
  CHECK(table_only == std::vector<ValueCounts::Entry>{{0.1, 2}, {1.0, 3}, {100.0, 2}});
  SUBCASE("a quarter-day count past 16 bits, one by one or merged, stays one exact entry") {
    ValueCounts one_by_one;
    ValueCounts half;
    for (std::size_t k = 0; k < 70'000; ++k) one_by_one.add(0.75);
    for (std::size_t k = 0; k < 40'000; ++k) half.add(0.75);
    half.add(63.75);
    CHECK(one_by_one == std::vector<ValueCounts::Entry>{{0.75, 70'000}});
    half.merge(half);
    CHECK(half == std::vector<ValueCounts::Entry>{{0.75, 80'000}, {63.75, 2}});
    half.merge(one_by_one);
    CHECK(half == std::vector<ValueCounts::Entry>{{0.75, 150'000}, {63.75, 2}});
  }
  SUBCASE("a quarter-day count past 32 bits stays one exact entry") {
    ValueCounts big;
    const std::size_t most = 0xFFFFFFFF;
    big.add(2.5, most);
    big.add(2.5, 5);
    big.add(2.5);
    big.add(2.25);
    CHECK(big == std::vector<ValueCounts::Entry>{{2.25, 1}, {2.5, most + 6}});
    big.merge(big);
    CHECK(big == std::vector<ValueCounts::Entry>{{2.25, 2}, {2.5, 2 * (most + 6)}});
  }
}

// Tenths and hundredths of days go to grids of their own, hundredths only
// once the table holds many values: values on both sides of each grid's
// bounds and next to its steps, spread or not, merged either way.
TEST_CASE("scanner::ValueCounts tenths and hundredths of days count as one") {
  Random random(12);
  const std::vector<double> edges = {0.1,
                                     0.01,
                                     0.05,
                                     63.9,
                                     63.99,
                                     63.95,
                                     64.0,
                                     64.01,
                                     12.3,
                                     12.37,
                                     std::nextafter(0.1, 1.0),
                                     std::nextafter(12.37, 0.0),
                                     0.005,
                                     1e-3};
  for (const std::size_t distinct : {std::size_t{40}, std::size_t{3000}}) {
    CAPTURE(distinct);
    std::vector<double> pool = edges;
    while (pool.size() < distinct) {
      const bool hundredths = random.chance(70);
      const auto steps = static_cast<double>(random.below(hundredths ? 7000 : 700));
      pool.push_back(hundredths ? steps / 100 : steps / 10);
    }
    ValueCounts whole;
    std::map<double, std::size_t> want;
    check_drawn(random, pool, 30'000, whole, want);
    ValueCounts few;  // no grid of hundredths yet, merged into one that has it
    few.add(0.05, 2);
    few.add(12.37);
    whole.merge(few);
    add_to(want, 0.05, 2);
    add_to(want, 12.37, 1);
    CHECK(counts_difference(whole, want) == "");
  }
  SUBCASE("hundredths alone: the table empties into the grid") {
    ValueCounts only;
    std::map<double, std::size_t> expected;
    for (int v = 1; v < 6400; v += 2) {
      only.add(static_cast<double>(v) / 100);
      add_to(expected, static_cast<double>(v) / 100, 1);
    }
    CHECK(counts_difference(only, expected) == "");
  }
  SUBCASE("long delays, whole days, stay in the table") {
    ValueCounts days;
    std::map<double, std::size_t> expected;
    for (int v = 0; v < 3650; ++v) {
      days.add(v, 2);
      add_to(expected, v, 2);
    }
    CHECK(counts_difference(days, expected) == "");
  }
  SUBCASE("a hundredth past 16 bits stays one exact entry") {
    ValueCounts big;
    big.add(20.07, 70'000);  // in the table, then past the grid's counts when it is made
    for (int v = 0; v < 300; ++v) big.add(static_cast<double>(v) / 100 + 20.0);
    big.add(20.07);
    std::map<double, std::size_t> expected;
    for (int v = 0; v < 300; ++v) add_to(expected, static_cast<double>(v) / 100 + 20.0, 1);
    add_to(expected, 20.07, 70'001);
    CHECK(counts_difference(big, expected) == "");
  }
}

TEST_CASE("scanner::ValueCounts merge") {
  Random random(10);
  const std::vector<double> pool = value_pool(random, 800);
  ValueCounts a;
  ValueCounts b;
  std::map<double, std::size_t> want_a;
  std::map<double, std::size_t> want_b;
  for (std::size_t k = 0; k < 5000; ++k) {
    const double value = random.pick(pool);
    if (random.chance(50)) {
      a.add(value);
      add_to(want_a, value, 1);
    } else {
      b.add(value, 2);
      add_to(want_b, value, 2);
    }
  }
  if (random.chance(50)) CHECK(counts_difference(a, want_a) == "");  // one read, one not
  std::map<double, std::size_t> sum = want_a;
  for (const auto& [value, count] : want_b) add_to(sum, value, count);
  a.merge(b);
  CHECK(counts_difference(a, sum) == "");
  CHECK(counts_difference(b, want_b) == "");
  SUBCASE("and adding after it") {
    for (std::size_t k = 0; k < 3000; ++k) {
      const double value = random.pick(pool) + (random.chance(10) ? 0.125 : 0.0);
      a.add(value);
      add_to(sum, value, 1);
    }
    CHECK(counts_difference(a, sum) == "");
  }
  SUBCASE("into an empty one, and of an empty one") {
    ValueCounts empty;
    empty.merge(b);
    CHECK(counts_difference(empty, want_b) == "");
    ValueCounts other_empty;
    b.merge(other_empty);
    CHECK(counts_difference(b, want_b) == "");
    b.add(0.5);
    add_to(want_b, 0.5, 1);
    CHECK(counts_difference(b, want_b) == "");
  }
  SUBCASE("with itself") {
    b.merge(b);
    std::map<double, std::size_t> twice = want_b;
    for (auto& entry : twice) entry.second *= 2;
    CHECK(counts_difference(b, twice) == "");
  }
  SUBCASE("merges of partial tallies give the tally of all") {
    std::vector<ValueCounts> parts(7);
    ValueCounts whole;
    std::map<double, std::size_t> all;
    for (std::size_t k = 0; k < 7000; ++k) {
      const double value = random.pick(pool);
      parts[random.below(parts.size())].add(value);
      whole.add(value);
      add_to(all, value, 1);
    }
    ValueCounts merged;
    for (const ValueCounts& part : parts) merged.merge(part);
    CHECK(counts_difference(merged, all) == "");
    CHECK(entries_of(merged) == entries_of(whole));
  }
}

TEST_CASE("scanner::ValueCounts -0 and 0 are one entry") {
  ValueCounts counts;
  counts.add(-0.0);
  counts.add(0.0);
  counts.add(-0.0, 2);
  counts.add(-1.5);
  const std::vector<ValueCounts::Entry> entries = entries_of(counts);
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].first == 0.0);
  CHECK_FALSE(std::signbit(entries[1].first));
  CHECK(entries[1].second == 4);
  CHECK(counts == std::vector<ValueCounts::Entry>{{-1.5, 1}, {0.0, 4}});
  ValueCounts positive_first;
  positive_first.add(0.0);
  positive_first.add(-0.0);
  ValueCounts negative;
  negative.add(-0.0, 5);
  positive_first.merge(negative);
  REQUIRE(entries_of(positive_first).size() == 1);
  CHECK(entries_of(positive_first)[0].second == 7);
  CHECK_FALSE(std::signbit(entries_of(positive_first)[0].first));
}

}  // namespace fsbo
