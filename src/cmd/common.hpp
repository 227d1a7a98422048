// What every subcommand shares: the common options, loading the registries
// and the baseline, and turning diagnostics into stderr text and an exit code.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "fsbo/baseline.hpp"
#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "fsbo/operators.hpp"
#include "fsbo/output.hpp"
#include "fsbo/render.hpp"
#include "fsbo/structures.hpp"
#include "fsbo/survey.hpp"

namespace fsbo::cli {

/// Exit codes, documented in the README and in `--help`.
enum ExitCode : int {
  k_exit_ok = 0,
  k_exit_data = 1,
  k_exit_usage = 2,
  k_exit_unreadable = 3,
  k_exit_internal = 4,
};

/// A subcommand: its CLI11 app, and what to run once it is parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

struct InputOptions {
  std::string registry;
  std::string operators;
  std::string separator;
  std::string encoding;
  std::optional<int> year;
  std::string map;
  std::string layout;
  std::size_t max_diagnostics = 20;
  bool strict = false;
  // Answers carry their comments (SurveyOptions::comments); the commands
  // that count answers only (report, validate) read faster without.
  bool comments = true;
};

struct OutputOptions {
  std::string format = "table";
  std::string output;
  bool excel = false;
};

/// Adds `--operators`, `--sep`, `--encoding`, `--max-diagnostics`, `--strict`,
/// and `-r/--registry` when `registry` (required then).
void add_input_options(CLI::App& app, InputOptions& options, bool registry);
/// Adds `-f/--format`, `-o/--output` and `--excel`.
void add_output_options(CLI::App& app, OutputOptions& options);
/// Adds `--dep CODE…`, checked against the official department codes.
void add_scope_option(CLI::App& app, std::vector<std::string>& departments);
/// Adds the positional survey export files (`-` is standard input).
void add_surveys_argument(CLI::App& app, std::vector<std::string>& surveys, bool required);
/// Adds how to read survey exports: `--year`, `--layout`, `--map`.
void add_survey_options(CLI::App& app, InputOptions& options);
/// Whether the paths make sense together: at most one input is `-`, and -o
/// is none of the inputs. Prints the usage error if not.
bool paths_usable(const InputOptions& input, const std::vector<std::string>& surveys,
                  const std::string& baseline, const OutputOptions& output);

/// One run of a command: its diagnostics and the registries it loaded.
class Session {
public:
  explicit Session(const InputOptions& options);

  /// Opens the first survey export now when it is a regular file: it is then
  /// read ahead on the second core while the registries load, as `plan`
  /// says (as read_surveys will read it).
  void open_early(const std::vector<std::string>& surveys, Plan plan = Plan::once);
  /// The operator registry in use: built in, or read from --operators.
  bool load_operators();
  /// The structure registry of -r, kept in `detail`; false when it could
  /// not be read.
  bool load_structures(Detail detail);
  /// Reads `path` as CSV with the --sep/--encoding overrides.
  CsvReader open(const std::string& path);
  /// The column map of --map, if any; false when it has an error.
  bool load_map();
  /// How to read survey exports, from the options and the map.
  SurveyOptions survey_options() const;
  using AnswerSink = std::function<void(const Answer& answer, const std::string& file)>;
  /// Reads the survey exports `paths` as one survey, passing each accepted
  /// answer and its file to `sink`; a large export in two parts at once when
  /// `split` says how. True when figures can be computed: some export could
  /// be read, and no column map is in error.
  ///
  /// With `restart`, each export is judged UTF-8 or not as it is read
  /// (Plan::may_reread), sparing a reading of it whole first. One found not
  /// to be, past its first bytes, is Windows-1252 throughout: what was given
  /// to `sink` is void, `restart()` is called (the sink starts over), and
  /// every export is read again, that one as Windows-1252.
  bool read_surveys(const std::vector<std::string>& paths, const AnswerSink& sink,
                    const SurveyReader::Split* split = nullptr,
                    const std::function<void()>& restart = nullptr);
  /// The baseline of -b: built in, a file, or `computed` from `aggregate`.
  bool load_baseline(const std::string& source, const Aggregate& aggregate, Baseline& baseline);

  /// Writes `text` (unless empty) where -o says, then prints the diagnostics
  /// to stderr (unless `quiet`) and returns the exit code.
  int finish(const OutputOptions& output, const std::string& text, bool quiet = false);
  /// finish with text in pieces (none: no result).
  int finish(const OutputOptions& output, const Pieces& text, bool quiet = false);

  Diagnostics diagnostics;
  OperatorRegistry operators;
  StructureRegistry structures;
  std::optional<ColumnMap> map;
  std::vector<InputSummary> inputs;  // each file read, in order

private:
  InputSummary summary_of(const CsvReader& reader, const char* role, std::size_t accepted) const;
  std::unique_ptr<CsvReader> open_survey(const std::string& path, bool first, Plan plan,
                                         Diagnostics& found, bool windows1252);
  const InputOptions& m_options;
  DialectOverride m_dialect;
  // What the early reader reported on opening, added in its turn.
  Diagnostics m_early{0};
  std::unique_ptr<CsvReader> m_early_reader;
};

/// The rendering options for `output`, colour decided by the terminal.
RenderOptions render_options(const OutputOptions& output);
Format format_of(const OutputOptions& output);

}  // namespace fsbo::cli
