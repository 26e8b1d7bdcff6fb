#pragma once
// Deliberately includes a higher layer: the layer check must reject this tree.
#include "app/cli.hpp"
