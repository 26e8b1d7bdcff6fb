#pragma once
// Errors that end a run carry the process exit code the README documents.
#include <stdexcept>
#include <string>

namespace cskpi {

enum class ExitCode : int {
    ok = 0,
    failure = 1,        // unexpected internal error
    usage = 2,          // bad flags or report definition
    input = 3,          // missing/unreadable export, too many rejects, fetch failure
    output = 4,         // workbook / JSON could not be written
    delivery = 5,       // mail could not be sent
    locked = 75,        // another run holds the lock (EX_TEMPFAIL)
};

class RunError : public std::runtime_error {
public:
    RunError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ExitCode code() const noexcept { return code_; }

private:
    ExitCode code_;
};

struct UsageError : RunError {
    explicit UsageError(const std::string& m) : RunError(ExitCode::usage, m) {}
};
struct InputError : RunError {
    explicit InputError(const std::string& m) : RunError(ExitCode::input, m) {}
};
struct OutputError : RunError {
    explicit OutputError(const std::string& m) : RunError(ExitCode::output, m) {}
};
struct DeliveryError : RunError {
    explicit DeliveryError(const std::string& m) : RunError(ExitCode::delivery, m) {}
};

}  // namespace cskpi
