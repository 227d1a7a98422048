// Test helpers: run the fsbo binary as a user would, and read files back.
#pragma once

#include <string>
#include <vector>

namespace fsbo::test {

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

/// Runs `fsbo ARGS…` with `input` on its standard input, from `cwd` (the
/// project root by default), and captures everything.
Run fsbo(const std::vector<std::string>& args, const std::string& input = "",
         const std::string& cwd = FSBO_SOURCE_DIR);

/// Runs `command` with bash from `cwd`, and captures everything.
Run shell(const std::string& command, const std::string& cwd);

/// Path of a fixture in tests/fixtures, of a file of the project, of a real file in ../shared/data.
std::string fixture(const std::string& name);
std::string project_file(const std::string& name);
std::string shared_file(const std::string& name);
/// Whether ../shared/data/NAME exists; tests that need it are skipped otherwise.
bool have_shared(const std::string& name);

std::string read_file(const std::string& path);
/// A fresh, empty directory under the temporary folder, removed when the tests end.
std::string temp_dir();
void write_file(const std::string& path, const std::string& content);

}  // namespace fsbo::test
