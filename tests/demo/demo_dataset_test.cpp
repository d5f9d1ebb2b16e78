// The demo dataset: deterministic, sized by `rows`, every field type present with
// the exact value shapes of records/search, empty cells of every type, and links,
// lookups, formulas, the control table and the Drive folder mutually consistent.
#include "emulator/demo/demo_dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "recording_sink.hpp"
#include "value_shapes.hpp"

namespace larkbase::emulator::demo::testing {
namespace {

constexpr int64_t kRows = 2000;

const std::vector<std::string> kAllUiTypes = {
    "Text",         "Barcode",    "Email",        "Phone",       "Number",       "Progress",
    "Currency",     "Rating",     "SingleSelect", "MultiSelect", "DateTime",     "CreatedTime",
    "ModifiedTime", "Checkbox",   "User",         "CreatedUser", "ModifiedUser", "GroupChat",
    "Url",          "Attachment", "SingleLink",   "DuplexLink",  "Location",     "AutoNumber",
    "Formula",      "Lookup",     "Stage",        "Button"};

const RecordingSink& demo() {
  static const RecordingSink* sink = [] {
    auto* s = new RecordingSink();
    generate_demo_dataset({.rows = kRows, .seed = 42}, *s);
    return s;
  }();
  return *sink;
}

bool is_empty_cell(const Json& fields, const std::string& name) {
  return !fields.contains(name) || fields.at(name).is_null() ||
         (fields.at(name).is_array() && fields.at(name).empty());
}

std::string plain_text(const Json& segments) {
  std::string text;
  for (const Json& s : segments) text += s.at("text").get<std::string>();
  return text;
}

const Json& record_by_id(const RecordedTable& table, const std::string& id) {
  for (const Json& r : table.records) {
    if (r.at("record_id") == id) return r;
  }
  throw std::runtime_error("no record " + id + " in " + table.name);
}

TEST(DemoDataset, SameSeedGivesIdenticalOutputAndAnotherSeedDiffers) {
  RecordingSink again;
  generate_demo_dataset({.rows = kRows, .seed = 42}, again);
  EXPECT_EQ(again.transcript, demo().transcript);

  RecordingSink other;
  generate_demo_dataset({.rows = kRows, .seed = 7}, other);
  ASSERT_EQ(other.transcript.size(), demo().transcript.size());
  EXPECT_NE(other.transcript, demo().transcript);
  // Structure (tokens, table and field ids) is seed-independent; contents are not.
  EXPECT_EQ(other.bases, demo().bases);
  EXPECT_NE(other.table_named("Sales", "orders").records[0],
            demo().table_named("Sales", "orders").records[0]);
}

TEST(DemoDataset, RowCountsFollowRows) {
  EXPECT_EQ(demo().table_named("Sales", "orders").records.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(demo().table_named("Sales", "customers").records.size(),
            static_cast<size_t>(kRows / 10));
  EXPECT_EQ(demo().table_named("Sales", "products").records.size(), 200u);

  RecordingSink small;
  generate_demo_dataset({.rows = 7, .seed = 1}, small);
  EXPECT_EQ(small.table_named("Sales", "orders").records.size(), 7u);
  EXPECT_EQ(small.table_named("Sales", "customers").records.size(), 50u);
}

TEST(DemoDataset, BasesAndIdsLookLikeLark) {
  std::set<std::string> names;
  for (const auto& [token, name] : demo().bases) {
    EXPECT_EQ(token.rfind("bascn" + name, 0), 0u) << token;
    names.insert(name);
  }
  EXPECT_EQ(names, (std::set<std::string>{"Sales", "Marketing", "Inventory", "Catalog"}));
  for (const RecordedTable& t : demo().tables) {
    EXPECT_EQ(t.table_id.rfind("tbl", 0), 0u);
    std::set<std::string> record_ids;
    for (const Json& r : t.records) {
      const std::string id = r.at("record_id");
      EXPECT_EQ(id.rfind("rec", 0), 0u);
      EXPECT_TRUE(record_ids.insert(id).second) << "duplicate record id " << id << " in " << t.name;
    }
  }
  std::map<std::string, std::set<std::string>> field_ids_per_base;
  for (const RecordedTable& t : demo().tables) {
    for (const Json& f : t.fields) {
      const std::string id = f.at("field_id");
      EXPECT_EQ(id.rfind("fld", 0), 0u);
      EXPECT_TRUE(field_ids_per_base[t.app_token].insert(id).second) << "duplicate field id " << id;
      if (f.at("property").is_object() && f.at("property").contains("options")) {
        for (const Json& option : f.at("property").at("options")) {
          EXPECT_EQ(option.at("id").get<std::string>().rfind("opt", 0), 0u);
          EXPECT_GE(option.at("color"), 0);
          EXPECT_LE(option.at("color"), 54);
        }
      }
    }
  }
}

TEST(DemoDataset, EveryUiTypeIsPresentInTheSalesBase) {
  std::set<std::string> present;
  for (const RecordedTable& t : demo().tables) {
    if (demo().bases.at(t.app_token) != "Sales") continue;
    for (const Json& f : t.fields) present.insert(f.at("ui_type"));
  }
  for (const std::string& ui_type : kAllUiTypes) EXPECT_TRUE(present.count(ui_type)) << ui_type;
}

TEST(DemoDataset, FieldObjectsHaveTheListFieldsShape) {
  for (const RecordedTable& t : demo().tables) {
    ASSERT_FALSE(t.fields.empty());
    EXPECT_TRUE(t.fields[0].at("is_primary").get<bool>()) << t.name;
    for (const Json& f : t.fields) {
      for (const char* key :
           {"field_id", "field_name", "type", "ui_type", "property", "is_primary", "is_hidden"}) {
        EXPECT_TRUE(f.contains(key)) << t.name << " " << f.dump();
      }
      const std::string ui_type = f.at("ui_type");
      const Json& p = f.at("property");
      if (ui_type == "Lookup") {
        const RecordedTable* target = demo().table_by_id(p.at("filter_info").at("target_table"));
        ASSERT_NE(target, nullptr) << f.dump();
        bool target_field_found = false;
        for (const Json& tf : target->fields)
          target_field_found |= tf.at("field_id") == p.at("target_field");
        EXPECT_TRUE(target_field_found) << f.dump();
      }
      if (ui_type == "Formula") {
        EXPECT_TRUE(p.contains("formatter"));
        EXPECT_TRUE(p.at("type").at("ui_type").is_string());
      }
      if (ui_type == "SingleLink" || ui_type == "DuplexLink") {
        EXPECT_NE(demo().table_by_id(p.at("table_id")), nullptr) << f.dump();
      }
      if (ui_type == "Rating") {
        EXPECT_TRUE(p.at("rating").contains("symbol"));
      }
      if (ui_type == "Currency") {
        EXPECT_TRUE(p.contains("currency_code"));
      }
      if (ui_type == "Progress") {
        EXPECT_EQ(p.at("max"), 1);
      }
    }
  }
}

// The shape checker itself must reject near-misses, or the next test proves nothing.
TEST(DemoDataset, ShapeCheckerRejectsWrongShapes) {
  const Json email = {
      {"field_name", "E"}, {"type", 1}, {"ui_type", "Email"}, {"property", nullptr}};
  EXPECT_EQ(shape_problem(email, R"([{"type":"url","text":"a@b.c","link":"mailto:a@b.c"}])"_json),
            "");
  EXPECT_NE(shape_problem(email, R"([{"type":"url","text":"a@b.c","link":"a@b.c"}])"_json), "");
  EXPECT_NE(shape_problem(email, R"("a@b.c")"_json), "");
  const Json formula = {{"field_name", "F"},
                        {"type", 20},
                        {"ui_type", "Formula"},
                        {"property", {{"type", {{"data_type", 2}, {"ui_type", "Number"}}}}}};
  EXPECT_EQ(shape_problem(formula, R"({"type":2,"value":[1.5]})"_json), "");
  EXPECT_NE(shape_problem(formula, R"({"type":1,"value":[{"type":"text","text":"x"}]})"_json), "");
  EXPECT_NE(shape_problem(formula, R"(1.5)"_json), "");
  const Json link = {
      {"field_name", "L"}, {"type", 18}, {"ui_type", "SingleLink"}, {"property", nullptr}};
  EXPECT_NE(shape_problem(link, R"(["recA"])"_json), "");
  const Json stage = {
      {"field_name", "S"}, {"type", 24}, {"ui_type", "Stage"}, {"property", nullptr}};
  EXPECT_NE(shape_problem(stage, R"("x")"_json), "");
}

TEST(DemoDataset, EveryValueHasTheSearchShapeOfItsField) {
  for (const RecordedTable& t : demo().tables) {
    std::map<std::string, const Json*> by_name;
    for (const Json& f : t.fields) by_name[f.at("field_name")] = &f;
    for (const Json& r : t.records) {
      EXPECT_TRUE(is_person(r.at("created_by")));
      EXPECT_TRUE(is_person(r.at("last_modified_by")));
      EXPECT_LE(r.at("created_time").get<int64_t>(), r.at("last_modified_time").get<int64_t>());
      for (const auto& [name, value] : r.at("fields").items()) {
        ASSERT_TRUE(by_name.count(name)) << "value for unknown field " << name << " in " << t.name;
        const std::string problem = shape_problem(*by_name.at(name), value);
        EXPECT_EQ(problem, "") << t.name << "." << name << " in " << r.at("record_id");
        if (!problem.empty()) return;  // one report is enough
      }
    }
  }
}

TEST(DemoDataset, EveryTypeHasEmptyCells) {
  std::map<std::string, size_t> empty_by_type;
  for (const RecordedTable& t : demo().tables) {
    if (demo().bases.at(t.app_token) != "Sales") continue;
    for (const Json& f : t.fields) {
      const std::string name = f.at("field_name");
      size_t& empty = empty_by_type[f.at("ui_type")];
      for (const Json& r : t.records) empty += is_empty_cell(r.at("fields"), name);
    }
  }
  // Lark fills created/modified time and user for every record.
  const std::set<std::string> always_filled = {"CreatedTime", "ModifiedTime", "CreatedUser",
                                               "ModifiedUser"};
  for (const std::string& ui_type : kAllUiTypes) {
    if (always_filled.count(ui_type)) {
      EXPECT_EQ(empty_by_type[ui_type], 0u) << ui_type;
    } else {
      EXPECT_GT(empty_by_type[ui_type], 0u) << ui_type;
    }
  }

  // A few list cells are an explicit [] rather than absent.
  size_t explicit_empty_lists = 0;
  for (const Json& r : demo().table_named("Sales", "orders").records) {
    for (const auto& [name, value] : r.at("fields").items()) {
      explicit_empty_lists += value.is_array() && value.empty();
    }
  }
  EXPECT_GT(explicit_empty_lists, 0u);
}

// Every lookup equals the target field's values on the linked records, in link order.
TEST(DemoDataset, LookupsMatchTheLinkedRecords) {
  size_t checked = 0;
  for (const RecordedTable& t : demo().tables) {
    for (const Json& lookup : t.fields) {
      if (lookup.at("ui_type") != "Lookup") continue;
      const Json& p = lookup.at("property");
      const RecordedTable& target = *demo().table_by_id(p.at("filter_info").at("target_table"));
      std::string target_name;
      for (const Json& tf : target.fields) {
        if (tf.at("field_id") == p.at("target_field")) target_name = tf.at("field_name");
      }
      std::string link_name;
      for (const Json& f : t.fields) {
        if ((f.at("ui_type") == "SingleLink" || f.at("ui_type") == "DuplexLink") &&
            f.at("property").at("table_id") == target.table_id) {
          link_name = f.at("field_name");
        }
      }
      ASSERT_FALSE(link_name.empty()) << lookup.dump();
      for (const Json& r : t.records) {
        const Json& fields = r.at("fields");
        Json expected = Json::array();
        if (fields.contains(link_name)) {
          for (const Json& id : fields.at(link_name).at("link_record_ids")) {
            const Json& linked = record_by_id(target, id).at("fields");
            if (!linked.contains(target_name)) continue;
            const Json& v = linked.at(target_name);
            if (v.is_object() && v.contains("value")) {
              for (const Json& item : v.at("value")) expected.push_back(item);
            } else if (v.is_array()) {
              for (const Json& item : v) expected.push_back(item);
            } else {
              expected.push_back(v);
            }
          }
        }
        const std::string name = lookup.at("field_name");
        if (expected.empty()) {
          EXPECT_FALSE(fields.contains(name)) << t.name << "." << name << " " << r.at("record_id");
        } else {
          ASSERT_TRUE(fields.contains(name)) << t.name << "." << name << " " << r.at("record_id");
          EXPECT_EQ(fields.at(name).at("value"), expected) << t.name << "." << name;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, static_cast<size_t>(kRows));
}

TEST(DemoDataset, DuplexLinksAreSymmetric) {
  const RecordedTable& orders = demo().table_named("Sales", "orders");
  const RecordedTable& products = demo().table_named("Sales", "products");
  std::set<std::pair<std::string, std::string>> forward, backward;
  for (const Json& r : orders.records) {
    if (!r.at("fields").contains("Products")) continue;
    for (const Json& id : r.at("fields").at("Products").at("link_record_ids")) {
      forward.emplace(r.at("record_id").get<std::string>(), id.get<std::string>());
    }
  }
  for (const Json& r : products.records) {
    if (!r.at("fields").contains("Orders")) continue;
    for (const Json& id : r.at("fields").at("Orders").at("link_record_ids")) {
      backward.emplace(id.get<std::string>(), r.at("record_id").get<std::string>());
    }
  }
  EXPECT_GT(forward.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(forward, backward);
}

TEST(DemoDataset, FormulasAgreeWithTheirInputs) {
  size_t checked = 0;
  for (const Json& r : demo().table_named("Sales", "orders").records) {
    const Json& f = r.at("fields");
    if (f.contains("Amount")) {
      const double amount = f.at("Amount");
      EXPECT_NEAR(f.at("Total With Tax").at("value")[0].get<double>(), amount * 1.13, 0.006);
      EXPECT_EQ(f.at("Is Large Order").at("value")[0].get<bool>(), amount >= 1000);
      ++checked;
    } else {
      EXPECT_FALSE(f.contains("Total With Tax"));
    }
    if (f.contains("Order Date")) {
      EXPECT_EQ(f.at("Due Date").at("value")[0].get<int64_t>(),
                f.at("Order Date").get<int64_t>() + 30LL * 86'400'000);
    }
    if (f.contains("Order Label") && f.contains("Order No")) {
      EXPECT_EQ(
          plain_text(f.at("Order Label").at("value")).rfind(f.at("Order No").get<std::string>(), 0),
          0u);
    }
    if (f.contains("Created")) {
      EXPECT_EQ(f.at("Created"), r.at("created_time"));
    }
    if (f.contains("Modified By")) {
      EXPECT_EQ(f.at("Modified By")[0], r.at("last_modified_by"));
    }
  }
  EXPECT_GT(checked, static_cast<size_t>(kRows / 2));
}

TEST(DemoDataset, EdgeCasesAreCovered) {
  const RecordedTable& orders = demo().table_named("Sales", "orders");
  EXPECT_NE(orders.field("order-date"), nullptr);  // sanitises like "Order Date"
  EXPECT_NE(orders.field("Order Date"), nullptr);
  EXPECT_NE(orders.field("备注"), nullptr);
  ASSERT_NE(orders.field("$reserved_split_key"), nullptr);
  EXPECT_EQ(orders.field("$reserved_split_key")->at("ui_type"), "Number");

  std::set<int64_t> split_keys;
  bool pre_1970 = false, epoch = false, mention = false, url = false, multi_line = false,
       long_text = false, non_ascii = false;
  for (const Json& r : orders.records) {
    const Json& f = r.at("fields");
    split_keys.insert(f.at("$reserved_split_key").get<int64_t>());
    if (f.contains("Order Date")) {
      pre_1970 |= f.at("Order Date").get<int64_t>() < 0;
      epoch |= f.at("Order Date").get<int64_t>() == 0;
    }
    if (!f.contains("Notes")) continue;
    for (const Json& s : f.at("Notes")) {
      mention |= s.at("type") == "mention";
      url |= s.at("type") == "url";
    }
    const std::string text = plain_text(f.at("Notes"));
    multi_line |= text.find('\n') != std::string::npos;
    long_text |= text.size() > 10'000;
    for (unsigned char c : text) non_ascii |= c >= 0x80;
  }
  EXPECT_EQ(split_keys.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(*split_keys.begin(), 1);
  EXPECT_EQ(*split_keys.rbegin(), kRows);
  EXPECT_TRUE(pre_1970);
  EXPECT_TRUE(epoch);
  EXPECT_TRUE(mention);
  EXPECT_TRUE(url);
  EXPECT_TRUE(multi_line);
  EXPECT_TRUE(long_text);
  EXPECT_TRUE(non_ascii);

  bool founded_before_1970 = false;
  for (const Json& r : demo().table_named("Sales", "customers").records) {
    if (r.at("fields").contains("Founded")) founded_before_1970 |= r.at("fields").at("Founded") < 0;
  }
  EXPECT_TRUE(founded_before_1970);
}

TEST(DemoDataset, ControlTableRowsPointAtExistingBases) {
  const RecordingSink& sink = demo();
  ASSERT_TRUE(sink.bases.count(sink.control_app));
  const RecordedTable& control =
      const_cast<RecordingSink&>(sink).table(sink.control_app, sink.control_table);
  for (const char* column : {"id", "name", "whitelist_tables", "blacklist_tables"}) {
    ASSERT_NE(control.field(column), nullptr) << column;
    EXPECT_EQ(control.field(column)->at("ui_type"), "Text");
  }
  std::set<std::string> schemas;
  size_t with_blacklist = 0;
  for (const Json& r : control.records) {
    const Json& f = r.at("fields");
    const std::string token = plain_text(f.at("id"));
    ASSERT_TRUE(sink.bases.count(token)) << token;
    EXPECT_NE(token, sink.control_app);
    EXPECT_TRUE(schemas.insert(plain_text(f.at("name"))).second);
    if (f.contains("blacklist_tables")) {
      ++with_blacklist;
      const RecordedTable* listed = sink.table_by_id(plain_text(f.at("blacklist_tables")));
      ASSERT_NE(listed, nullptr);
      EXPECT_EQ(listed->app_token, token);
    }
  }
  EXPECT_EQ(schemas, (std::set<std::string>{"sales", "marketing", "inventory"}));
  EXPECT_EQ(with_blacklist, 1u);
}

TEST(DemoDataset, DriveFilesReferenceExistingBases) {
  const RecordingSink& sink = demo();
  ASSERT_EQ(sink.drive_folder.rfind("fldcn", 0), 0u);
  ASSERT_TRUE(sink.drive.count(sink.drive_folder));
  std::map<std::string, size_t> types;
  for (const Json& file : sink.drive.at(sink.drive_folder)) {
    const std::string type = file.at("type");
    ++types[type];
    EXPECT_EQ(file.at("parent_token"), sink.drive_folder);
    for (const char* key : {"created_time", "modified_time"}) {
      const std::string seconds = file.at(key);
      EXPECT_EQ(seconds.find_first_not_of("0123456789"), std::string::npos) << seconds;
      EXPECT_EQ(seconds.size(), 10u);
    }
    if (type == "bitable") {
      const std::string token = file.at("token");
      ASSERT_TRUE(sink.bases.count(token));
      EXPECT_EQ(file.at("url"), "https://example.feishu.cn/base/" + token);
      EXPECT_EQ(file.at("name"), sink.bases.at(token));
    }
    if (type == "shortcut") {
      EXPECT_EQ(file.at("shortcut_info").at("target_type"), "bitable");
      EXPECT_TRUE(sink.bases.count(file.at("shortcut_info").at("target_token")));
    }
    if (type == "folder") {
      EXPECT_TRUE(sink.drive.count(file.at("token")));
    }
  }
  EXPECT_EQ(types["bitable"], 3u);
  for (const char* type : {"docx", "sheet", "folder", "shortcut"})
    EXPECT_EQ(types[type], 1u) << type;
}

}  // namespace
}  // namespace larkbase::emulator::demo::testing
