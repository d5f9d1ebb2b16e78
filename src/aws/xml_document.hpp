#pragma once
// A small XML reader and writer for the S3 and STS protocols: elements, text
// and the five predefined entities (plus numeric ones). No namespaces, DTDs or
// processing semantics: AWS responses do not need them.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::aws {

struct XmlElement {
  std::string name;  // local name (any "prefix:" removed)
  std::string text;  // concatenated character data directly inside
  std::vector<XmlElement> children;

  // First child of that name, or nullptr.
  const XmlElement* child(std::string_view child_name) const;
  // Text of the first child of that name, or "".
  std::string child_text(std::string_view child_name) const;
  std::vector<const XmlElement*> children_named(std::string_view child_name) const;
  // First element of that name in this subtree (depth first), or nullptr.
  const XmlElement* find(std::string_view element_name) const;
};

// Throws ExternalError naming `what` when the text is not well-formed.
XmlElement parse_xml(std::string_view text, std::string_view what);

std::string xml_escape(std::string_view text);

}  // namespace larkbase::aws
