// `operators` and `structures`: show the registries in use.
#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "fsbo/geography.hpp"

namespace fsbo::cli {

namespace {

struct RegistryOptions {
  InputOptions input;
  OutputOptions output;
  std::vector<std::string> scope;
};

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

int run_operators(const RegistryOptions& o) {
  if (!paths_usable(o.input, {}, "", o.output)) return k_exit_usage;
  Session session(o.input);
  if (!session.load_operators()) return session.finish(o.output, "");
  Listing listing{"Opérateurs", "operateurs", {"code", "libelle", "alias"}, {}};
  for (const Operator& op : session.operators.all()) {
    listing.rows.push_back({op.code, op.label, join(op.aliases, "|")});
  }
  return session.finish(o.output,
                        render_listing(listing, format_of(o.output), render_options(o.output)));
}

int run_structures(const RegistryOptions& o) {
  if (!paths_usable(o.input, {}, "", o.output)) return k_exit_usage;
  Session session(o.input);
  if (!session.load_structures(Detail::all)) return session.finish(o.output, "");
  Listing listing{"Structures France Services",
                  "structures",
                  {"id_fs", "insee_dep", "lib_fs", "lib_com", "type_fs", "format_fs"},
                  {}};
  for (std::size_t index = 0; index < session.structures.size(); ++index) {
    const Structure s = session.structures.at(index);
    if (in_scope(o.scope, s.department))
      listing.rows.push_back({std::string(s.id), std::string(s.department), std::string(s.name),
                              std::string(s.commune), std::string(s.type), std::string(s.format)});
  }
  return session.finish(o.output,
                        render_listing(listing, format_of(o.output), render_options(o.output)));
}

}  // namespace

Command setup_operators(CLI::App& app) {
  auto options = std::make_shared<RegistryOptions>();
  CLI::App* sub = app.add_subcommand(
      "operators", "List the operator registry in use, with the aliases each operator answers to");
  add_input_options(*sub, options->input, false);
  add_output_options(*sub, options->output);
  return {sub, [options] { return run_operators(*options); }};
}

Command setup_structures(CLI::App& app) {
  auto options = std::make_shared<RegistryOptions>();
  CLI::App* sub = app.add_subcommand(
      "structures", "List the structures of the registry, optionally of some departments");
  add_input_options(*sub, options->input, true);
  add_output_options(*sub, options->output);
  add_scope_option(*sub, options->scope);
  return {sub, [options] { return run_structures(*options); }};
}

}  // namespace fsbo::cli
