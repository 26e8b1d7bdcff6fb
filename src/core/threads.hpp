#pragma once
// A fixed number of threads over one function: fn(t) for t in [0, threads), fn(0) on the
// calling thread. An exception thrown by any of them is rethrown here once all have ended.
#include <exception>
#include <thread>
#include <vector>

namespace cskpi {

template <class Fn>
void run_on_threads(unsigned threads, Fn&& fn) {
    std::vector<std::exception_ptr> errors(threads == 0 ? 1 : threads);
    const auto guarded = [&](unsigned t) {
        try {
            fn(t);
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(guarded, t);
    guarded(0u);
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace cskpi
