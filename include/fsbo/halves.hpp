// Work split between the two cores, and threads placed on them: the second
// half of independent items (report areas, output rows) and files read ahead.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <system_error>
#include <utility>

#include <pthread.h>
#if defined(__linux__)
#include <sched.h>
#endif

namespace fsbo {

/// A thread that starts on another core than the one that creates it, when
/// the process may use another, and is then free to move. A new thread
/// otherwise often starts on its creator's core and waits there for the
/// scheduler to move it: two milliseconds on the virtual machine of
/// bench/README.md, longer than the second half of a national report.
class ApartThread {
public:
  explicit ApartThread(std::function<void()> body) {
    auto start = std::make_unique<Start>();
    start->body = std::move(body);
    pthread_attr_t attributes;
    bool placed = false;
#if defined(__linux__)
    const int here = sched_getcpu();
    if (here >= 0 && sched_getaffinity(0, sizeof start->allowed, &start->allowed) == 0 &&
        CPU_ISSET(here, &start->allowed) && CPU_COUNT(&start->allowed) > 1 &&
        pthread_attr_init(&attributes) == 0) {
      placed = true;
      cpu_set_t others = start->allowed;
      CPU_CLR(here, &others);
      start->apart = pthread_attr_setaffinity_np(&attributes, sizeof others, &others) == 0;
    }
#endif
    int error =
        pthread_create(&m_thread, placed ? &attributes : nullptr, &ApartThread::run, start.get());
    if (placed) pthread_attr_destroy(&attributes);
    if (error != 0 && placed) {
      // The cores may have changed since they were listed: anywhere will do.
      start->apart = false;
      error = pthread_create(&m_thread, nullptr, &ApartThread::run, start.get());
    }
    if (error != 0)
      throw std::system_error(error, std::generic_category(), "cannot start a thread");
    static_cast<void>(start.release());  // the thread's now
    m_joinable = true;
  }
  ~ApartThread() {
    join();
  }
  ApartThread(const ApartThread&) = delete;
  ApartThread& operator=(const ApartThread&) = delete;
  ApartThread(ApartThread&&) = delete;
  ApartThread& operator=(ApartThread&&) = delete;

  void join() {
    if (m_joinable) pthread_join(m_thread, nullptr);
    m_joinable = false;
  }

private:
  struct Start {
    std::function<void()> body;
#if defined(__linux__)
    cpu_set_t allowed{};
#endif
    bool apart = false;
  };

  static void* run(void* argument) {
    const std::unique_ptr<Start> start(static_cast<Start*>(argument));
#if defined(__linux__)
    // Started apart; from now on wherever the scheduler sees fit.
    if (start->apart) {
      pthread_setaffinity_np(pthread_self(), sizeof start->allowed, &start->allowed);
    }
#endif
    try {
      start->body();
    } catch (...) {
      std::terminate();  // as std::thread does: bodies report their own failures
    }
    return nullptr;
  }

  pthread_t m_thread{};
  bool m_joinable = false;
};

/// Calls work(0, 0, split) here and work(1, split, count) on another thread,
/// and returns when both are done, throwing what either threw.
template <typename Work>
void in_two(std::size_t split, std::size_t count, Work work) {
  std::exception_ptr failed;
  // Joined before `failed` goes, whatever happens here.
  ApartThread other([&] {
    try {
      work(1, split, count);
    } catch (...) {
      failed = std::current_exception();
    }
  });
  work(0, 0, split);
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
