#include "run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace fsbo::test {

namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

// Feeds `input` and drains stdout and stderr together, so that no pipe fills up.
void pump(int in, int out, int err, const std::string& input, Run& run) {
  std::size_t sent = 0;
  if (input.empty()) ::close(in), in = -1;
  char buffer[65536];
  while (out >= 0 || err >= 0) {
    pollfd fds[3] = {{out, POLLIN, 0}, {err, POLLIN, 0}, {in, POLLOUT, 0}};
    check(::poll(fds, 3, -1) >= 0, "poll");
    for (int k = 0; k < 2; ++k) {
      if (fds[k].revents == 0) continue;
      const ssize_t got = ::read(fds[k].fd, buffer, sizeof buffer);
      if (got > 0) {
        (k == 0 ? run.out : run.err).append(buffer, static_cast<std::size_t>(got));
      } else {
        ::close(fds[k].fd);
        (k == 0 ? out : err) = -1;
      }
    }
    if (in >= 0 && fds[2].revents != 0) {
      const ssize_t put = ::write(in, input.data() + sent, input.size() - sent);
      if (put > 0) sent += static_cast<std::size_t>(put);
      if (put <= 0 || sent == input.size()) ::close(in), in = -1;
    }
  }
  if (in >= 0) ::close(in);
}

// Runs `argv` (argv[0] a full path) with `input` on its standard input.
Run run_program(std::vector<std::string> argv, const std::string& input) {
  int in[2], out[2], err[2];
  check(::pipe(in) == 0 && ::pipe(out) == 0 && ::pipe(err) == 0, "pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (const int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }
  std::vector<char*> pointers;
  for (std::string& a : argv) pointers.push_back(a.data());
  pointers.push_back(nullptr);
  pid_t pid = 0;
  check(::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, pointers.data(), environ) == 0,
        "spawn");
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  Run run;
  pump(in[1], out[0], err[0], input, run);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace

// posix_spawn cannot change directory; env -C does, without a shell
// reparsing the arguments.
Run shell(const std::string& command, const std::string& cwd) {
  return run_program({"/usr/bin/env", "-C", cwd, "/bin/bash", "-c", command}, "");
}

Run fsbo(const std::vector<std::string>& args, const std::string& input, const std::string& cwd) {
  std::vector<std::string> argv = {"/usr/bin/env", "-C", cwd, FSBO_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, input);
}

std::string fixture(const std::string& name) {
  return std::string(FSBO_FIXTURES) + "/" + name;
}
std::string project_file(const std::string& name) {
  return std::string(FSBO_SOURCE_DIR) + "/" + name;
}
std::string shared_file(const std::string& name) {
  return std::string(FSBO_SHARED_DATA) + "/" + name;
}

bool have_shared(const std::string& name) {
  return ::access(shared_file(name).c_str(), R_OK) == 0;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

namespace {

// The folders made by temp_dir, removed when the test binary exits.
struct TempDirs {
  std::vector<std::string> paths;
  ~TempDirs() {
    std::error_code ignored;
    for (const std::string& path : paths) std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

std::string temp_dir() {
  static TempDirs dirs;
  const char* base = std::getenv("TMPDIR");
  std::string path = std::string(base != nullptr ? base : "/tmp") + "/fsbo-test-XXXXXX";
  check(::mkdtemp(path.data()) != nullptr, "mkdtemp");
  dirs.paths.push_back(path);
  return path;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary);
  file << content;
  check(static_cast<bool>(file), "write");
}

}  // namespace fsbo::test
