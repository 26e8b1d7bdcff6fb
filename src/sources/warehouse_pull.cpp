#include "sources/warehouse_pull.hpp"

#include <cstring>

#include "core/errors.hpp"
#include "sources/byte_reader.hpp"
#include "sources/pg_connection.hpp"

namespace cskpi {

namespace {

// Type OIDs of the built-in types the casts depend on (pg_type.oid, stable across versions).
constexpr Oid kBool = 16, kDate = 1082, kTimestamp = 1114, kTimestampTz = 1184;

// The COPY's rows, handed out as the ingest asks for them.
class CopyReader final : public ByteReader {
public:
    explicit CopyReader(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}
    ~CopyReader() override { release(); }

    std::size_t read(char* buf, std::size_t n) override {
        std::size_t got = 0;
        while (got < n) {
            if (at_ == size_) {
                release();
                if (done_) break;
                const int len = PQgetCopyData(conn_->get(), &row_, 0);
                if (len > 0) {
                    size_ = std::size_t(len);
                    at_ = 0;
                    continue;
                }
                row_ = nullptr;
                finish(len);
                break;
            }
            const std::size_t take = std::min(n - got, size_ - at_);
            std::memcpy(buf + got, row_ + at_, take);
            at_ += take;
            got += take;
        }
        return got;
    }

private:
    void release() {
        if (row_) PQfreemem(row_);
        row_ = nullptr;
        size_ = at_ = 0;
    }
    // The COPY ended (-1) or failed (-2): its final result says which.
    void finish(int len) {
        done_ = true;
        std::string message;
        if (len == -2) message = conn_->error();
        while (PGresult* r = PQgetResult(conn_->get())) {
            PgResult result(r);
            if (PQresultStatus(r) != PGRES_COMMAND_OK && message.empty()) message = PQresultErrorMessage(r);
        }
        if (message.empty() && PQstatus(conn_->get()) == CONNECTION_BAD) message = conn_->error();
        if (!message.empty()) {
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            for (auto& ch : message)
                if (ch == '\n' || ch == '\r') ch = ' ';
            if (PQstatus(conn_->get()) == CONNECTION_BAD) message += " (connection lost)";
            throw InputError(conn_->label() + ": reading the rows failed: " + message);
        }
    }

    std::unique_ptr<PgConnection> conn_;
    char* row_ = nullptr;
    std::size_t size_ = 0, at_ = 0;
    bool done_ = false;
};

}  // namespace

std::vector<std::string> pull_select_list(const PgConnection& conn, const std::string& relation) {
    const PgResult shape = conn.exec("SELECT * FROM " + relation + " LIMIT 0", PGRES_TUPLES_OK, "the query failed");
    std::vector<std::string> list;
    for (int i = 0; i < PQnfields(shape.get()); ++i) {
        const std::string name = conn.identifier(PQfname(shape.get(), i));
        switch (PQftype(shape.get(), i)) {
            case kBool:
                list.push_back("CASE WHEN " + name + " THEN 'true' WHEN NOT " + name + " THEN 'false' END AS " + name);
                break;
            case kTimestampTz:
                list.push_back("to_char(" + name + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS " + name);
                break;
            case kTimestamp:
                list.push_back("to_char(" + name + ", 'YYYY-MM-DD HH24:MI:SS.MS') AS " + name);
                break;
            case kDate:
                list.push_back("to_char(" + name + ", 'YYYY-MM-DD') AS " + name);
                break;
            default:
                list.push_back(name);
        }
    }
    return list;
}

LocalSource open_warehouse_pull(const SourceConfig& source, const FetchOptions& options) {
    auto conn = std::make_unique<PgConnection>(source, options);
    const std::string relation = source_relation(*conn, source);
    // Floats in their shortest exact form, whatever the server's default.
    conn->exec("SET extra_float_digits = 1", PGRES_COMMAND_OK, "connection setup failed");
    std::string select;
    for (const auto& column : pull_select_list(*conn, relation)) select += (select.empty() ? "" : ", ") + column;
    if (select.empty()) throw InputError(conn->label() + ": the table or query has no columns");
    conn->exec("COPY (SELECT " + select + " FROM " + relation + ") TO STDOUT WITH CSV HEADER", PGRES_COPY_OUT,
               "the query failed");
    LocalSource local;
    local.display_uri = conn->display_uri();
    local.reader = std::make_shared<CopyReader>(std::move(conn));
    return local;
}

}  // namespace cskpi
