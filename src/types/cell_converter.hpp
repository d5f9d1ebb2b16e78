#pragma once
// Converts one records/search cell (a simdjson on-demand value) into one row of a
// column builder, by the value rules of types.md. Internal to the page normaliser.
//
// Every call appends exactly one row (a value or a null). A value that does not
// convert becomes NULL at the smallest level that holds it: the cell when its shape
// is wrong (a string where a number belongs), a list item or a struct member when
// only that part is wrong. Each such NULL counts one warning.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/builder.hpp"

namespace larkbase::types {

namespace ondemand = simdjson::ondemand;

// How a cell (or a lookup item) is converted.
enum class CellRule : uint8_t {
  kText,         // segments (or a string) concatenated -> Utf8
  kEmail,        // as kText, without a `mailto:` prefix
  kString,       // a string (numbers rendered) -> Utf8
  kGroupChat,    // chat ids joined by "," -> Utf8
  kRender,       // formula rendering of items -> Utf8
  kFormula,      // {type, value: [...]} rendered and joined -> Utf8
  kRaw,          // the cell's raw JSON text -> Utf8
  kFloat64,      // a number
  kInt32,        // an integral number (Rating)
  kEpochMillis,  // an integral number of ms; a fraction is floored -> Int64
  kSplitKey,     // an integral number or a string of digits -> Int64
  kBool,         // a bool (Checkbox)
  kStringList,   // array of strings -> List<Utf8>
  kUserList,     // array of persons -> List<Struct{id, name, email}>
  kPerson,       // the first person of an array, or an object -> Struct{id, name, email}
  kUrl,          // {text, link} -> Struct
  kAttachments,  // array of attachments -> List<Struct{name, url, size, type, token}>
  kLinks,        // {link_record_ids: [...]} -> List<Struct{record_id, text}>
  kLocation,     // {location: "lng,lat", ...} -> Struct
  kLookup,       // {type, value: [...]} -> List<T>, items by the item rule
};

enum class CellStatus : uint8_t { kValue, kNull, kBad };

// A person as records/search gives it; views point into the parser's buffers.
struct PersonView {
  std::string_view id, name, email;
  bool has_id = false, has_name = false, has_email = false;
};

// Counts values that did not convert; keeps the first problem for the log.
struct ConversionWarnings {
  int64_t count = 0;
  std::string first;
  void add(std::string_view column, std::string_view problem);
};

class CellConverter {
 public:
  explicit CellConverter(ConversionWarnings& warnings) : warnings_(warnings) {}

  // Appends one row for a cell that is present and not JSON null.
  void convert(CellRule rule, CellRule item_rule, std::string_view column, ondemand::value& value,
               columnar::ArrayBuilder& builder);

  // Reads a person object; kBad when it is not an object.
  CellStatus read_person(ondemand::value& value, PersonView& person);
  static void append_person(const PersonView& person, columnar::ArrayBuilder& builder);

 private:
  CellStatus scalar(CellRule rule, ondemand::value& value, columnar::ArrayBuilder& builder,
                    std::string_view column);
  CellStatus string_list(ondemand::value& value, columnar::ArrayBuilder& builder,
                         std::string_view column);
  CellStatus user_list(ondemand::value& value, columnar::ArrayBuilder& builder,
                       std::string_view column);
  CellStatus person(ondemand::value& value, columnar::ArrayBuilder& builder);
  CellStatus url(ondemand::value& value, columnar::ArrayBuilder& builder, std::string_view column);
  CellStatus attachments(ondemand::value& value, columnar::ArrayBuilder& builder,
                         std::string_view column);
  void append_attachment(ondemand::value& item, columnar::StructBuilder& items,
                         std::string_view column);
  CellStatus links(ondemand::value& value, columnar::ArrayBuilder& builder,
                   std::string_view column);
  CellStatus location(ondemand::value& value, columnar::ArrayBuilder& builder,
                      std::string_view column);
  CellStatus lookup(CellRule item_rule, ondemand::value& value, columnar::ArrayBuilder& builder,
                    std::string_view column);

  // Text producers: append to `out`.
  CellStatus read_text(ondemand::value& value, std::string& out, bool email);
  CellStatus read_group_chats(ondemand::value& value, std::string& out);
  CellStatus render_items(ondemand::value& value, std::string& out);
  CellStatus render(ondemand::value& value, std::string& out, bool& last_was_segment);
  CellStatus render_object(ondemand::value& value, std::string& out, bool& is_segment);
  CellStatus raw_json(ondemand::value& value, std::string_view& out);

  ConversionWarnings& warnings_;
  std::string scratch_;
};

}  // namespace larkbase::types
