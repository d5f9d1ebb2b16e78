#include "lark/envelope.hpp"

#include <simdjson.h>

#include "common/thread_json_parser.hpp"

namespace larkbase::lark {
namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

// Reads `data`'s paging keys; other members (items, files) are skipped unread.
bool read_data(object data, Envelope& out) {
  for (auto field : data) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    value v;
    if (field.value().get(v)) return false;
    if (key == "has_more") {
      bool has_more = false;
      if (v.get_bool().get(has_more) == simdjson::SUCCESS) out.has_more = has_more;
    } else if (key == "page_token" || key == "next_page_token") {
      std::string_view token;
      if (v.get_string().get(token) == simdjson::SUCCESS && !token.empty()) {
        out.page_token = std::string(token);
      }
    } else if (key == "total") {
      int64_t total = 0;
      if (v.get_int64().get(total) == simdjson::SUCCESS) {
        out.total = total;
        out.has_total = true;
      }
    }
  }
  return true;
}

bool read_error(object error, Envelope& out) {
  for (auto field : error) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    if (key != "log_id") continue;
    std::string_view log_id;
    if (field.value().get_string().get(log_id) == simdjson::SUCCESS) {
      out.log_id = std::string(log_id);
    }
  }
  return true;
}

bool read_envelope(simdjson::ondemand::document& doc, Envelope& out) {
  object root;
  if (doc.get_object().get(root)) return false;
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    value v;
    if (field.value().get(v)) return false;
    if (key == "code") {
      int64_t code = 0;
      if (v.get_int64().get(code) == simdjson::SUCCESS) {
        out.code = code;
        out.has_code = true;
      }
    } else if (key == "msg") {
      std::string_view msg;
      if (v.get_string().get(msg) == simdjson::SUCCESS) out.msg = std::string(msg);
    } else if (key == "data") {
      object data;
      if (v.get_object().get(data) == simdjson::SUCCESS) {
        out.has_data = true;
        if (!read_data(data, out)) return false;
      }
    } else if (key == "error") {
      object error;
      if (v.get_object().get(error) == simdjson::SUCCESS && !read_error(error, out)) return false;
    }
  }
  return true;
}

}  // namespace

void reserve_json_padding(std::string& body) {
  body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
}

Envelope parse_envelope(std::string_view body, bool padded) {
  auto& parser = common::thread_json_parser();
  Envelope out;
  simdjson::padded_string copy;
  simdjson::padded_string_view view;
  if (padded) {
    view = simdjson::padded_string_view(body.data(), body.size(),
                                        body.size() + simdjson::SIMDJSON_PADDING);
  } else {
    copy = simdjson::padded_string(body);
    view = simdjson::padded_string_view(copy);
  }
  simdjson::ondemand::document doc;
  if (parser.iterate(view).get(doc)) return out;
  out.is_json_object = read_envelope(doc, out);
  if (!out.is_json_object) return Envelope{};
  return out;
}

}  // namespace larkbase::lark
