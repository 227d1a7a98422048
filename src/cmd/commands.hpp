// The subcommands, one setup function each, returning the parsed app and
// what to run; main.cpp lists them in order.
#pragma once

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace fsbo::cli {

Command setup_report(CLI::App& app);
Command setup_participation(CLI::App& app);
Command setup_indicators(CLI::App& app);
Command setup_validate(CLI::App& app);
Command setup_convert(CLI::App& app);
Command setup_map(CLI::App& app);
Command setup_operators(CLI::App& app);
Command setup_structures(CLI::App& app);

}  // namespace fsbo::cli
