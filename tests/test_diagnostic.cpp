// Unit tests of fsbo/diagnostic.hpp: the capped list and its renderings.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "fsbo/diagnostic.hpp"

namespace fsbo {

namespace {

Diagnostic make(Severity severity, std::string kind, std::size_t line = 0) {
  Diagnostic d;
  d.severity = severity;
  d.kind = std::move(kind);
  d.file = "s.csv";
  d.line = line;
  d.message = "m";
  return d;
}

}  // namespace

TEST_CASE("diagnostic::severity_name") {
  CHECK(std::string(severity_name(Severity::note)) == "note");
  CHECK(std::string(severity_name(Severity::warning)) == "warning");
  CHECK(std::string(severity_name(Severity::error)) == "error");
}

TEST_CASE("diagnostic::Diagnostics") {
  SUBCASE("keeps the first `cap` of each kind and counts them all") {
    Diagnostics diagnostics(2);
    for (std::size_t k = 1; k <= 5; ++k) diagnostics.add(make(Severity::error, "bad-x", k));
    diagnostics.add(make(Severity::warning, "odd-y", 9));
    diagnostics.add(make(Severity::note, "fyi", 10));
    CHECK(diagnostics.cap() == 2);
    REQUIRE(diagnostics.kept().size() == 4);
    CHECK(diagnostics.kept()[0].line == 1);
    CHECK(diagnostics.kept()[1].line == 2);
    CHECK(diagnostics.kept()[2].kind == "odd-y");
    CHECK(diagnostics.kept()[3].kind == "fyi");
    // Notes are kept whatever the cap and are not problems: not counted.
    CHECK(diagnostics.counts() == std::map<std::string, std::size_t>{{"bad-x", 5}, {"odd-y", 1}});
    CHECK(diagnostics.errors() == 5);
    CHECK(diagnostics.warnings() == 1);
    CHECK_FALSE(diagnostics.has_unreadable());
  }
  SUBCASE("cap 0 keeps everything") {
    Diagnostics diagnostics(0);
    for (int k = 0; k < 120; ++k) diagnostics.add(make(Severity::error, "bad-x"));
    CHECK(diagnostics.kept().size() == 120);
    CHECK(format_text(diagnostics).find("not shown") == std::string::npos);
  }
  SUBCASE("the default cap is 20, as --max-diagnostics, and set_cap changes it") {
    Diagnostics diagnostics;
    CHECK(diagnostics.cap() == 20);
    for (int k = 0; k < 30; ++k) diagnostics.add(make(Severity::error, "bad-x"));
    CHECK(diagnostics.kept().size() == 20);
    diagnostics.set_cap(25);
    for (int k = 0; k < 10; ++k) diagnostics.add(make(Severity::error, "bad-y"));
    CHECK(diagnostics.kept().size() == 30);
    CHECK(diagnostics.counts().at("bad-x") == 30);
  }
  SUBCASE("merge gives what adding them here would have, counts past the cap included") {
    const auto fill = [](Diagnostics& diagnostics, std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k) {
        diagnostics.add(make(k % 3 == 0 ? Severity::warning : Severity::error,
                             k % 3 == 0 ? "odd-y" : "bad-x", k));
        if (k % 10 == 0) diagnostics.add(make(Severity::note, "fyi", k));
      }
    };
    Diagnostics one(4);
    fill(one, 0, 30);
    Diagnostics first(4);
    Diagnostics second(4);
    fill(first, 0, 5);
    fill(second, 5, 30);
    first.merge(second);
    std::vector<std::size_t> lines;
    std::vector<std::size_t> merged_lines;
    for (const Diagnostic& d : one.kept()) lines.push_back(d.line);
    for (const Diagnostic& d : first.kept()) merged_lines.push_back(d.line);
    CHECK(merged_lines == lines);
    CHECK(first.counts() == one.counts());
    CHECK(first.counts().at("bad-x") == 20);
    CHECK(first.errors() == one.errors());
    CHECK(first.warnings() == one.warnings());
    CHECK(first.warnings() == 10);
  }
  SUBCASE("unreadable files") {
    Diagnostics diagnostics;
    diagnostics.add(make(Severity::error, "unreadable-file"));
    CHECK(diagnostics.has_unreadable());
  }
}

