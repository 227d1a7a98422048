// Work split between the two cores: the second half on a thread of its own,
// for the stages whose items are independent (report areas, output rows).
#pragma once

#include <cstddef>
#include <exception>
#include <thread>

namespace fsbo {

/// Calls work(0, 0, split) here and work(1, split, count) on another thread,
/// and returns when both are done, throwing what either threw.
template <typename Work>
void in_two(std::size_t split, std::size_t count, Work work) {
  std::exception_ptr failed;
  std::thread other([&] {
    try {
      work(1, split, count);
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    work(0, 0, split);
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (failed) std::rethrow_exception(failed);
}

/// in_two split at the middle, for items of about the same cost. Below
/// `at_least` items everything is done here, as work(0, 0, count).
template <typename Work>
void in_halves(std::size_t count, std::size_t at_least, Work work) {
  if (count < at_least) {
    work(0, 0, count);
    return;
  }
  in_two(count / 2, count, work);
}

}  // namespace fsbo
