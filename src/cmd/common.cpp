#include "common.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "fsbo/geography.hpp"
#include "fsbo/output.hpp"
#include "fsbo/text.hpp"

namespace fsbo::cli {

namespace {

std::optional<char> separator_of(const std::string& name) {
  if (name == "," || name == "comma") return ',';
  if (name == ";" || name == "semicolon") return ';';
  if (name == "tab") return '\t';
  if (name == "|" || name == "pipe") return '|';
  return std::nullopt;
}

std::optional<Encoding> encoding_of(const std::string& name) {
  if (name == "utf-8" || name == "utf8") return Encoding::utf8;
  if (name == "windows-1252" || name == "cp1252" || name == "latin1" || name == "latin-1" ||
      name == "iso-8859-1") {
    return Encoding::windows1252;
  }
  return std::nullopt;
}

}  // namespace

void add_input_options(CLI::App& app, InputOptions& options, bool registry) {
  if (registry) {
    app.add_option("-r,--registry", options.registry,
                   "Structure registry: the ANCT's \"Liste des structures France Services\" CSV")
        ->required()
        ->envname("FSBO_REGISTRY");
  }
  app.add_option("--operators", options.operators,
                 "Operator registry CSV (code,libelle,alias) replacing the built-in one");
  app.add_option("--sep", options.separator, "Input separator, instead of detecting it")
      ->check(CLI::IsMember({",", ";", "tab", "|", "comma", "semicolon", "pipe"}));
  app.add_option("--encoding", options.encoding, "Input encoding, instead of detecting it")
      ->check(CLI::IsMember(
          {"utf-8", "utf8", "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1"}));
  app.add_option("--max-diagnostics", options.max_diagnostics,
                 "Messages shown per kind of problem (0: all); totals stay exact")
      ->capture_default_str();
  app.add_flag("--strict", options.strict, "Count warnings as errors (exit code 1)");
}

void add_output_options(CLI::App& app, OutputOptions& options) {
  app.add_option("-f,--format", options.format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "tsv", "json", "markdown"}))
      ->capture_default_str();
  app.add_option("-o,--output", options.output,
                 "Write the result to FILE (whole or not at all) instead of standard output");
  app.add_flag("--excel", options.excel,
               "CSV for French Excel: ';' separator, decimal comma, UTF-8 BOM, CRLF");
}

void add_scope_option(CLI::App& app, std::vector<std::string>& departments) {
  app.add_option("--dep", departments,
                 "Department code(s) to show (77, 2A, 971…); national figures stay national")
      ->delimiter(',')
      ->transform(CLI::Validator(
          [](std::string& code) {
            const std::optional<std::string> canonical = canonical_department(code);
            if (!canonical) return fmt::format("'{}' is not a French department code", code);
            code = *canonical;
            return std::string();
          },
          "DEP", "department"));
}

void add_surveys_argument(CLI::App& app, std::vector<std::string>& surveys, bool required) {
  CLI::Option* option =
      app.add_option("survey", surveys, "Survey export CSV file(s); - reads standard input");
  if (required) option->required();
}

void add_survey_options(CLI::App& app, InputOptions& options) {
  app.add_option("--year", options.year,
                 "Survey year of the rows without one (no annee column or cell)")
      ->check(CLI::Range(k_first_year, k_last_year));
  app.add_option("--layout", options.layout,
                 "Survey layout: long (a row per structure and operator) or wide (a row per "
                 "structure); detected by default")
      ->check(CLI::IsMember({"long", "wide"}));
  app.add_option("--map", options.map,
                 "Column map CSV (colonne,champ,operateur) naming the fields of coded headers");
}