TEST_CASE("diagnostic::format_text") {
  Diagnostic d = make(Severity::error, "bad-value", 12);
  d.message = "'abc' is not a number";
  SUBCASE("file and line") {
    CHECK(format_text(d) == "s.csv:12: error: 'abc' is not a number [bad-value]");
  }
  SUBCASE("whole file: no line") {
    d.line = 0;
    CHECK(format_text(d) == "s.csv: error: 'abc' is not a number [bad-value]");
  }
  SUBCASE("column and hint") {
    d.column = "Délai réponse (jours)";
    d.hint = "write a number of days";
    d.value = "abc";  // not shown in text
    CHECK(format_text(d) ==
          "s.csv:12: error: column 'Délai réponse (jours)': 'abc' is not a "
          "number (write a number of days) [bad-value]");
  }
  SUBCASE("warnings and notes") {
    d.severity = Severity::warning;
    CHECK(format_text(d) == "s.csv:12: warning: 'abc' is not a number [bad-value]");
    d.severity = Severity::note;
    CHECK(format_text(d) == "s.csv:12: note: 'abc' is not a number [bad-value]");
  }
  SUBCASE("colour") {
    CHECK(format_text(d, true) ==
          "\x1b[1ms.csv:12\x1b[0m: \x1b[1;31merror\x1b[0m: 'abc' is not a number [bad-value]");
    d.severity = Severity::warning;
    CHECK(format_text(d, true) ==
          "\x1b[1ms.csv:12\x1b[0m: \x1b[1;35mwarning\x1b[0m: 'abc' is not a number [bad-value]");
    d.severity = Severity::note;
    CHECK(format_text(d, true) ==
          "\x1b[1ms.csv:12\x1b[0m: \x1b[1;36mnote\x1b[0m: 'abc' is not a number [bad-value]");
  }
  SUBCASE("a list, then a note per kind cut by the cap") {
    Diagnostics diagnostics(1);
    diagnostics.add(d);
    diagnostics.add(d);
    diagnostics.add(d);
    diagnostics.add(make(Severity::warning, "a-kind", 3));
    diagnostics.add(make(Severity::warning, "a-kind", 4));
    CHECK(format_text(diagnostics) ==
          "s.csv:12: error: 'abc' is not a number [bad-value]\n"
          "s.csv:3: warning: m [a-kind]\n"
          "fsbo: note: 1 more [a-kind] not shown (--max-diagnostics)\n"
          "fsbo: note: 2 more [bad-value] not shown (--max-diagnostics)\n");
    CHECK(format_text(Diagnostics{}) == "");
  }
}

TEST_CASE("diagnostic::format_summary") {
  Diagnostics diagnostics;
  CHECK(format_summary(diagnostics) == "0 errors, 0 warnings");
  diagnostics.add(make(Severity::error, "bad-x"));
  CHECK(format_summary(diagnostics) == "1 error, 0 warnings (1 bad-x)");
  diagnostics.add(make(Severity::warning, "odd-y"));
  CHECK(format_summary(diagnostics) == "1 error, 1 warning (1 bad-x, 1 odd-y)");
  diagnostics.set_cap(1);
  diagnostics.add(make(Severity::error, "bad-x"));
  diagnostics.add(make(Severity::error, "bad-x"));
  diagnostics.add(make(Severity::warning, "odd-y"));
  diagnostics.add(make(Severity::note, "fyi"));
  CHECK(format_summary(diagnostics) == "3 errors, 2 warnings (3 bad-x, 2 odd-y)");
}

TEST_CASE("diagnostic::format_json") {
  Diagnostics diagnostics(1);
  CHECK(format_json(diagnostics) == "[]\n");
  Diagnostic d = make(Severity::error, "bad-value", 7);
  d.column = "Délai";
  d.value = "a\"b";
  d.message = "line1\nline2";
  d.hint = "use \\d";
  diagnostics.add(d);
  CHECK(format_json(diagnostics) ==
        "[\n  {\"severity\": \"error\", \"kind\": \"bad-value\", \"file\": \"s.csv\", \"line\": 7, "
        "\"column\": \"Délai\", \"value\": \"a\\\"b\", \"message\": \"line1\\nline2\", \"hint\": "
        "\"use \\\\d\"}\n]\n");
  diagnostics.add(d);  // past the cap: counted in a closing note
  diagnostics.add(make(Severity::warning, "whole-file"));
  CHECK(format_json(diagnostics) ==
        "[\n  {\"severity\": \"error\", \"kind\": \"bad-value\", \"file\": \"s.csv\", \"line\": 7, "
        "\"column\": \"Délai\", \"value\": \"a\\\"b\", \"message\": \"line1\\nline2\", \"hint\": "
        "\"use \\\\d\"},\n"
        "  {\"severity\": \"warning\", \"kind\": \"whole-file\", \"file\": \"s.csv\", \"line\": 0, "
        "\"column\": \"\", \"value\": \"\", \"message\": \"m\", \"hint\": \"\"},\n"
        "  {\"severity\": \"note\", \"kind\": \"omitted\", \"file\": \"fsbo\", \"line\": 0, "
        "\"column\": \"\", \"value\": \"bad-value\", \"message\": \"1 more [bad-value] not shown "
        "(--max-diagnostics)\", \"hint\": \"\"}\n]\n");
}

}  // namespace fsbo
