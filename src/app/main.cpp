#include "app/cli.hpp"

int main(int argc, char** argv) { return cskpi::run_cli(argc, argv); }