bool paths_usable(const InputOptions& input, const std::vector<std::string>& surveys,
                  const std::string& baseline, const OutputOptions& output) {
  std::vector<std::string> paths = surveys;
  paths.insert(paths.end(), {input.registry, input.operators, input.map, baseline});
  if (std::count(paths.begin(), paths.end(), "-") > 1) {
    std::fputs("fsbo: error: standard input (-) can feed only one input\n", stderr);
    return false;
  }
  struct stat target {};
  if (output.output.empty() || output.output == "-" ||
      ::stat(output.output.c_str(), &target) != 0) {
    return true;
  }
  for (const std::string& path : paths) {
    struct stat source {};
    if (!path.empty() && path != "-" && ::stat(path.c_str(), &source) == 0 &&
        source.st_dev == target.st_dev && source.st_ino == target.st_ino) {
      std::fprintf(stderr,
                   "fsbo: error: -o %s is also an input: fsbo never writes over its inputs\n",
                   output.output.c_str());
      return false;
    }
  }
  return true;
}

Session::Session(const InputOptions& options)
    : diagnostics(options.max_diagnostics), m_options(options) {
  m_dialect.separator = separator_of(options.separator);
  m_dialect.encoding = encoding_of(options.encoding);
}

CsvReader Session::open(const std::string& path) {
  return {path, m_dialect, diagnostics};
}

InputSummary Session::summary_of(const CsvReader& reader, const char* role,
                                 std::size_t accepted) const {
  return {reader.name(), role,         reader.dialect(),
          reader.ok(),   accepted > 0, reader.records() == 0 ? 0 : reader.records() - 1,
          accepted,      std::nullopt};
}

