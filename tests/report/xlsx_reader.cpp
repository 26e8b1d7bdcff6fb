#include "xlsx_reader.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <fstream>
#include <stdexcept>

namespace cskpi::test {

namespace {

using Poco::XML::Element;

Poco::AutoPtr<Poco::XML::Document> parse(const std::string& xml) {
    Poco::XML::DOMParser parser;
    return parser.parseString(xml);
}

std::vector<Element*> elements(Poco::XML::Node* root, const std::string& local_name) {
    std::vector<Element*> out;
    Poco::AutoPtr<Poco::XML::NodeList> list =
        static_cast<Element*>(root)->getElementsByTagNameNS("*", local_name);
    for (unsigned long i = 0; i < list->length(); ++i) out.push_back(static_cast<Element*>(list->item(i)));
    return out;
}

std::string child_text(Element* parent, const std::string& local_name) {
    auto found = elements(parent, local_name);
    return found.empty() ? std::string() : found.front()->innerText();
}

}  // namespace

const Cell& Sheet::at(const std::string& ref) const {
    const auto found = cells.find(ref);
    if (found == cells.end()) throw std::out_of_range(name + "!" + ref + " is empty");
    return found->second;
}

const Sheet& XlsxFile::sheet(const std::string& name) const {
    for (const auto& s : sheets)
        if (s.name == name) return s;
    throw std::out_of_range("no sheet '" + name + "'");
}

XlsxFile read_xlsx(const std::filesystem::path& path) {
    XlsxFile file;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    Poco::Zip::ZipArchive archive(in);
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        in.clear();
        Poco::Zip::ZipInputStream entry(in, it->second);
        std::string text;
        Poco::StreamCopier::copyToString(entry, text);
        file.parts[it->first] = text;
    }

    std::vector<std::string> shared;
    if (file.parts.count("xl/sharedStrings.xml")) {
        auto doc = parse(file.parts.at("xl/sharedStrings.xml"));
        for (Element* si : elements(doc->documentElement(), "si")) {
            std::string text;
            for (Element* t : elements(si, "t")) text += t->innerText();
            shared.push_back(text);
        }
    }

    // xl/workbook.xml lists the sheets; xl/_rels/workbook.xml.rels maps them to parts.
    std::map<std::string, std::string> targets;
    auto rels = parse(file.parts.at("xl/_rels/workbook.xml.rels"));
    for (Element* r : elements(rels->documentElement(), "Relationship"))
        targets[r->getAttribute("Id")] = "xl/" + r->getAttribute("Target");
    auto workbook = parse(file.parts.at("xl/workbook.xml"));
    for (Element* s : elements(workbook->documentElement(), "sheet")) {
        Sheet sheet;
        sheet.name = s->getAttribute("name");
        const std::string rid = s->getAttributeNS(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
        auto xml = parse(file.parts.at(targets.at(rid)));
        for (Element* c : elements(xml->documentElement(), "c")) {
            Cell cell;
            cell.type = c->hasAttribute("t") ? c->getAttribute("t") : "n";
            cell.value = child_text(c, "v");
            auto formulas = elements(c, "f");
            if (!formulas.empty()) {
                cell.has_formula = true;
                cell.formula = formulas.front()->innerText();
            }
            if (cell.type == "s") cell.value = shared.at(std::stoul(cell.value));
            if (cell.type == "inlineStr") cell.value = child_text(c, "t");
            sheet.cells[c->getAttribute("r")] = cell;
        }
        file.sheets.push_back(std::move(sheet));
    }
    return file;
}

}  // namespace cskpi::test
