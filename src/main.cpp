// fsbo: figures of the France Services back-office survey. This file only
// wires the subcommands; each lives in src/cmd/.
#include <csignal>
#include <cstdio>
#include <exception>
#include <new>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>

#include "cmd/commands.hpp"

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "fsbo: participation and back-office indicators of the France Services survey, "
      "compared with the national baseline",
      "fsbo"};
  app.set_version_flag("--version", "fsbo " FSBO_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 no error; 1 data errors were found (figures are still printed from the "
      "valid rows); 2 usage error; 3 an input file is missing or unreadable, or the output "
      "cannot be written; 4 internal error (out of memory, or a bug).");
  using namespace fsbo::cli;
  const Command commands[] = {
      setup_report(app),  setup_participation(app), setup_indicators(app), setup_validate(app),
      setup_convert(app), setup_map(app),           setup_operators(app),  setup_structures(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? k_exit_ok : k_exit_usage;
  }
  for (const Command& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return k_exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Buffers of a megabyte and more would each be a fresh mapping, faulted in
  // page by page and unmapped when freed: the heap keeps and reuses them.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  // A closed pipe is reported by write() as EPIPE and handled as a normal end.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("fsbo: error: out of memory\n", stderr);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "fsbo: internal error: %s\n", error.what());
  } catch (...) {
    std::fputs("fsbo: internal error\n", stderr);
  }
  return fsbo::cli::k_exit_internal;
}