void Session::open_early(const std::vector<std::string>& surveys, Plan plan) {
  struct stat info {};
  if (surveys.empty() || ::stat(surveys.front().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return;
  }
  m_early_reader = std::make_unique<CsvReader>(surveys.front(), m_dialect, m_early, plan);
}

std::unique_ptr<CsvReader> Session::open_survey(const std::string& path, bool first, Plan plan,
                                                Diagnostics& found, bool windows1252) {
  if (!first || !m_early_reader || windows1252) {
    DialectOverride dialect = m_dialect;
    if (windows1252) dialect.encoding = Encoding::windows1252;
    return std::make_unique<CsvReader>(path, dialect, found, windows1252 ? Plan::once : plan);
  }
  found.append(m_early);
  m_early_reader->report_to(found);
  return std::move(m_early_reader);
}

bool Session::load_operators() {
  if (m_options.operators.empty()) {
    operators = builtin_operators();
    return true;
  }
  CsvReader reader = open(m_options.operators);
  operators = fsbo::load_operators(reader, diagnostics);
  inputs.push_back(summary_of(reader, "operateurs", operators.size()));
  return reader.ok() && operators.size() > 0;
}

bool Session::load_structures(Detail detail) {
  // Judged as it is read, the registry is read once; one found to be UTF-8,
  // then not, is read again as the Windows-1252 file it then is.
  DialectOverride dialect = m_dialect;
  Plan plan = Plan::may_reread;
  for (;;) {
    Diagnostics found(diagnostics.cap());
    CsvReader reader(m_options.registry, dialect, found, plan);
    structures = fsbo::load_structures(reader, found, detail);
    if (reader.misjudged()) {
      dialect.encoding = Encoding::windows1252;
      plan = Plan::once;
      continue;
    }
    diagnostics.merge(found);
    inputs.push_back(summary_of(reader, "registre", structures.size()));
    return reader.ok() && structures.size() > 0;
  }
}

bool Session::load_map() {
  if (m_options.map.empty()) return true;
  const std::size_t errors = diagnostics.errors();
  CsvReader reader = open(m_options.map);
  map = fsbo::load_map(reader, operators, diagnostics);
  const bool invalid = diagnostics.counts().count("invalid-map") != 0;
  if (reader.ok() && !invalid && diagnostics.errors() > errors) {
    // A map read in part would silently read columns as something else.
    diagnostics.add({Severity::error, "invalid-map", m_options.map, 0, "", "",
                     "the column map has errors (above): nothing is computed", ""});
  }
  return reader.ok() && diagnostics.errors() == errors;
}

SurveyOptions Session::survey_options() const {
  SurveyOptions options;
  options.year = m_options.year;
  options.map = map ? &*map : nullptr;
  options.comments = m_options.comments;
  if (!m_options.layout.empty()) {
    options.layout = m_options.layout == "wide" ? Layout::wide_form : Layout::long_form;
  }
  return options;
}

bool Session::read_surveys(const std::vector<std::string>& paths, const AnswerSink& sink,
                           const SurveyReader::Split* split, const std::function<void()>& restart) {
  const Plan plan = restart ? Plan::may_reread : Plan::once;
  std::vector<bool> windows1252(paths.size(), false);
  for (;;) {
    // Kept apart until every export is read right.
    Diagnostics found(diagnostics.cap());
    std::vector<InputSummary> read;
    SurveyReader surveys(structures, operators, survey_options(), found);
    bool misjudged = false;
    for (std::size_t k = 0; k < paths.size() && !misjudged; ++k) {
      const std::unique_ptr<CsvReader> reader =
          open_survey(paths[k], k == 0, plan, found, windows1252[k]);
      read.push_back(surveys.read(
          *reader, [&](const Answer& a) { sink(a, paths[k]); }, split));
      if (reader->misjudged()) misjudged = windows1252[k] = true;
    }
    if (misjudged) {
      restart();
      continue;
    }
    diagnostics.merge(found);
    inputs.insert(inputs.end(), read.begin(), read.end());
    const bool any_usable = std::any_of(read.begin(), read.end(),
                                        [](const InputSummary& input) { return input.usable; });
    // Zero participation from files that could not be read would be a false
    // figure, and a map that does not fit is a usage error.
    return any_usable && diagnostics.counts().count("invalid-map") == 0;
  }
}

bool Session::load_baseline(const std::string& source, const Aggregate& aggregate,
                            Baseline& baseline) {
  if (source.empty()) {
    baseline = builtin_baseline(operators);
    return true;
  }
  if (source == "computed") {
    baseline = computed_baseline(aggregate, operators);
    return true;
  }
  CsvReader reader = open(source);
  baseline = fsbo::load_baseline(reader, operators, diagnostics);
  inputs.push_back(summary_of(reader, "reference", baseline.size()));
  return reader.ok();
}

int Session::finish(const OutputOptions& output, const std::string& text, bool quiet) {
  return finish(output, text.empty() ? Pieces{} : Pieces{text}, quiet);
}

int Session::finish(const OutputOptions& output, const Pieces& text, bool quiet) {
  // No result (the inputs could not give one) leaves an existing -o file alone.
  const std::string failure = text.empty() ? std::string() : write_output(output.output, text);
  if (!quiet) {
    std::string err = format_text(diagnostics, colour_wanted(STDERR_FILENO));
    if (diagnostics.errors() + diagnostics.warnings() > 0) {
      err += fmt::format("fsbo: {}\n", format_summary(diagnostics));
    }
    std::fputs(err.c_str(), stderr);
  }
  if (!failure.empty()) {
    std::fprintf(stderr, "fsbo: error: %s\n", failure.c_str());
    return k_exit_unreadable;
  }
  if (diagnostics.has_unreadable()) return k_exit_unreadable;
  if (diagnostics.counts().count("invalid-map") != 0) return k_exit_usage;
  if (diagnostics.errors() > 0 || (m_options.strict && diagnostics.warnings() > 0)) {
    return k_exit_data;
  }
  return k_exit_ok;
}

RenderOptions render_options(const OutputOptions& output) {
  RenderOptions options;
  options.excel = output.excel;
  options.colour = output.output.empty() && colour_wanted(STDOUT_FILENO);
  return options;
}

Format format_of(const OutputOptions& output) {
  return parse_format(output.format).value_or(Format::table);
}

}  // namespace fsbo::cli
