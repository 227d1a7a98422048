#include "fsbo/output.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

}  // namespace

std::string write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    // A reader that went away (`fsbo … | head -1`) is not an error.
    if (!write_all(STDOUT_FILENO, text) && errno != EPIPE) {
      return fmt::format("cannot write to standard output: {}", std::strerror(errno));
    }
    return {};
  }
  std::string temporary = path + ".XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const int saved = errno;
  // mkstemp creates the file private; give it the mode a plain create would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = written ? errno : saved;
    ::unlink(temporary.c_str());
    return fmt::format("cannot write {}: {}", path, std::strerror(error));
  }
  return {};
}

bool colour_wanted(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && no_colour[0] != '\0') return false;
  return ::isatty(fd) == 1;
}

}  // namespace fsbo
