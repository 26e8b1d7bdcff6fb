#include "model/kpi_catalog.hpp"

namespace cskpi {

const std::vector<KpiInfo>& kpi_catalog() {
    using D = Direction;
    using M = Dimension;
    using U = Unit;
    using S = SourceKind;
    static const std::vector<KpiInfo> catalog = {
        {"tickets.volume", D::none, M::financial, U::count, S::tickets},
        {"tickets.growth", D::none, M::financial, U::ratio, S::tickets, false},
        {"frt.mean_min", D::down, M::process, U::minutes, S::tickets},
        {"frt.median_min", D::down, M::process, U::minutes, S::tickets},
        {"frt.p90_min", D::down, M::process, U::minutes, S::tickets},
        {"urgent.frt_attainment", D::up, M::process, U::ratio, S::tickets},
        {"resolution.mean_h", D::down, M::process, U::hours, S::tickets},
        {"resolution.median_h", D::down, M::process, U::hours, S::tickets},
        {"resolution.p90_h", D::down, M::process, U::hours, S::tickets},
        {"sla.overdue_rate", D::down, M::process, U::ratio, S::tickets},
        {"fcr.rate", D::up, M::customer, U::ratio, S::tickets},
        {"repeat.rate", D::down, M::customer, U::ratio, S::tickets},
        {"complaint.rate", D::down, M::customer, U::ratio, S::tickets},
        {"aht.mean_min", D::down, M::financial, U::minutes, S::tickets},
        {"survey.responses", D::none, M::customer, U::count, S::surveys},
        {"csat.rate", D::up, M::customer, U::ratio, S::surveys},
        {"nps.score", D::up, M::customer, U::score, S::surveys},
        {"csat.key_rate", D::up, M::customer, U::ratio, S::surveys},
        {"staff.avg_headcount", D::none, M::growth, U::count, S::agents},
        {"staff.hires", D::none, M::growth, U::count, S::agents},
        {"staff.leavers", D::none, M::growth, U::count, S::agents},
        {"staff.attrition_rate", D::down, M::growth, U::ratio, S::agents},
        {"staff.attrition_annualized", D::down, M::growth, U::ratio, S::agents},
        {"staff.core_attrition_rate", D::down, M::growth, U::ratio, S::agents},
        {"calls.offered", D::none, M::financial, U::count, S::calls},
        {"calls.service_level", D::up, M::process, U::ratio, S::calls},
        {"calls.abandon_rate", D::down, M::process, U::ratio, S::calls},
        {"calls.asa_sec", D::down, M::process, U::seconds, S::calls},
        {"calls.aht_min", D::down, M::financial, U::minutes, S::calls},
    };
    return catalog;
}

const KpiInfo* find_kpi(std::string_view id) {
    for (const auto& k : kpi_catalog())
        if (k.id == id) return &k;
    return nullptr;
}

std::string_view to_string(Direction d) {
    switch (d) {
        case Direction::up: return "up";
        case Direction::down: return "down";
        default: return "none";
    }
}

std::string_view to_string(Dimension d) {
    switch (d) {
        case Dimension::financial: return "financial";
        case Dimension::customer: return "customer";
        case Dimension::process: return "process";
        default: return "growth";
    }
}

std::string_view to_string(SourceKind s) {
    switch (s) {
        case SourceKind::tickets: return "tickets";
        case SourceKind::surveys: return "surveys";
        case SourceKind::agents: return "agents";
        default: return "calls";
    }
}

}  // namespace cskpi
