// `validate`: reads every input and reports problems, computing nothing.
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "fsbo/aggregate.hpp"

namespace fsbo::cli {

namespace {

struct ValidateOptions {
  InputOptions input;
  OutputOptions output;
  std::vector<std::string> surveys;
  std::string baseline;
};

Listing inputs_listing(const std::vector<InputSummary>& inputs) {
  Listing listing{"Fichiers lus",
                  "fichiers",
                  {"fichier", "role", "encodage", "bom", "separateur", "fins_de_ligne",
                   "disposition", "lignes", "acceptees"},
                  {}};
  for (const InputSummary& in : inputs) {
    if (!in.read) {
      listing.rows.push_back({in.file, in.role, "", "", "", "", "", "", ""});
      continue;
    }
    listing.rows.push_back({in.file, in.role, encoding_name(in.dialect.encoding),
                            in.dialect.bom ? "oui" : "non", separator_name(in.dialect.separator),
                            line_end_name(in.dialect.line_end),
                            in.layout ? layout_name(*in.layout) : "", std::to_string(in.rows),
                            std::to_string(in.accepted)});
  }
  return listing;
}

void add_dialect_notes(Session& session) {
  for (const InputSummary& in : session.inputs) {
    if (!in.read) continue;
    session.diagnostics.add({Severity::note, "dialect", in.file, 0, "", "",
                             fmt::format("read as {}; {} rows, {} accepted", describe(in.dialect),
                                         in.rows, in.accepted),
                             ""});
  }
}

int run_validate(const ValidateOptions& o) {
  if (!paths_usable(o.input, o.surveys, o.baseline, o.output)) return k_exit_usage;
  Session session(o.input);
  session.open_early(o.surveys);
  if (session.load_operators() && session.load_structures(Detail::ids) && session.load_map()) {
    session.read_surveys(o.surveys, [](const Answer&, const std::string&) {});
    if (!o.baseline.empty() && o.baseline != "computed") {
      Baseline baseline;
      session.load_baseline(o.baseline, Aggregate(session.structures, 0), baseline);
    }
  }
  if (format_of(o.output) == Format::json) {
    add_dialect_notes(session);
    return session.finish(o.output, format_json(session.diagnostics), true);
  }
  const Listing listing = inputs_listing(session.inputs);
  return session.finish(o.output,
                        render_listing(listing, format_of(o.output), render_options(o.output)));
}

}  // namespace

Command setup_validate(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  options->input.comments = false;
  CLI::App* sub = app.add_subcommand(
      "validate",
      "Check the registries, the baseline and the survey exports; print what was read of each "
      "file (with -f json: the diagnostics as a JSON array)");
  add_surveys_argument(*sub, options->surveys, false);
  add_input_options(*sub, options->input, true);
  add_output_options(*sub, options->output);
  sub->add_option("-b,--baseline", options->baseline, "National baseline CSV to check too");
  add_survey_options(*sub, options->input);
  return {sub, [options] { return run_validate(*options); }};
}

}  // namespace fsbo::cli
