#pragma once
// Words people read in the reports, in English and Simplified Chinese: sheet names,
// headers, labels, KPI names and plain-word definitions. KPI ids stay untranslated.
#include <string>
#include <string_view>

namespace cskpi {

enum class Lang { en, zh_cn };

Lang parse_lang(std::string_view code);  // "en" | "zh-CN"; throws UsageError otherwise
std::string_view lang_code(Lang lang);

// A label by key ("sheet.summary", "col.target", "basis.maintain", ...). Placeholders like
// {year} are filled by the caller. Throws std::out_of_range for a key the table lacks.
std::string tr(std::string_view key, Lang lang);
// Why a KPI is unavailable (the metrics' English sentence), in the report's language.
std::string reason_text(const std::string& reason, Lang lang);
// A rejected row's detail sentence (the ingest's English) in the report's language. Column
// names and the quoted bad value stay as the export has them; a sentence of an unknown
// shape comes back unchanged.
std::string reject_detail_text(const std::string& detail, Lang lang);
// Replaces every `{name}` in `pattern` by `value`.
std::string fill(std::string pattern, std::string_view name, std::string_view value);

// A value of one of the contract's enums (channel, priority, tier) in the reader's
// language; a value the table lacks comes back as it is (export text).
std::string enum_label(std::string_view field, std::string_view value, Lang lang);

std::string kpi_name(std::string_view kpi_id, Lang lang);
std::string kpi_definition(std::string_view kpi_id, Lang lang);

}  // namespace cskpi
