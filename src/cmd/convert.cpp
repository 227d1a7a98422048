// `convert` (accepted answers in a canonical layout) and `map --template`
// (a starting column map for an export).
#include <deque>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "fsbo/layout.hpp"

namespace fsbo::cli {

namespace {

struct ConvertOptions {
  InputOptions input;
  OutputOptions output;
  std::vector<std::string> surveys;
  std::string to;
};

// A long answer with no value cannot be written in a wide export, where a
// blank operator means "no answer": say so rather than drop it silently.
void check_writable(const Answer& answer, const std::string& file, const Session& session,
                    Diagnostics& diagnostics) {
  if (has_value(answer)) return;
  diagnostics.add({Severity::warning, "empty-answer", file, answer.line, "", "",
                   fmt::format("the answer of structure {} about {} holds no value: a wide export "
                               "cannot show it",
                               session.structures.id(answer.structure),
                               session.operators.all()[answer.op].label),
                   ""});
}

int run_convert(const ConvertOptions& o) {
  if (!paths_usable(o.input, o.surveys, "", o.output)) return k_exit_usage;
  Session session(o.input);
  session.open_early(o.surveys);
  if (!session.load_operators() || !session.load_structures(Detail::ids) || !session.load_map()) {
    return session.finish(o.output, "");
  }
  const Layout layout = o.to == "wide" ? Layout::wide_form : Layout::long_form;
  std::vector<Answer> answers;
  // An answer's comment views its record: kept here, where it never moves.
  std::deque<std::string> comments;
  const bool usable =
      session.read_surveys(o.surveys, [&](const Answer& a, const std::string& file) {
        if (layout == Layout::wide_form) check_writable(a, file, session, session.diagnostics);
        answers.push_back(a);
        if (!a.comment.empty()) answers.back().comment = comments.emplace_back(a.comment);
      });
  if (!usable) return session.finish(o.output, "");
  RenderOptions render;
  render.excel = o.output.excel;
  return session.finish(o.output, render_answers(std::move(answers), layout, session.structures,
                                                 session.operators, render));
}

struct MapOptions {
  InputOptions input;
  OutputOptions output;
  std::string export_file;
};

Listing map_template(const Record& header, const OperatorRegistry& operators) {
  Listing listing{"Carte des colonnes", "carte", {"colonne", "champ", "operateur"}, {}};
  for (const std::string_view column : header.fields) {
    const HeaderMeaning meaning = parse_header(column, operators);
    listing.rows.push_back({std::string(column),
                            meaning.field ? std::string(field_name(*meaning.field)) : "",
                            meaning.op ? operators.all()[*meaning.op].code : ""});
  }
  return listing;
}

int run_map(const MapOptions& o) {
  if (!paths_usable(o.input, {o.export_file}, "", o.output)) return k_exit_usage;
  Session session(o.input);
  session.load_operators();
  CsvReader reader = session.open(o.export_file);
  Record header;
  if (!reader.next(header)) return session.finish(o.output, "");
  return session.finish(o.output, render_listing(map_template(header, session.operators),
                                                 format_of(o.output), render_options(o.output)));
}

}  // namespace

Command setup_convert(CLI::App& app) {
  auto options = std::make_shared<ConvertOptions>();
  CLI::App* sub = app.add_subcommand(
      "convert",
      "Write the accepted answers in the canonical long or wide layout (CSV, UTF-8; --excel for "
      "French Excel), sorted by year, structure and operator, comments included");
  add_surveys_argument(*sub, options->surveys, true);
  sub->add_option("--to", options->to, "Layout to write: long or wide")
      ->required()
      ->check(CLI::IsMember({"long", "wide"}));
  add_input_options(*sub, options->input, true);
  add_survey_options(*sub, options->input);
  sub->add_option("-o,--output", options->output.output,
                  "Write to FILE (whole or not at all) instead of standard output");
  sub->add_flag("--excel", options->output.excel,
                "French Excel: ';' separator, decimal comma, UTF-8 BOM, CRLF");
  return {sub, [options] { return run_convert(*options); }};
}

Command setup_map(CLI::App& app) {
  auto options = std::make_shared<MapOptions>();
  options->output.format = "csv";
  CLI::App* sub = app.add_subcommand(
      "map",
      "Print a starting column map (colonne,champ,operateur) for an export, with the fields and "
      "operators fsbo recognises filled in; edit it and pass it with --map");
  sub->add_option("--template", options->export_file, "The survey export to map")->required();
  add_input_options(*sub, options->input, false);
  add_output_options(*sub, options->output);
  return {sub, [options] { return run_map(*options); }};
}

}  // namespace fsbo::cli
