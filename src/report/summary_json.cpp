#include "report/summary_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <fstream>
#include <sstream>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "report/staffing_json.hpp"
#include "report/json_values.hpp"

namespace cskpi {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

using json::ordered;
using json::or_null;
using json::string_or_null;

Object::Ptr target_json(const TargetPlan& t) {
    auto o = ordered();
    o->set("value", t.value);
    o->set("benchmark", or_null(t.benchmark));
    o->set("basis", t.basis);
    o->set("mandated", t.mandated.has_value());
    o->set("stretch", t.stretch);
    Array::Ptr milestones = new Array;
    for (double m : t.milestones) milestones->add(m);
    o->set("milestones", milestones);
    o->set("warning", or_null(t.warning));
    o->set("baseline", t.baseline);
    o->set("gap_closure", t.gap_closure);
    o->set("mandated_value", or_null(t.mandated));
    o->set("profile", t.profile);
    o->set("weight", t.weight);
    return o;
}

Object::Ptr kpis_json(const std::vector<KpiComparison>& kpis) {
    auto o = ordered();
    for (const auto& k : kpis) {
        auto e = ordered();
        e->set("current", or_null(k.current.value));
        e->set("previous", or_null(k.previous.value));
        e->set("change", or_null(k.change));
        e->set("change_pct", or_null(k.change_pct));
        e->set("better", or_null(k.better));
        e->set("direction", std::string(to_string(k.info->direction)));
        e->set("dimension", std::string(to_string(k.info->dimension)));
        std::string reason = k.current.value ? std::string() : k.current.unavailable_reason;
        e->set("unavailable_reason", string_or_null(reason));
        if (!k.previous.value && !k.previous.unavailable_reason.empty())
            e->set("previous_unavailable_reason", k.previous.unavailable_reason);
        if (k.target) e->set("target", target_json(*k.target));
        if (!k.status.empty()) e->set("status", k.status);
        o->set(std::string(k.info->id), e);
    }
    return o;
}

// docs/contract/summary-json.md "scorecards"; kpis and attainment hold the role's weighted KPIs.
Object::Ptr scorecards_json(const Scorecards& sc) {
    auto o = ordered();
    o->set("min_tickets", sc.min_tickets);
    o->set("cap", sc.cap);
    o->set("star_score", sc.star_score);
    o->set("improve_score", sc.improve_score);
    o->set("pseudonymized", sc.pseudonymized);
    auto roles = ordered();
    for (const auto& role : sc.roles) {
        auto r = ordered();
        auto weights = ordered();
        auto reference = ordered();
        for (std::size_t k = 0; k < role.weights.size(); ++k) {
            weights->set(role.weights[k].kpi_id, role.weights[k].weight);
            reference->set(role.weights[k].kpi_id, or_null(role.reference[k]));
        }
        r->set("weights", weights);
        r->set("reference", reference);
        Array::Ptr agents = new Array;
        for (const auto& a : role.agents) {
            auto e = ordered();
            e->set("agent_id", a.agent_id);
            e->set("team", or_null(a.team));
            e->set("tickets", a.tickets);
            auto kpis = ordered();
            auto attainment = ordered();
            for (std::size_t k = 0; k < role.weights.size(); ++k) {
                kpis->set(role.weights[k].kpi_id, or_null(a.kpis[k]));
                attainment->set(role.weights[k].kpi_id, or_null(a.attainment[k]));
            }
            e->set("kpis", kpis);
            e->set("attainment", attainment);
            e->set("score", or_null(a.score));
            e->set("rank", or_null(a.rank));
            e->set("band", string_or_null(a.band));
            agents->add(e);
        }
        r->set("agents", agents);
        roles->set(role.role, r);
    }
    o->set("roles", roles);
    return o;
}

}  // namespace

std::string summary_to_json(const Summary& s) {
    auto root = ordered();
    auto report = ordered();
    report->set("kind", s.report.kind);
    report->set("period", s.report.period);
    report->set("previous_period", s.report.previous_period);
    report->set("as_of", s.report.as_of);
    report->set("timezone", s.report.timezone);
    report->set("generated_at", s.report.generated_at);
    report->set("tool_version", s.report.tool_version);
    root->set("report", report);

    Array::Ptr sources = new Array;
    for (const auto& src : s.sources) {
        auto o = ordered();
        o->set("name", src.name);
        o->set("uri", src.uri);
        o->set("sha256", src.sha256);
        o->set("bytes", src.bytes);
        o->set("rows_read", src.rows_read);
        o->set("rows_accepted", src.rows_accepted);
        o->set("rows_rejected", src.rows_rejected);
        auto rejects = ordered();
        for (const auto& [reason, n] : src.rejects) rejects->set(std::string(to_string(reason)), n);
        o->set("rejects", rejects);
        o->set("out_of_period", src.out_of_period);
        if (!src.fetched_at.empty()) {
            o->set("fetched_at", src.fetched_at);
            o->set("from_cache", src.from_cache);
            o->set("etag", string_or_null(src.etag));
            o->set("last_modified", string_or_null(src.last_modified));
        }
        sources->add(o);
    }
    root->set("sources", sources);
    root->set("kpis", kpis_json(s.kpis));
    if (s.ytd) root->set("ytd", kpis_json(*s.ytd));

    auto monthly = ordered();
    for (const auto& info : kpi_catalog()) {
        const auto it = s.monthly.find(std::string(info.id));
        if (it == s.monthly.end()) continue;
        auto series = ordered();
        for (const auto& [month, v] : it->second) series->set(month, or_null(v));
        monthly->set(it->first, series);
    }
    root->set("monthly", monthly);
    if (s.staffing) root->set("staffing", staffing_json(*s.staffing));
    if (s.scorecards) root->set("scorecards", scorecards_json(*s.scorecards));

    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(root, out, 2);
    out << '\n';
    return out.str();
}

void write_summary_json(const Summary& summary, const std::filesystem::path& path,
                        const std::filesystem::path& staged_file) {
    const std::string text = summary_to_json(summary);
    std::optional<AtomicFile> own_staging;
    if (staged_file.empty()) own_staging.emplace(path);
    {
        std::ofstream out(own_staging ? own_staging->temp_path() : staged_file, std::ios::binary);
        out << text;
        out.close();
        if (!out) throw OutputError("cannot write " + path.string());
    }
    if (own_staging) own_staging->commit();
}

}  // namespace cskpi
