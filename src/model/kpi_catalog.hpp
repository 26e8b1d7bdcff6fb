#pragma once
// The KPI ids of the contract (docs/contract/kpis.md) with their direction, scorecard dimension and unit.
// Formulas live in metrics/{ticket,survey,staff,call}_kpis.cpp, one function per KPI; names and definitions for people in report/i18n.
#include <optional>
#include <string_view>
#include <vector>

namespace cskpi {

enum class Direction { none, up, down };
enum class Dimension { financial, customer, process, growth };
enum class Unit { count, ratio, minutes, hours, seconds, score };
enum class SourceKind { tickets, surveys, agents, calls };

struct KpiInfo {
    std::string_view id;
    Direction direction;
    Dimension dimension;
    Unit unit;
    SourceKind source;
    bool has_monthly = true;  // tickets.growth has no monthly series
};

const std::vector<KpiInfo>& kpi_catalog();  // in contract order
const KpiInfo* find_kpi(std::string_view id);

std::string_view to_string(Direction d);  // "up" | "down" | "none"
std::string_view to_string(Dimension d);  // "financial" | "customer" | "process" | "growth"
std::string_view to_string(SourceKind s); // "tickets" | ...

}  // namespace cskpi
