#include "metrics/survey_kpis.hpp"

namespace cskpi {

void SurveyStats::add(const SurveyRecord& s, bool key_customer) {
    ++responses;
    if (s.csat >= 0) {
        const bool satisfied = s.csat >= 4;
        ++csat_n;
        csat_satisfied += satisfied;
        if (key_customer) {
            ++key_csat_n;
            key_csat_satisfied += satisfied;
        }
    }
    if (s.nps >= 0) {
        ++nps_n;
        promoters += s.nps >= 9;
        detractors += s.nps <= 6;
    }
}

void SurveyStats::merge(const SurveyStats& o) {
    responses += o.responses;
    csat_n += o.csat_n;
    csat_satisfied += o.csat_satisfied;
    nps_n += o.nps_n;
    promoters += o.promoters;
    detractors += o.detractors;
    key_csat_n += o.key_csat_n;
    key_csat_satisfied += o.key_csat_satisfied;
}

void survey_kpis(const SurveyStats& s, KpiValues& out) {
    out["survey.responses"] = known(double(s.responses));
    out["csat.rate"] = ratio(double(s.csat_satisfied), double(s.csat_n), "no survey of the period has a csat score");
    out["nps.score"] = ratio(100.0 * double(s.promoters - s.detractors), double(s.nps_n),
                             "no survey of the period has an nps score");
    out["csat.key_rate"] = ratio(double(s.key_csat_satisfied), double(s.key_csat_n),
                                 "no csat score of the period joins a key-customer ticket");
}

}  // namespace cskpi
