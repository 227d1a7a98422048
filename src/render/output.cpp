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
bool write_all(int fd, const Pieces& text) {
  for (std::string_view piece : text) {
    while (!piece.empty()) {
      const ssize_t written = ::write(fd, piece.data(), piece.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      piece.remove_prefix(static_cast<std::size_t>(written));
    }
  }
  return true;
}

// The temporary file being written, removed if a signal ends fsbo before
// the rename: an interrupted run leaves neither a half file nor litter.
char g_temporary[4096];

constexpr std::array<int, 4> k_ending_signals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
std::array<struct sigaction, 4> g_previous{};

extern "C" void remove_temporary(int signal) {
  if (g_temporary[0] != '\0') ::unlink(g_temporary);
  for (std::size_t k = 0; k < k_ending_signals.size(); ++k) {
    if (k_ending_signals[k] == signal) ::sigaction(signal, &g_previous[k], nullptr);
  }
  ::raise(signal);
}

// Creates the temporary file and guards it for as long as it lives. Signals
// that were ignored (nohup, `cmd &`) stay ignored; the others are blocked
// while the file is created, so none can leave it behind unguarded.
class TemporaryFile {
public:
  explicit TemporaryFile(std::string path) : m_path(std::move(path)) {
    sigset_t ending;
    sigemptyset(&ending);
    for (const int s : k_ending_signals) sigaddset(&ending, s);
    sigset_t before;
    ::sigprocmask(SIG_BLOCK, &ending, &before);
    m_fd = ::mkstemp(m_path.data());
    if (m_fd >= 0) {
      m_path.copy(g_temporary, sizeof g_temporary - 1);
      g_temporary[std::min(m_path.size(), sizeof g_temporary - 1)] = '\0';
      struct sigaction action {};
      action.sa_handler = remove_temporary;
      for (std::size_t k = 0; k < k_ending_signals.size(); ++k) {
        ::sigaction(k_ending_signals[k], nullptr, &g_previous[k]);
        if (g_previous[k].sa_handler != SIG_IGN) ::sigaction(k_ending_signals[k], &action, nullptr);
      }
    }
    ::sigprocmask(SIG_SETMASK, &before, nullptr);
  }
  ~TemporaryFile() {
    if (m_fd < 0) return;
    for (std::size_t k = 0; k < k_ending_signals.size(); ++k) {
      ::sigaction(k_ending_signals[k], &g_previous[k], nullptr);
    }
    g_temporary[0] = '\0';
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  int fd() const { return m_fd; }
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
  int m_fd = -1;
};

// Writes `text` to a device or pipe as it is: there is nothing to rename.
// `create` makes the file a dangling link points to.
std::string write_in_place(const std::string& path, const Pieces& text, bool create) {
  const int flags = O_WRONLY | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0);
  const int fd = ::open(path.c_str(), flags, 0666);
  if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  const bool written = write_all(fd, text);
  const int error = errno;
  ::close(fd);
  if (!written) return fmt::format("cannot write {}: {}", path, std::strerror(error));
  return {};
}

// Writes `text` to a temporary file beside `target`, then renames it over
// `target`, keeping an existing file's mode and owner; `shown` is the path
// named in messages.
std::string write_replacing(const std::string& target, const std::string& shown,
                            const Pieces& text) {
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0;
  const TemporaryFile file(target + ".XXXXXX");
  const int fd = file.fd();
  if (fd < 0) return fmt::format("cannot write {}: {}", shown, std::strerror(errno));
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const int saved = errno;
  if (exists) {
    ::fchmod(fd, existing.st_mode & 07777);
    if (::fchown(fd, existing.st_uid, existing.st_gid) != 0) {
      // Not the owner: the new file is the writer's, with the old mode.
    }
  } else {
    // mkstemp creates the file private; give it the mode a plain create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
  }
  ::close(fd);
  if (!written || std::rename(file.path().c_str(), target.c_str()) != 0) {
    const int error = written ? errno : saved;
    ::unlink(file.path().c_str());
    return fmt::format("cannot write {}: {}", shown, std::strerror(error));
  }
  return {};
}

}  // namespace

std::string write_output(const std::string& path, const std::string& text) {
  return write_output(path, Pieces{text});
}

std::string write_output(const std::string& path, const Pieces& text) {
  // Standard output by any name keeps its open file, appending or not.
  if (path.empty() || path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" ||
      path == "/proc/self/fd/1") {
    // A reader that went away (`fsbo … | head -1`) is not an error.
    if (!write_all(STDOUT_FILENO, text) && errno != EPIPE) {
      return fmt::format("cannot write to standard output: {}", std::strerror(errno));
    }
    return {};
  }
  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  // A device or a pipe (/dev/null, a FIFO, /dev/stdout) is written to,
  // never replaced, and so is whatever a dangling link points to.
  const bool special = path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0;
  if (special || (exists && !S_ISREG(info.st_mode))) return write_in_place(path, text, false);
  struct stat link {};
  if (!exists && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    return write_in_place(path, text, true);
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
