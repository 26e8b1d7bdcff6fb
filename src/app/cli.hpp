#pragma once

namespace cskpi {
// Parses the command line, runs the command and maps errors to exit codes.
int run_cli(int argc, char** argv);
}
