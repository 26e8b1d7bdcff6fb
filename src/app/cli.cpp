#include "app/cli.hpp"

#include <iostream>

namespace cskpi {
int run_cli(int, char**) {
    std::cout << "cskpi " << CSKPI_VERSION << "\n";
    return 0;
}
}  // namespace cskpi
