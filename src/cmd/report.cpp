// `report`, `participation` and `indicators`: one pipeline, three views.
#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "fsbo/aggregate.hpp"
#include "fsbo/report.hpp"

namespace fsbo::cli {

namespace {

struct FiguresOptions {
  InputOptions input;
  OutputOptions output;
  std::vector<std::string> surveys;
  std::vector<std::string> scope;
  std::string baseline;
  bool missing = false;
};

enum class View { report, participation, indicators };

void add_figures_options(CLI::App& app, FiguresOptions& options) {
  add_surveys_argument(app, options.surveys, true);
  add_input_options(app, options.input, true);
  add_output_options(app, options.output);
  add_scope_option(app, options.scope);
  app.add_option("-b,--baseline", options.baseline,
                 "National baseline CSV (indicateur,operateur,valeur), or 'computed' to take "
                 "it from the input; default: the built-in data/reference-nationale.csv");
  add_survey_options(app, options.input);
}

Listing missing_listing(const Aggregate& aggregate, const StructureRegistry& structures,
                        const std::vector<int>& years, const std::vector<std::string>& scope) {
  Listing listing{"Structures sans réponse",
                  "structures_sans_reponse",
                  {"annee", "id_fs", "insee_dep", "lib_fs", "lib_com"},
                  {}};
  for (const int year : years) {
    for (const std::size_t s : aggregate.missing(year, scope)) {
      const Structure structure = structures.at(s);
      listing.rows.push_back({year == 0 ? "" : std::to_string(year), std::string(structure.id),
                              std::string(structure.department), std::string(structure.name),
                              std::string(structure.commune)});
    }
  }
  return listing;
}

int run_figures(const FiguresOptions& o, View view) {
  if (!paths_usable(o.input, o.surveys, o.baseline, o.output)) return k_exit_usage;
  Session session(o.input);
  session.open_early(o.surveys, Plan::may_reread);
  if (!session.load_operators() ||
      !session.load_structures(o.missing ? Detail::all : Detail::ids) || !session.load_map()) {
    return session.finish(o.output, "");
  }
  Aggregate aggregate(session.structures, session.operators.size());
  // A large export is read in two parts at once: the second part's answers
  // are tallied apart, in its thread, then merged (exact counts: the same
  // figures).
  std::optional<Aggregate> second;
  const SurveyReader::Split split{
      [&] {
        second.emplace(aggregate.empty_like());
        return SurveyReader::Sink([&](const Answer& a) { second->add(a); });
      },
      [&](std::size_t) { aggregate.merge(*second); }};
  if (!session.read_surveys(
          o.surveys, [&](const Answer& a, const std::string&) { aggregate.add(a); }, &split,
          [&] { aggregate.clear(); })) {
    return session.finish(o.output, "");
  }
  Baseline baseline;
  session.load_baseline(o.baseline, aggregate, baseline);
  ReportOptions options{o.scope, view != View::indicators, view != View::participation,
                        o.input.year};
  const RenderOptions render = render_options(o.output);
  const Format format = format_of(o.output);
  if (renders_rows(format) && !o.missing) {
    // Each core writes the rows it builds; the two parts go out one after
    // the other, never gathered into one table or one text.
    std::array<std::string, 2> parts;
    report_rows(aggregate, session.operators, baseline, options,
                [&](std::size_t part, const std::vector<Row>& rows) {
                  parts[part] = render_rows(rows, part == 0, format, render);
                });
    return session.finish(o.output, Pieces{parts[0], parts[1]});
  }
  Report report = build_report(aggregate, session.operators, baseline, options);
  if (o.missing) {
    const Listing listing = missing_listing(aggregate, session.structures, report.years, o.scope);
    return session.finish(o.output, render_listing(listing, format, render));
  }
  report.inputs = session.inputs;
  report.registry = o.input.registry;
  report.baseline = o.baseline.empty() ? "built-in" : o.baseline;
  report.errors = session.diagnostics.errors();
  report.warnings = session.diagnostics.warnings();
  return session.finish(o.output, render_report(report, format, render));
}

Command setup_figures(CLI::App& app, const char* name, const char* description, View view) {
  auto options = std::make_shared<FiguresOptions>();
  options->input.comments = false;
  CLI::App* sub = app.add_subcommand(name, description);
  add_figures_options(*sub, *options);
  if (view == View::participation) {
    sub->add_flag("--missing", options->missing,
                  "List the structures of the scope that did not answer (id, name, commune)");
  }
  return {sub, [options, view] { return run_figures(*options, view); }};
}

}  // namespace

Command setup_report(CLI::App& app) {
  return setup_figures(app, "report",
                       "Participation and per-operator indicators, compared with the national "
                       "baseline",
                       View::report);
}

Command setup_participation(CLI::App& app) {
  return setup_figures(app, "participation",
                       "Participation: registered and responding structures, and the rate, by "
                       "level",
                       View::participation);
}

Command setup_indicators(CLI::App& app) {
  return setup_figures(app, "indicators",
                       "Per-operator indicators (referent, channel, delays, satisfaction, "
                       "requests) with 95 % intervals",
                       View::indicators);
}

}  // namespace fsbo::cli
