#include "core/logging.hpp"

#include <unistd.h>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Exception.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>

#include "core/errors.hpp"

namespace cskpi {

namespace {

int parse_level(const std::string& level) {
    const std::string name = level == "info" ? "information" : level == "warn" ? "warning" : level;
    try {
        return Poco::Logger::parseLevel(name);
    } catch (const Poco::InvalidArgumentException&) {
        throw UsageError("unknown log level '" + level +
                         "' (use none, fatal, critical, error, warning, notice, info, debug or trace)");
    }
}

}  // namespace

void setup_logging(const std::string& level, const std::string& file_path_or_empty) {
    const int poco_level = parse_level(level);

    Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %p %s: %t"));
    formatter->setProperty("times", "local");

    Poco::AutoPtr<Poco::Channel> sink;
    if (file_path_or_empty.empty()) {
        sink = new Poco::ConsoleChannel;  // std::clog, i.e. stderr
    } else {
        Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(file_path_or_empty));
        try {
            file->open();  // fail now rather than at the first message
        } catch (const Poco::Exception& e) {
            throw OutputError("cannot open the log file " + file_path_or_empty + ": " + e.displayText());
        }
        sink = file;
    }
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, sink));
    // The root first: loggers created later copy it. The "" calls then update every
    // logger created before this call (they do nothing while no logger exists yet).
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(poco_level);
    Poco::Logger::setChannel("", channel);
    Poco::Logger::setLevel("", poco_level);
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace cskpi
