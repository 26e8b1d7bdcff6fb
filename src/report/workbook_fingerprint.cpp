#include "report/workbook_fingerprint.hpp"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <fstream>
#include <map>

#include "core/errors.hpp"

namespace cskpi {

std::string workbook_fingerprint(const std::filesystem::path& xlsx) {
    try {
        std::ifstream in(xlsx, std::ios::binary);
        if (!in) throw OutputError("cannot read " + xlsx.string() + " to fingerprint it");
        const Poco::Zip::ZipArchive archive(in);
        std::map<std::string, Poco::Zip::ZipArchive::FileHeaders::const_iterator> parts;
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it)
            if (it->first.rfind("docProps/", 0) != 0) parts.emplace(it->first, it);
        if (!parts.count("xl/workbook.xml")) throw OutputError(xlsx.string() + " is not an xlsx workbook");
        Poco::Crypto::DigestEngine sha("SHA256");
        for (const auto& [name, header] : parts) {
            sha.update(name.data(), name.size() + 1);  // with its terminating NUL as a separator
            in.clear();
            Poco::Zip::ZipInputStream part(in, header->second);
            char buffer[1 << 16];
            while (part.read(buffer, sizeof buffer) || part.gcount() > 0)
                sha.update(buffer, static_cast<unsigned>(part.gcount()));
        }
        return Poco::Crypto::DigestEngine::digestToHex(sha.digest());
    } catch (const Poco::Exception& e) {
        throw OutputError("cannot read " + xlsx.string() + " as a workbook: " + e.displayText());
    }
}

}  // namespace cskpi
