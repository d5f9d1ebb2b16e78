#include "aws/xml_document.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>

#include "common/error.hpp"

namespace larkbase::aws {
namespace {

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += char(code);
  } else if (code < 0x800) {
    out += char(0xC0 | (code >> 6));
    out += char(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += char(0xE0 | (code >> 12));
    out += char(0x80 | ((code >> 6) & 0x3F));
    out += char(0x80 | (code & 0x3F));
  } else {
    out += char(0xF0 | (code >> 18));
    out += char(0x80 | ((code >> 12) & 0x3F));
    out += char(0x80 | ((code >> 6) & 0x3F));
    out += char(0x80 | (code & 0x3F));
  }
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view what) : text_(text), what_(what) {}

  XmlElement document() {
    skip_prolog();
    XmlElement root = element();
    return root;
  }

 private:
  [[noreturn]] void fail(std::string_view problem) {
    throw common::ExternalError(
        fmt::format("{} is not well-formed XML: {} at byte {}", what_, problem, pos_));
  }

  bool starts(std::string_view token) const { return text_.substr(pos_).starts_with(token); }

  void skip_until(std::string_view token) {
    size_t end = text_.find(token, pos_);
    if (end == std::string_view::npos) fail(fmt::format("missing '{}'", token));
    pos_ = end + token.size();
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  // Declarations, comments and processing instructions before the root.
  void skip_prolog() {
    while (true) {
      skip_space();
      if (starts("<?")) {
        skip_until("?>");
      } else if (starts("<!--")) {
        skip_until("-->");
      } else if (starts("<!")) {
        skip_until(">");
      } else {
        return;
      }
    }
  }

  std::string name() {
    size_t begin = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
           text_[pos_] != '>' && text_[pos_] != '/' && text_[pos_] != '=') {
      ++pos_;
    }
    if (pos_ == begin) fail("an element without a name");
    std::string_view full = text_.substr(begin, pos_ - begin);
    auto colon = full.find(':');
    return std::string(colon == std::string_view::npos ? full : full.substr(colon + 1));
  }

  void decode(std::string_view raw, std::string& out) {
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      size_t end = raw.find(';', i);
      if (end == std::string_view::npos) fail("an unterminated entity");
      std::string_view entity = raw.substr(i + 1, end - i - 1);
      if (entity == "amp") {
        out += '&';
      } else if (entity == "lt") {
        out += '<';
      } else if (entity == "gt") {
        out += '>';
      } else if (entity == "quot") {
        out += '"';
      } else if (entity == "apos") {
        out += '\'';
      } else if (entity.starts_with("#x") || entity.starts_with("#X")) {
        append_utf8(out, std::strtoul(std::string(entity.substr(2)).c_str(), nullptr, 16));
      } else if (entity.starts_with("#")) {
        append_utf8(out, std::strtoul(std::string(entity.substr(1)).c_str(), nullptr, 10));
      } else {
        fail("an unknown entity");
      }
      i = end;
    }
  }

  XmlElement element() {
    if (!starts("<")) fail("expected '<'");
    ++pos_;
    XmlElement node;
    node.name = name();
    // Attributes are skipped: the AWS responses we read carry data in elements.
    while (pos_ < text_.size() && text_[pos_] != '>' && !starts("/>")) {
      if (text_[pos_] == '"' || text_[pos_] == '\'') {
        char quote = text_[pos_];
        size_t end = text_.find(quote, pos_ + 1);
        if (end == std::string_view::npos) fail("an unterminated attribute");
        pos_ = end;
      }
      ++pos_;
    }
    if (starts("/>")) {
      pos_ += 2;
      return node;
    }
    if (pos_ >= text_.size()) fail("an unterminated start tag");
    ++pos_;
    while (true) {
      size_t next = text_.find('<', pos_);
      if (next == std::string_view::npos) fail(fmt::format("missing </{}>", node.name));
      decode(text_.substr(pos_, next - pos_), node.text);
      pos_ = next;
      if (starts("</")) {
        pos_ += 2;
        std::string closing = name();
        if (closing != node.name) fail(fmt::format("</{}> closes <{}>", closing, node.name));
        skip_until(">");
        return node;
      }
      if (starts("<!--")) {
        skip_until("-->");
      } else if (starts("<![CDATA[")) {
        size_t begin = pos_ + 9;
        skip_until("]]>");
        node.text.append(text_.substr(begin, pos_ - 3 - begin));
      } else {
        node.children.push_back(element());
      }
    }
  }

  std::string_view text_;
  std::string_view what_;
  size_t pos_ = 0;
};

}  // namespace

const XmlElement* XmlElement::child(std::string_view child_name) const {
  for (const auto& node : children) {
    if (node.name == child_name) return &node;
  }
  return nullptr;
}

std::string XmlElement::child_text(std::string_view child_name) const {
  const XmlElement* node = child(child_name);
  return node == nullptr ? std::string() : node->text;
}

std::vector<const XmlElement*> XmlElement::children_named(std::string_view child_name) const {
  std::vector<const XmlElement*> out;
  for (const auto& node : children) {
    if (node.name == child_name) out.push_back(&node);
  }
  return out;
}

const XmlElement* XmlElement::find(std::string_view element_name) const {
  if (name == element_name) return this;
  for (const auto& node : children) {
    if (const XmlElement* found = node.find(element_name)) return found;
  }
  return nullptr;
}

XmlElement parse_xml(std::string_view text, std::string_view what) {
  return Parser(text, what).document();
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace larkbase::aws
