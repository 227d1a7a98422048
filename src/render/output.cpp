#include "fsbo/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include <fmt/format.h>

namespace fsbo {

namespace {

// Writes all of `text` to `fd`; false with errno set on failure.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// The temporary file being written, removed if a signal ends fsbo before
// the rename: an interrupted run leaves neither a half file nor litter.
char g_temporary[4096];

extern "C" void remove_temporary(int signal) {
  if (g_temporary[0] != '\0') ::unlink(g_temporary);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

constexpr std::array<int, 4> k_ending_signals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Guards the temporary file for as long as it lives.
class TemporaryGuard {
public:
  explicit TemporaryGuard(const std::string& path) {
    path.copy(g_temporary, sizeof g_temporary - 1);
    g_temporary[std::min(path.size(), sizeof g_temporary - 1)] = '\0';
    for (const int s : k_ending_signals) std::signal(s, remove_temporary);
  }
  ~TemporaryGuard() {
    for (const int s : k_ending_signals) std::signal(s, SIG_DFL);
    g_temporary[0] = '\0';
  }
  TemporaryGuard(const TemporaryGuard&) = delete;
  TemporaryGuard& operator=(const TemporaryGuard&) = delete;
};

// Writes `text` to a device or pipe as it is: there is nothing to rename.
std::string write_in_place(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  const bool written = write_all(fd, text);
  const int error = errno;
  ::close(fd);
  if (!written) return fmt::format("cannot write {}: {}", path, std::strerror(error));
  return {};
}

// Writes `text` to a temporary file beside `target`, then renames it over
// `target`; `shown` is the path named in messages.
std::string write_replacing(const std::string& target, const std::string& shown,
                            const std::string& text) {
  std::string temporary = target + ".XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) return fmt::format("cannot write {}: {}", shown, std::strerror(errno));
  const TemporaryGuard guard(temporary);
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const int saved = errno;
  // mkstemp creates the file private; give it the mode a plain create would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = written ? errno : saved;
    ::unlink(temporary.c_str());
    return fmt::format("cannot write {}: {}", shown, std::strerror(error));
  }
  return {};
}

}  // namespace

std::string write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    // A reader that went away (`fsbo … | head -1`) is not an error.
    if (!write_all(STDOUT_FILENO, text) && errno != EPIPE) {
      return fmt::format("cannot write to standard output: {}", std::strerror(errno));
    }
    return {};
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    // A device or a pipe (/dev/null, a FIFO) is written to, never replaced.
    return write_in_place(path, text);
  }
  // A symbolic link stays a link: the file it points to is the one replaced.
  const std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                             &std::free);
  return write_replacing(resolved ? std::string(resolved.get()) : path, path, text);
}

bool colour_wanted(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && no_colour[0] != '\0') return false;
  return ::isatty(fd) == 1;
}

}  // namespace fsbo
