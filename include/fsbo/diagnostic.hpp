// Diagnostics: every problem found in the inputs, as a value with its place.
// Stages append to one Diagnostics list; only the command layer renders it.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace fsbo {

enum class Severity { note, warning, error };

/// One problem: kind is the stable code shown in brackets (`duplicate-answer`).
struct Diagnostic {
  Severity severity = Severity::error;
  std::string kind;
  std::string file;
  std::size_t line = 0;  // physical, 1-based; 0 when the problem is the whole file
  std::string column;    // column name, or empty
  std::string value;     // offending cell text, or empty
  std::string message;
  std::string hint;
};

/// The diagnostic with the input it quotes cut to its bounds: a huge cell
/// must not make a huge message.
Diagnostic bounded(Diagnostic diagnostic);

/// Collects diagnostics; keeps the first `cap` of each kind but counts them all.
class Diagnostics {
public:
  explicit Diagnostics(std::size_t cap_per_kind = 20) : m_cap(cap_per_kind) {}

  void add(Diagnostic diagnostic);
  /// Adds the kept diagnostics of `other`, in order: exact when `other`
  /// keeps all (cap 0).
  void append(const Diagnostics& other);
  /// Adds all of `other` as if added here after what is here, its counts
  /// past its cap included: exact when `other` has this cap. Its lines are
  /// moved on by `line_offset`: what a part of a file reported, its lines
  /// numbered from the part's start.
  void merge(const Diagnostics& other, std::size_t line_offset = 0);
  void set_cap(std::size_t cap_per_kind) { m_cap = cap_per_kind; }
  /// How many of each kind are kept; 0 keeps all.
  std::size_t cap() const { return m_cap; }

  const std::vector<Diagnostic>& kept() const { return m_kept; }
  /// Exact count of each kind, including those past the cap.
  const std::map<std::string, std::size_t>& counts() const { return m_counts; }
  std::size_t errors() const { return m_errors; }
  std::size_t warnings() const { return m_warnings; }
  /// Whether any unreadable-file diagnostic was added (exit code 3).
  bool has_unreadable() const;

private:
  std::size_t m_cap;
  std::vector<Diagnostic> m_kept;
  std::map<std::string, std::size_t> m_counts;
  std::size_t m_errors = 0;
  std::size_t m_warnings = 0;
};

/// `file:line: error: column 'x': message (hint) [kind]`, the form editors parse.
std::string format_text(const Diagnostic& diagnostic, bool colour = false);
/// Every kept diagnostic, one per line, then a line per kind cut by the cap.
std::string format_text(const Diagnostics& diagnostics, bool colour = false);
/// A one-line summary of the exact totals, e.g. `3 errors, 1 warning (…)`.
std::string format_summary(const Diagnostics& diagnostics);
/// The notes of kind `omitted` saying how many of each kind the cap left out.
std::vector<Diagnostic> omitted(const Diagnostics& diagnostics);
/// The kept diagnostics as a JSON array, then the `omitted` notes.
std::string format_json(const Diagnostics& diagnostics);

const char* severity_name(Severity severity);

}  // namespace fsbo
