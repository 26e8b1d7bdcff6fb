#pragma once
// Survey KPIs (docs/contract/kpis.md "Surveys"); every survey formula lives in survey_kpis.cpp.
#include <cstdint>

#include "ingest/records.hpp"
#include "metrics/kpi_values.hpp"

namespace cskpi {

struct SurveyStats {
    std::int64_t responses = 0;
    std::int64_t csat_n = 0, csat_satisfied = 0;
    std::int64_t nps_n = 0, promoters = 0, detractors = 0;
    std::int64_t key_csat_n = 0, key_csat_satisfied = 0;

    // `key_customer`: the survey's ticket_id joins a ticket with customer_tier = key.
    void add(const SurveyRecord& s, bool key_customer);
    void merge(const SurveyStats& o);
};

void survey_kpis(const SurveyStats& stats, KpiValues& out);

}  // namespace cskpi
