#include "fsbo/diagnostic.hpp"

#include <fmt/format.h>

#include "fsbo/text.hpp"

namespace fsbo {

Diagnostic bounded(Diagnostic diagnostic) {
  diagnostic.column = excerpt(diagnostic.column, 200);
  diagnostic.value = excerpt(diagnostic.value, 200);
  diagnostic.message = excerpt(diagnostic.message, 1000);
  diagnostic.hint = excerpt(diagnostic.hint, 500);
  return diagnostic;
}

void Diagnostics::add(Diagnostic diagnostic) {
  diagnostic = bounded(std::move(diagnostic));
  // Notes say what was done, not what is wrong: never capped, never counted.
  if (diagnostic.severity == Severity::note) {
    m_kept.push_back(std::move(diagnostic));
    return;
  }
  std::size_t& count = m_counts[diagnostic.kind];
  ++count;
  ++(diagnostic.severity == Severity::error ? m_errors : m_warnings);
  if (m_cap == 0 || count <= m_cap) m_kept.push_back(std::move(diagnostic));
}

void Diagnostics::append(const Diagnostics& other) {
  for (const Diagnostic& diagnostic : other.kept()) add(diagnostic);
}

void Diagnostics::merge(const Diagnostics& other, std::size_t line_offset) {
  std::map<std::string, std::size_t> kept;
  std::size_t kept_errors = 0;
  std::size_t kept_warnings = 0;
  for (const Diagnostic& diagnostic : other.kept()) {
    if (diagnostic.severity != Severity::note) {
      ++kept[diagnostic.kind];
      ++(diagnostic.severity == Severity::error ? kept_errors : kept_warnings);
    }
    Diagnostic moved = diagnostic;
    if (moved.line != 0) moved.line += line_offset;
    add(std::move(moved));
  }
  // What `other` counted past its cap is past this one's too.
  for (const auto& [kind, count] : other.counts()) m_counts[kind] += count - kept[kind];
  m_errors += other.errors() - kept_errors;
  m_warnings += other.warnings() - kept_warnings;
}

bool Diagnostics::has_unreadable() const {
  return m_counts.count("unreadable-file") != 0;
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::string format_text(const Diagnostic& d, bool colour) {
  std::string place = d.line == 0 ? d.file : fmt::format("{}:{}", d.file, d.line);
  std::string severity = severity_name(d.severity);
  std::string text;
  if (!d.column.empty()) text += fmt::format("column '{}': ", d.column);
  text += d.message;
  if (!d.hint.empty()) text += fmt::format(" ({})", d.hint);
  // One diagnostic, one line, and no control character from the input
  // reaching a terminal; the colours are added after.
  place = escape_controls(place);
  text = escape_controls(text);
  if (colour) {
    const char* code = d.severity == Severity::error     ? "1;31"
                       : d.severity == Severity::warning ? "1;35"
                                                         : "1;36";
    severity = fmt::format("\x1b[{}m{}\x1b[0m", code, severity);
    place = fmt::format("\x1b[1m{}\x1b[0m", place);
  }
  return fmt::format("{}: {}: {} [{}]", place, severity, text, d.kind);
}

std::vector<Diagnostic> omitted(const Diagnostics& diagnostics) {
  std::vector<Diagnostic> notes;
  const std::size_t cap = diagnostics.cap();
  for (const auto& [kind, count] : diagnostics.counts()) {
    if (cap == 0 || count <= cap) continue;
    notes.push_back({Severity::note, "omitted", "fsbo", 0, "", kind,
                     fmt::format("{} more [{}] not shown (--max-diagnostics)", count - cap, kind),
                     ""});
  }
  return notes;
}

std::string format_text(const Diagnostics& diagnostics, bool colour) {
  std::string text;
  for (const Diagnostic& d : diagnostics.kept()) {
    text += format_text(d, colour);
    text.push_back('\n');
  }
  for (const Diagnostic& note : omitted(diagnostics)) {
    text += fmt::format("fsbo: note: {}\n", note.message);
  }
  return text;
}

std::string format_summary(const Diagnostics& diagnostics) {
  const auto plural = [](std::size_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string text = fmt::format("{}, {}", plural(diagnostics.errors(), "error"),
                                 plural(diagnostics.warnings(), "warning"));
  if (diagnostics.counts().empty()) return text;
  std::string kinds;
  for (const auto& [kind, count] : diagnostics.counts()) {
    kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, kind);
  }
  return fmt::format("{} ({})", text, kinds);
}

std::string format_json(const Diagnostics& diagnostics) {
  std::string text = "[";
  const char* separator = "\n";
  std::vector<Diagnostic> all = diagnostics.kept();
  const std::vector<Diagnostic> notes = omitted(diagnostics);
  all.insert(all.end(), notes.begin(), notes.end());
  for (const Diagnostic& d : all) {
    text += fmt::format(
        "{}  {{\"severity\": {}, \"kind\": {}, \"file\": {}, \"line\": {}, \"column\": {}, "
        "\"value\": {}, \"message\": {}, \"hint\": {}}}",
        separator, json_quote(severity_name(d.severity)), json_quote(d.kind), json_quote(d.file),
        d.line, json_quote(d.column), json_quote(d.value), json_quote(d.message),
        json_quote(d.hint));
    separator = ",\n";
  }
  text += all.empty() ? "]\n" : "\n]\n";
  return text;
}

}  // namespace fsbo
