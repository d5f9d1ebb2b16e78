// Golden tests of the page normaliser: composed records/search responses against the
// values types.md prescribes, written out by hand.
#include "types/page_normaliser.hpp"

#include <gtest/gtest.h>

#include "batch_reader.hpp"
#include "common/error.hpp"
#include "test_fields.hpp"

namespace larkbase::types {
namespace {

using namespace test;
using S = std::optional<std::string>;
using D = std::optional<double>;
using I = std::optional<int64_t>;
using B = std::optional<bool>;
using StrList = std::optional<std::vector<std::optional<std::string>>>;

std::string main_fields_json() {
  auto lookup = [](const std::string& id, const std::string& name, const std::string& table,
                   const std::string& target) {
    return field_json(id, name, 19, "Lookup", lookup_property(table, target));
  };
  return "[" + test::every_kind_field_items() + "," + field_json("fldSig", "Sig", 99, "Signature") +
         "," + lookup("fldL1", "L Text", "tblB", "fldBText") + "," +
         lookup("fldL2", "L Num", "tblB", "fldBNum") + "," +
         lookup("fldL3", "L Rate", "tblB", "fldBRate") + "," +
         lookup("fldL4", "L Date", "tblB", "fldBDate") + "," +
         lookup("fldL5", "L Chk", "tblB", "fldBChk") + "," +
         lookup("fldL6", "L Chain", "tblB", "fldBLook") + "," +
         lookup("fldL7", "L Cycle", "tblB", "fldCyc") + "," +
         lookup("fldL8", "L User", "tblB", "fldBUser") + "," +
         lookup("fldL9", "L Chat", "tblB", "fldBChat") + "," +
         field_json("fldKey", "$reserved_split_key", 2, "Number") + "]";
}

TableSchema main_schema() {
  InMemoryFieldLists lists;
  lists.add(
      "bascnApp", "tblB",
      fields_from(
          "[" + field_json("fldBText", "Name", 1, "Text") + "," +
          field_json("fldBNum", "Qty", 2, "Number") + "," +
          field_json("fldBRate", "Stars", 2, "Rating") + "," +
          field_json("fldBDate", "When", 5, "DateTime") + "," +
          field_json("fldBChk", "Ok", 7, "Checkbox") + "," +
          field_json("fldBUser", "Who", 11, "User") + "," +
          field_json("fldBChat", "Room", 23, "GroupChat") + "," +
          field_json("fldBLook", "Deep", 19, "Lookup", lookup_property("tblC", "fldCNum")) + "," +
          field_json("fldCyc", "Cyc", 19, "Lookup", lookup_property("tblB", "fldCyc")) + "]"));
  lists.add("bascnApp", "tblC",
            fields_from("[" + field_json("fldCNum", "Cost", 2, "Number") + "]"));
  LookupResolver resolver(lists);
  return build_table_schema("bascnApp", "tblMain", fields_from(main_fields_json()), resolver);
}

std::string response(const std::string& items, const std::string& extra = R"("has_more":false)") {
  return R"({"code":0,"msg":"success","data":{)" + extra + R"(,"items":[)" + items + "]}}";
}

class NormaliserTest : public ::testing::Test {
 protected:
  NormaliserTest() : schema_(main_schema()) {}

  // Lenient, so the cell rules below can show which values become NULL; the
  // default (strict) is tested on its own.
  NormalisedPage run(const std::string& items) {
    return normalise_search_page(response(items), schema_, Projection::all(schema_),
                                 PageContext{"bascnApp", "tblMain", true});
  }
  static std::string record(const std::string& id, const std::string& fields,
                            const std::string& extra = "") {
    return R"({"record_id":")" + id + R"(","fields":{)" + fields + "}" + extra + "}";
  }

  TableSchema schema_;
};

TEST_F(NormaliserTest, TextConcatenatesEverySegmentIncludingMentionsAndLinks) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("Title":[{"type":"text","text":"Fix login "},{"type":"mention","text":"@Ann","token":"ou_0a1b2c","mentionType":"User","mentionNotify":false,"name":"Ann"},{"type":"url","text":" spec","link":"https://example.com/spec"}])json") +
      "," +
      record("r2",
             R"json("Title":[{"type":"text","text":"第一行\n第二行 caf\u00e9 \"q\" ✓"}])json") +
      "," + record("r3", R"json("Title":[])json") + "," + record("r4", "") + "," +
      record("r5", R"json("Title":null)json") + "," + record("r6", R"json("Title":"plain")json"));
  const auto& title = column(page, "title");
  ASSERT_EQ(page.batch.num_rows, 6);
  EXPECT_EQ(str(title, 0), S("Fix login @Ann spec"));
  EXPECT_EQ(str(title, 1), S("第一行\n第二行 café \"q\" ✓"));
  EXPECT_EQ(str(title, 2), std::nullopt);  // empty segment list
  EXPECT_EQ(str(title, 3), std::nullopt);  // absent
  EXPECT_EQ(str(title, 4), std::nullopt);  // JSON null
  EXPECT_EQ(str(title, 5), S("plain"));
  EXPECT_EQ(page.warnings, 0);
}

TEST_F(NormaliserTest, EmailBarcodeAndPhone) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("Email":[{"type":"url","text":"a@b.c","link":"mailto:a@b.c"}],"Code":[{"type":"text","text":"690123"}],"Phone":"+8613800000000")json") +
      "," +
      record("r2",
             R"json("Email":[{"type":"url","link":"mailto:x@y.z"}],"Phone":13800000000)json"));
  EXPECT_EQ(str(column(page, "email"), 0), S("a@b.c"));
  EXPECT_EQ(str(column(page, "email"), 1), S("x@y.z"));
  EXPECT_EQ(str(column(page, "code"), 0), S("690123"));
  EXPECT_EQ(str(column(page, "code"), 1), std::nullopt);
  EXPECT_EQ(str(column(page, "phone"), 0), S("+8613800000000"));
  EXPECT_EQ(str(column(page, "phone"), 1), S("13800000000"));
}

TEST_F(NormaliserTest, NumbersAreNullWhenAbsentOrUnconvertibleNeverZero) {
  NormalisedPage page =
      run(record("r1", R"json("Amount":1250.5,"Done %":0.66,"Price":99.99,"Stars":4)json") + "," +
          record("r2", R"json("Amount":-3,"Stars":4.0)json") + "," + record("r3", "") + "," +
          record("r4", R"json("Amount":"12","Stars":4.5,"Price":true)json"));
  ASSERT_EQ(page.batch.num_rows, 4);  // the bad row is kept
  const auto& amount = column(page, "amount");
  EXPECT_EQ(f64(amount, 0), D(1250.5));
  EXPECT_EQ(f64(amount, 1), D(-3.0));
  EXPECT_EQ(f64(amount, 2), std::nullopt);
  EXPECT_EQ(f64(amount, 3), std::nullopt);
  EXPECT_EQ(f64(column(page, "done_"), 0), D(0.66));
  EXPECT_EQ(f64(column(page, "price"), 0), D(99.99));
  EXPECT_EQ(f64(column(page, "price"), 3), std::nullopt);
  const auto& stars = column(page, "stars");
  EXPECT_EQ(i32(stars, 0), std::optional<int32_t>(4));
  EXPECT_EQ(i32(stars, 1), std::optional<int32_t>(4));
  EXPECT_EQ(i32(stars, 2), std::nullopt);
  EXPECT_EQ(i32(stars, 3), std::nullopt);
  EXPECT_EQ(page.warnings, 3);
  EXPECT_NE(page.first_warning.find("amount"), std::string::npos) << page.first_warning;
}

TEST_F(NormaliserTest, DatesAreEpochMillisIncludingBefore1970) {
  NormalisedPage page =
      run(record("r1", R"json("Due":1702339200000)json") + "," +
          record("r2", R"json("Due":-315619200000)json") + "," +
          record("r3", R"json("Due":1702339200000.7)json") + "," +
          record("r4", R"json("Due":-1.5)json") + "," +
          record("r5", R"json("Due":"2024-01-01")json") + "," + record("r6", R"json("Due":0)json"));
  const auto& due = column(page, "due");
  EXPECT_EQ(i64(due, 0), I(1702339200000));
  EXPECT_EQ(i64(due, 1), I(-315619200000));  // 1960-01-01
  EXPECT_EQ(i64(due, 2), I(1702339200000));  // a fraction is floored
  EXPECT_EQ(i64(due, 3), I(-2));             // floored toward the past
  EXPECT_EQ(i64(due, 4), std::nullopt);
  EXPECT_EQ(i64(due, 5), I(0));  // the epoch is a date, not an empty cell
  EXPECT_EQ(page.warnings, 1);
}

TEST_F(NormaliserTest, AutomaticFieldsFillAbsentCreatedAndModifiedColumns) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("Created":1700000000000,"Creator":[{"id":"ou_1","name":"Ann","en_name":"Ann","email":"ann@x.io"}])json",
          R"json(,"created_time":1600000000000,"created_by":{"id":"ou_9","name":"Zed"},"last_modified_time":1700000000001,"last_modified_by":{"id":"ou_8","name":"Yan","email":"y@x.io"})json") +
      "," + record("r2", "") + "," +
      record("r3", R"json("Modifier":{"id":"ou_3","name":"Cy","email":""})json") + "," +
      R"json({"record_id":"r4","created_time":5,"fields":{}})json");
  const auto& created = column(page, "created");
  const auto& modified = column(page, "modified");
  const auto& creator = column(page, "creator");
  const auto& modifier = column(page, "modifier");
  EXPECT_EQ(i64(created, 0), I(1700000000000));   // the cell wins
  EXPECT_EQ(i64(modified, 0), I(1700000000001));  // from last_modified_time
  EXPECT_EQ(str(member(creator, 0), 0), S("ou_1"));
  EXPECT_EQ(str(member(creator, 2), 0), S("ann@x.io"));
  EXPECT_EQ(str(member(modifier, 0), 0), S("ou_8"));
  EXPECT_EQ(str(member(modifier, 1), 0), S("Yan"));
  EXPECT_EQ(str(member(modifier, 2), 0), S("y@x.io"));
  EXPECT_TRUE(creator.is_null(1));
  EXPECT_TRUE(modifier.is_null(1));
  EXPECT_EQ(i64(created, 1), std::nullopt);
  EXPECT_FALSE(modifier.is_null(2));
  EXPECT_EQ(str(member(modifier, 1), 2), S("Cy"));
  EXPECT_EQ(str(member(modifier, 2), 2), S(""));  // an empty email stays empty
  EXPECT_EQ(i64(created, 3), I(5));               // automatic field before `fields`
}

TEST_F(NormaliserTest, CheckboxAbsentIsFalseButABadValueIsNull) {
  NormalisedPage page =
      run(record("r1", R"json("Done":true)json") + "," + record("r2", R"json("Done":false)json") +
          "," + record("r3", "") + "," + record("r4", R"json("Done":null)json") + "," +
          record("r5", R"json("Done":"true")json"));
  const auto& done = column(page, "done");
  EXPECT_EQ(boolean(done, 0), B(true));
  EXPECT_EQ(boolean(done, 1), B(false));
  EXPECT_EQ(boolean(done, 2), B(false));
  EXPECT_EQ(boolean(done, 3), B(false));
  EXPECT_EQ(boolean(done, 4), std::nullopt);
  EXPECT_EQ(page.warnings, 1);
}

TEST_F(NormaliserTest, SelectsAndEmptyListsAndBadItems) {
  NormalisedPage page =
      run(record("r1", R"json("Status":"Open","Tags":["backend","p1"])json") + "," +
          record("r2", R"json("Tags":[])json") + "," +
          record("r3", R"json("Tags":["a",5,{"x":[1,{"y":2}]},"b"],"Amount":7)json") + "," +
          record("r4", R"json("Tags":"solo")json"));
  EXPECT_EQ(str(column(page, "status"), 0), S("Open"));
  EXPECT_EQ(str(column(page, "status"), 1), std::nullopt);
  const auto& tags = column(page, "tags");
  EXPECT_EQ(str_list(tags, 0), StrList({S("backend"), S("p1")}));
  EXPECT_EQ(str_list(tags, 1), std::nullopt);
  EXPECT_EQ(str_list(tags, 2), StrList({S("a"), std::nullopt, std::nullopt, S("b")}));
  EXPECT_EQ(f64(column(page, "amount"), 2), D(7.0));  // the rest of the record still reads
  EXPECT_EQ(str_list(tags, 3), std::nullopt);
  EXPECT_EQ(page.warnings, 3);
}

TEST_F(NormaliserTest, PeopleAndGroupChats) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("Owner":[{"id":"ou_1","name":"Ann","en_name":"Ann","email":"ann@example.com","avatar_url":"https://a"},{"id":"ou_2","name":"Bo"}],"Chat":[{"id":"oc_1","name":"A","avatar_url":"u"},{"id":"oc_2","name":"B"}])json") +
      "," + record("r2", R"json("Owner":[],"Chat":[],"Creator":[])json") + "," +
      record("r3", R"json("Chat":[{"name":"no id"}])json"));
  const auto& owner = column(page, "owner");
  auto range = items(owner, 0);
  ASSERT_TRUE(range);
  ASSERT_EQ(range->size(), 2u);
  const auto& people = *owner.children[0];
  EXPECT_EQ(str(member(people, 0), (*range)[0]), S("ou_1"));
  EXPECT_EQ(str(member(people, 1), (*range)[0]), S("Ann"));
  EXPECT_EQ(str(member(people, 2), (*range)[0]), S("ann@example.com"));
  EXPECT_EQ(str(member(people, 0), (*range)[1]), S("ou_2"));
  EXPECT_EQ(str(member(people, 2), (*range)[1]), std::nullopt);
  EXPECT_EQ(items(owner, 1), std::nullopt);
  EXPECT_TRUE(column(page, "creator").is_null(1));
  const auto& chat = column(page, "chat");
  EXPECT_EQ(str(chat, 0), S("oc_1,oc_2"));
  EXPECT_EQ(str(chat, 1), std::nullopt);
  EXPECT_EQ(str(chat, 2), std::nullopt);
  EXPECT_EQ(page.warnings, 1);
}

TEST_F(NormaliserTest, UrlAttachmentsAndLinks) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("Link":{"text":"spec","link":"https://example.com/spec"},"Files":[{"file_token":"box1","name":"a.png","size":2048,"type":"image/png","url":"https://u","tmp_url":"https://t"},{"file_token":"box2","name":"b.pdf","size":1,"type":"application/pdf","url":"https://u2"}],"Parent":{"link_record_ids":["recA","recB"]},"Related":{"link_record_ids":["recC"]})json") +
      "," +
      record("r2", R"json("Link":"https://x","Files":[],"Parent":{"link_record_ids":[]})json") +
      "," +
      record(
          "r3",
          R"json("Link":{"link":"https://only"},"Files":[{"file_token":"box3","name":"c","size":"big"}],"Parent":["recD"])json"));
  const auto& link = column(page, "link");
  EXPECT_EQ(str(member(link, 0), 0), S("spec"));
  EXPECT_EQ(str(member(link, 1), 0), S("https://example.com/spec"));
  EXPECT_TRUE(link.is_null(1));
  EXPECT_FALSE(link.is_null(2));
  EXPECT_EQ(str(member(link, 0), 2), std::nullopt);
  EXPECT_EQ(str(member(link, 1), 2), S("https://only"));

  const auto& files = column(page, "files");
  const auto& file = *files.children[0];
  auto first = items(files, 0);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  int64_t a = (*first)[0], b = (*first)[1];
  EXPECT_EQ(str(member(file, 0), a), S("a.png"));
  EXPECT_EQ(str(member(file, 1), a), S("https://u"));
  EXPECT_EQ(i64(member(file, 2), a), I(2048));
  EXPECT_EQ(str(member(file, 3), a), S("image/png"));
  EXPECT_EQ(str(member(file, 4), a), S("box1"));
  EXPECT_EQ(str(member(file, 4), b), S("box2"));
  EXPECT_EQ(i64(member(file, 2), b), I(1));
  EXPECT_EQ(items(files, 1), std::nullopt);
  auto third = items(files, 2);
  ASSERT_TRUE(third);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ(str(member(file, 4), (*third)[0]), S("box3"));
  EXPECT_EQ(i64(member(file, 2), (*third)[0]), std::nullopt);
  EXPECT_EQ(str(member(file, 1), (*third)[0]), std::nullopt);

  const auto& parent = column(page, "parent");
  const auto& linked = *parent.children[0];
  auto ids = items(parent, 0);
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ(str(member(linked, 0), (*ids)[0]), S("recA"));
  EXPECT_EQ(str(member(linked, 0), (*ids)[1]), S("recB"));
  EXPECT_EQ(str(member(linked, 1), (*ids)[0]), std::nullopt);  // no display text
  EXPECT_EQ(items(parent, 1), std::nullopt);
  auto array_form = items(parent, 2);
  ASSERT_TRUE(array_form);
  EXPECT_EQ(str(member(linked, 0), (*array_form)[0]), S("recD"));
  const auto& related = column(page, "related");
  EXPECT_EQ(str(member(*related.children[0], 0), items(related, 0)->at(0)), S("recC"));
  EXPECT_EQ(page.warnings, 2);  // the url string and the attachment size
}

TEST_F(NormaliserTest, LocationSplitsLongitudeFirst) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("Where":{"location":"116.39,39.90","pname":"P","cityname":"C","adname":"D","address":"A","name":"N","full_address":"N, P C D A"})json") +
      "," + record("r2", R"json("Where":{"location":"106.82,-6.17","name":"HQ"})json") + "," +
      record("r3", R"json("Where":{"location":"garbage","name":"X"})json"));
  const auto& where = column(page, "where");
  EXPECT_EQ(str(member(where, 0), 0), S("116.39,39.90"));
  EXPECT_EQ(f64(member(where, 1), 0), D(39.90));   // latitude
  EXPECT_EQ(f64(member(where, 2), 0), D(116.39));  // longitude
  EXPECT_EQ(str(member(where, 3), 0), S("A"));
  EXPECT_EQ(str(member(where, 4), 0), S("N, P C D A"));
  EXPECT_EQ(str(member(where, 5), 0), S("N"));
  EXPECT_EQ(str(member(where, 6), 0), S("P"));
  EXPECT_EQ(str(member(where, 7), 0), S("C"));
  EXPECT_EQ(str(member(where, 8), 0), S("D"));
  EXPECT_EQ(f64(member(where, 1), 1), D(-6.17));
  EXPECT_EQ(f64(member(where, 2), 1), D(106.82));
  EXPECT_EQ(str(member(where, 3), 1), std::nullopt);
  EXPECT_EQ(str(member(where, 0), 2), S("garbage"));
  EXPECT_EQ(f64(member(where, 1), 2), std::nullopt);
  EXPECT_EQ(f64(member(where, 2), 2), std::nullopt);
  EXPECT_EQ(page.warnings, 1);
}

TEST_F(NormaliserTest, AutoNumberIsTheStringAsReturned) {
  NormalisedPage page = run(record("r1", R"json("Ticket":"17")json") + "," +
                            record("r2", R"json("Ticket":"WO-20240226-0001")json") + "," +
                            record("r3", R"json("Ticket":17)json"));
  EXPECT_EQ(str(column(page, "ticket"), 0), S("17"));
  EXPECT_EQ(str(column(page, "ticket"), 1), S("WO-20240226-0001"));
  EXPECT_EQ(str(column(page, "ticket"), 2), S("17"));
}

TEST_F(NormaliserTest, FormulaRendersItemsAsText) {
  const std::vector<std::pair<std::string, S>> cases{
      {R"json({"type":2,"value":[12]})json", S("12")},
      {R"json({"type":2,"value":[12.0]})json", S("12")},
      {R"json({"type":2,"value":[0.1]})json", S("0.1")},
      {R"json({"type":2,"value":[1.5,2]})json", S("1.5,2")},
      {R"json({"type":2,"value":[-0.5,1e21]})json", S("-0.5,1e+21")},
      {R"json({"type":1,"value":[{"type":"text","text":"OK"}]})json", S("OK")},
      {R"json({"type":1,"value":[{"type":"text","text":"a"},{"type":"mention","text":"@B"}]})json",
       S("a@B")},
      {R"json({"type":1,"value":["x","y"]})json", S("x,y")},
      {R"json({"type":7,"value":[true,false]})json", S("true,false")},
      {R"json({"type":5,"value":[1702339200000]})json", S("1702339200000")},
      {R"json({"type":11,"value":[{"id":"ou_1","name":"Ann"}]})json", S("Ann")},
      {R"json({"type":17,"value":[{"file_token":"b","size":3}]})json",
       S(R"({"file_token":"b","size":3})")},
      {R"json({"type":2,"ui_type":"Number","value":[3]})json", S("3")},
      {R"json({"type":2,"value":[]})json", std::nullopt},
  };
  std::string items;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (i > 0) items += ",";
    items += record("r" + std::to_string(i), R"("Total":)" + cases[i].first);
  }
  NormalisedPage page = run(items);
  const auto& total = column(page, "total");
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(str(total, int64_t(i)), cases[i].second) << cases[i].first;
  }
  EXPECT_EQ(page.warnings, 0);
}

TEST_F(NormaliserTest, LookupsConvertItemsByTheirTargetRule) {
  NormalisedPage page = run(
      record(
          "r1",
          R"json("L Text":{"type":1,"value":[{"type":"text","text":"A"},{"type":"text","text":"B"}]},"L Num":{"type":2,"value":[1.5,2]},"L Rate":{"type":2,"value":[3]},"L Date":{"type":5,"value":[-86400000,1702339200000]},"L Chk":{"type":7,"value":[true,false]},"L Chain":{"type":2,"value":[7]},"L Cycle":{"type":1,"value":[{"type":"text","text":"loop"},5]},"L User":{"type":11,"value":[{"id":"ou_1","name":"Ann"}]},"L Chat":{"type":23,"value":[{"id":"oc_1","name":"Room"}]})json") +
      "," +
      record("r2",
             R"json("L Num":{"type":2,"value":[]},"L Text":{"type":1,"value":["plain"]})json") +
      "," +
      record("r3",
             R"json("L Num":{"type":2,"value":["x",4]},"L Rate":{"type":2,"value":[2.5]})json"));
  EXPECT_EQ(str_list(column(page, "l_text"), 0), StrList({S("A"), S("B")}));
  EXPECT_EQ(str_list(column(page, "l_text"), 1), StrList({S("plain")}));
  const auto& num = column(page, "l_num");
  auto nums = items(num, 0);
  ASSERT_TRUE(nums);
  ASSERT_EQ(nums->size(), 2u);
  EXPECT_EQ(f64(*num.children[0], (*nums)[0]), D(1.5));
  EXPECT_EQ(f64(*num.children[0], (*nums)[1]), D(2.0));
  EXPECT_EQ(items(num, 1), std::nullopt);
  auto bad = items(num, 2);
  ASSERT_TRUE(bad);
  ASSERT_EQ(bad->size(), 2u);
  EXPECT_EQ(f64(*num.children[0], (*bad)[0]), std::nullopt);
  EXPECT_EQ(f64(*num.children[0], (*bad)[1]), D(4.0));

  const auto& rate = column(page, "l_rate");
  EXPECT_EQ(i32(*rate.children[0], items(rate, 0)->at(0)), std::optional<int32_t>(3));
  EXPECT_EQ(i32(*rate.children[0], items(rate, 2)->at(0)), std::nullopt);
  const auto& date = column(page, "l_date");
  EXPECT_EQ(i64(*date.children[0], items(date, 0)->at(0)), I(-86400000));
  EXPECT_EQ(i64(*date.children[0], items(date, 0)->at(1)), I(1702339200000));
  const auto& chk = column(page, "l_chk");
  EXPECT_EQ(boolean(*chk.children[0], items(chk, 0)->at(0)), B(true));
  EXPECT_EQ(boolean(*chk.children[0], items(chk, 0)->at(1)), B(false));
  const auto& chain = column(page, "l_chain");
  EXPECT_EQ(f64(*chain.children[0], items(chain, 0)->at(0)), D(7.0));
  EXPECT_EQ(str_list(column(page, "l_cycle"), 0), StrList({S("loop"), S("5")}));
  EXPECT_EQ(str_list(column(page, "l_user"), 0), StrList({S("Ann")}));
  EXPECT_EQ(str_list(column(page, "l_chat"), 0), StrList({S("oc_1")}));
  EXPECT_EQ(page.warnings, 2);
}

TEST_F(NormaliserTest, UnknownTypesKeepTheRawJsonOfTheCell) {
  NormalisedPage page =
      run(record("r1", R"json("Sig": {"any":[1,2], "s":"x"} , "Amount":1)json") + "," +
          record("r2", R"json("Sig":5)json") + "," + record("r3", R"json("Sig":"x\n")json") + "," +
          record("r4", R"json("Sig":[true, null]
)json"));
  const auto& sig = column(page, "sig");
  EXPECT_EQ(str(sig, 0), S(R"({"any":[1,2], "s":"x"})"));
  EXPECT_EQ(f64(column(page, "amount"), 0), D(1.0));
  EXPECT_EQ(str(sig, 1), S("5"));
  EXPECT_EQ(str(sig, 2), S(R"("x\n")"));
  EXPECT_EQ(str(sig, 3), S("[true, null]"));
}

TEST_F(NormaliserTest, VeryLongTextIsKeptWhole) {
  std::string first(60000, 'x');
  std::string second(39997, 'y');
  NormalisedPage page = run(record("r1", R"("Title":[{"type":"text","text":")" + first +
                                             R"("},{"type":"text","text":")" + second + "末\"}]"));
  auto title = str(column(page, "title"), 0);
  ASSERT_TRUE(title);
  EXPECT_EQ(title->size(), 100000u);
  EXPECT_EQ(*title, first + second + "末");
}

TEST_F(NormaliserTest, ReservedColumnsAndRecordIds) {
  NormalisedPage page = run(record("recA", "") + "," + record("recB", R"("Amount":2)"));
  const auto& ids = column(page, "$reserved_record_id");
  EXPECT_EQ(str(ids, 0), S("recA"));
  EXPECT_EQ(str(ids, 1), S("recB"));
  EXPECT_EQ(str(column(page, "$reserved_table_id"), 1), S("tblMain"));
  EXPECT_EQ(str(column(page, "$reserved_base_id"), 1), S("bascnApp"));
  ASSERT_TRUE(page.record_ids);
  EXPECT_EQ(page.record_ids->length, 2);
  EXPECT_EQ(page.record_id(0), "recA");
  EXPECT_EQ(page.record_id(1), "recB");
}

TEST_F(NormaliserTest, SplitKeyColumnReadsIntegralNumbers) {
  NormalisedPage page = run(record("r1", R"("$reserved_split_key":12)") + "," +
                            record("r2", R"("$reserved_split_key":12.5)") + "," + record("r3", ""));
  const auto& key = column(page, "$reserved_split_key");
  EXPECT_EQ(i64(key, 0), I(12));
  EXPECT_EQ(i64(key, 1), std::nullopt);
  EXPECT_EQ(i64(key, 2), std::nullopt);
  EXPECT_EQ(page.warnings, 1);
  EXPECT_EQ(page.batch.schema->fields.back().name, "$reserved_split_key");
}

TEST(SplitKeyTest, AnAutoNumberSplitKeyNeedsAPurelyNumericValue) {
  InMemoryFieldLists lists;
  LookupResolver resolver(lists);
  TableSchema schema = build_table_schema(
      "bascnApp", "tblK",
      fields_from("[" + field_json("fldK", "$reserved_split_key", 1005, "AutoNumber") + "]"),
      resolver);
  NormalisedPage page =
      normalise_search_page(response(R"({"record_id":"a","fields":{"$reserved_split_key":"0042"}},)"
                                     R"({"record_id":"b","fields":{"$reserved_split_key":"WO-1"}},)"
                                     R"({"record_id":"c","fields":{"$reserved_split_key":"-5"}})"),
                            schema, Projection::all(schema), PageContext{"bascnApp", "tblK", true});
  const auto& key = column(page, "$reserved_split_key");
  EXPECT_EQ(i64(key, 0), I(42));
  EXPECT_EQ(i64(key, 1), std::nullopt);
  EXPECT_EQ(i64(key, 2), std::nullopt);
  EXPECT_EQ(page.warnings, 2);
}

TEST_F(NormaliserTest, ProjectionChoosesColumnsAndTheirOrder) {
  Projection projection = Projection::of(schema_, {"amount", "$reserved_record_id", "title"});
  NormalisedPage page = normalise_search_page(
      response(record(
          "r1",
          R"json("Title":[{"type":"text","text":"T"}],"Tags":"not projected, not checked","Amount":5)json")),
      schema_, projection, PageContext{"bascnApp", "tblMain"});
  ASSERT_EQ(page.batch.schema->fields.size(), 3u);
  EXPECT_EQ(page.batch.schema->fields[0].name, "amount");
  EXPECT_EQ(page.batch.schema->fields[1].name, "$reserved_record_id");
  EXPECT_EQ(page.batch.schema->fields[2].name, "title");
  ASSERT_EQ(page.batch.columns.size(), 3u);
  EXPECT_EQ(f64(*page.batch.columns[0], 0), D(5.0));
  EXPECT_EQ(str(*page.batch.columns[1], 0), S("r1"));
  EXPECT_EQ(str(*page.batch.columns[2], 0), S("T"));
  EXPECT_EQ(page.warnings, 0);  // Tags is skipped unread
  EXPECT_NO_THROW(page.batch.validate());
  EXPECT_THROW(Projection::of(schema_, {"nope"}), common::UserError);
}

TEST_F(NormaliserTest, AnEmptyProjectionStillCountsRows) {
  NormalisedPage page = normalise_search_page(response(record("r1", "") + "," + record("r2", "")),
                                              schema_, Projection{}, PageContext{"b", "t"});
  EXPECT_EQ(page.batch.num_rows, 2);
  EXPECT_TRUE(page.batch.columns.empty());
  EXPECT_EQ(page.record_id(1), "r2");
}

TEST(FieldKeyTest, EscapedKeysAreMatchedByTheirUnescapedName) {
  InMemoryFieldLists lists;
  LookupResolver resolver(lists);
  TableSchema schema = build_table_schema(
      "bascnApp", "tblE",
      fields_from(
          R"([{"field_id":"fld1","field_name":"Research & Dev","type":2,"ui_type":"Number"},)"
          R"({"field_id":"fld2","field_name":"名前","type":1,"ui_type":"Text"},)"
          R"({"field_id":"fld3","field_name":"Say \"hi\"","type":2,"ui_type":"Number"},)"
          R"({"field_id":"fld4","field_name":"Plain name longer than eight","type":2,"ui_type":"Number"}])"),
      resolver);
  // Keys as a JSON writer that escapes &, non-ASCII and quotes would send them.
  NormalisedPage page = normalise_search_page(
      response(R"({"record_id":"r1","fields":{"Research \u0026 Dev":1,"\u540d\u524d":"x",)"
               R"("Say \"hi\"":3,"Plain name longer than eight":4,"Plain name longer than eigh":5,)"
               R"("Unknown \u0026 skipped":[1,2]}})"),
      schema, Projection::all(schema), PageContext{"bascnApp", "tblE"});
  EXPECT_EQ(f64(*page.batch.columns[0], 0), D(1.0));
  EXPECT_EQ(str(*page.batch.columns[1], 0), S("x"));
  EXPECT_EQ(f64(*page.batch.columns[2], 0), D(3.0));
  EXPECT_EQ(f64(*page.batch.columns[3], 0), D(4.0));
  EXPECT_EQ(page.warnings, 0);
}

TEST_F(NormaliserTest, ARepeatedKeyKeepsTheFirstValue) {
  NormalisedPage page = run(record("r1", R"("Amount":1,"Amount":2)"));
  EXPECT_EQ(f64(column(page, "amount"), 0), D(1.0));
}

TEST_F(NormaliserTest, PaginationFields) {
  NormalisedPage page = normalise_search_page(
      response(record("r1", ""), R"("has_more":true,"page_token":"tok2","total":1234)"), schema_,
      Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
  EXPECT_TRUE(page.has_more);
  EXPECT_EQ(page.page_token, "tok2");
  EXPECT_EQ(page.total, std::optional<int64_t>(1234));

  NormalisedPage last = normalise_search_page(
      R"({"data":{"items":[],"has_more":false,"total":0},"code":0,"msg":"success"})", schema_,
      Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
  EXPECT_FALSE(last.has_more);
  EXPECT_EQ(last.page_token, "");
  EXPECT_EQ(last.total, std::optional<int64_t>(0));
  EXPECT_EQ(last.batch.num_rows, 0);
  EXPECT_EQ(last.batch.columns.size(), schema_.columns().size());
}

TEST_F(NormaliserTest, AnEmptyResultMayOmitItems) {
  NormalisedPage page =
      normalise_search_page(R"({"code":0,"msg":"success","data":{"has_more":false,"total":0}})",
                            schema_, Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
  EXPECT_EQ(page.batch.num_rows, 0);
}

// ---- errors ------------------------------------------------------------------------------

class NormaliserErrorTest : public NormaliserTest {
 protected:
  common::ExternalError error_of(const std::string& body) {
    PageNormaliser normaliser(schema_, Projection::all(schema_),
                              PageContext{"bascnApp", "tblMain"});
    try {
      normaliser.normalise(body);
    } catch (const common::ExternalError& error) {
      EXPECT_NE(std::string(error.what()).find("tblMain"), std::string::npos) << error.what();
      return error;
    }
    ADD_FAILURE() << "no error for " << body.substr(0, 200);
    return common::ExternalError("none");
  }
};

TEST_F(NormaliserErrorTest, ANonZeroCodeIsAnExternalError) {
  auto error = error_of(R"({"code":1254045,"msg":"FieldNameNotFound","data":{}})");
  EXPECT_NE(std::string(error.what()).find("1254045"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("FieldNameNotFound"), std::string::npos);
  EXPECT_FALSE(error.retryable());
  EXPECT_TRUE(error_of(R"({"code":1254290,"msg":"TooManyRequest"})").retryable());
}

TEST_F(NormaliserErrorTest, MalformedResponses) {
  std::string good = response(record("r1", R"("Amount":1)") + "," + record("r2", R"("Amount":2)"));
  error_of(good.substr(0, good.size() / 2));  // truncated
  error_of(good.substr(0, good.size() - 1));  // missing the last brace
  error_of("<html>502 Bad Gateway</html>");
  error_of("");
  error_of("[1,2]");
  error_of(R"({"code":0,"msg":"success"})");                      // no data
  error_of(R"({"code":0,"data":{"has_more":false,"total":5}})");  // no items
  error_of(R"({"msg":"success","data":{"items":[]}})");           // no code
  error_of(R"({"code":0,"data":{"items":[{"fields":{}}]}})");     // no record_id
  error_of(R"({"code":0,"data":{"items":[5]}})");                 // not a record
  error_of(R"({"code":0,"data":{"items":{}}})");                  // items not a list
  error_of(R"({"code":0,"data":{"has_more":true,"items":[]}})");  // no page_token
  error_of(R"({"code":0,"data":{"items":[{"record_id":"r","fields":{"Done":tru}}]}})");
}

TEST_F(NormaliserErrorTest, AFailedPageLeavesNoRowsBehindForTheNext) {
  PageNormaliser normaliser(schema_, Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
  // Rows are read before the (late) error code: the page must still fail as a whole.
  std::string late_code =
      R"({"data":{"items":[{"record_id":"x1","fields":{"Amount":1}}]},"code":1254291,"msg":"conflict"})";
  EXPECT_THROW(normaliser.normalise(late_code), common::ExternalError);
  NormalisedPage page = normaliser.normalise(response(record("y1", R"("Amount":9)")));
  ASSERT_EQ(page.batch.num_rows, 1);
  EXPECT_EQ(f64(column(page, "amount"), 0), D(9.0));
  EXPECT_EQ(page.record_id(0), "y1");
  EXPECT_NO_THROW(page.batch.validate());
}

TEST_F(NormaliserTest, AnOwnedBodyIsReadThroughItsSpareCapacityAndLeftUnchanged) {
  PageNormaliser normaliser(schema_, Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
  std::string text = response(record("a", R"("Amount":1.5,"Tags":["x","y"])"));
  std::string tight = text;
  tight.shrink_to_fit();  // too little spare room: the normaliser grows it
  std::string roomy = text;
  roomy.reserve(text.size() + 4 * simdjson::SIMDJSON_PADDING);
  const char* roomy_bytes = roomy.data();
  for (std::string* body : {&tight, &roomy}) {
    NormalisedPage page = normaliser.normalise_reusing_capacity(*body);
    EXPECT_EQ(*body, text);
    ASSERT_EQ(page.batch.num_rows, 1);
    EXPECT_EQ(f64(column(page, "amount"), 0), D(1.5));
    EXPECT_EQ(str_list(column(page, "tags"), 0), StrList({S("x"), S("y")}));
    EXPECT_EQ(page.record_id(0), "a");
  }
  EXPECT_EQ(roomy.data(), roomy_bytes);  // enough room: the string was not moved
  EXPECT_GE(tight.capacity(), text.size() + simdjson::SIMDJSON_PADDING);
}

TEST_F(NormaliserTest, ANormaliserIsReusedAcrossPages) {
  PageNormaliser normaliser(schema_, Projection::all(schema_),
                            PageContext{"bascnApp", "tblMain", true});
  NormalisedPage first = normaliser.normalise(
      response(record("a", R"("Amount":1,"Tags":["x"])") + "," + record("b", R"("Amount":"bad")")));
  NormalisedPage second = normaliser.normalise(response(record("c", R"("Tags":["y","z"])")));
  EXPECT_EQ(first.batch.num_rows, 2);
  EXPECT_EQ(first.warnings, 1);
  ASSERT_EQ(second.batch.num_rows, 1);
  EXPECT_EQ(second.warnings, 0);
  EXPECT_EQ(f64(column(second, "amount"), 0), std::nullopt);
  EXPECT_EQ(str_list(column(second, "tags"), 0), StrList({S("y"), S("z")}));
  // The first page's arrays are untouched by the second page.
  EXPECT_EQ(str_list(column(first, "tags"), 0), StrList({S("x")}));
  EXPECT_EQ(f64(column(first, "amount"), 0), D(1.0));
  EXPECT_NO_THROW(first.batch.validate());
  EXPECT_NO_THROW(second.batch.validate());
}

}  // namespace
}  // namespace larkbase::types

namespace larkbase::types {
namespace {

// By default a cell of the wrong type fails the page, naming the table, the
// record and the column with its Lark field; only the lenient option reads it
// as NULL (the tests above).
TEST_F(NormaliserTest, AWrongTypedCellFailsThePageByDefault) {
  for (const std::string& bad :
       {std::string(R"("Amount":"12")"), std::string(R"("Stars":"five")")}) {
    SCOPED_TRACE(bad);
    try {
      normalise_search_page(
          response(record("recGood", R"("Amount":1)") + "," + record("recBad", bad)), schema_,
          Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
      ADD_FAILURE() << "the bad cell was accepted";
    } catch (const common::ExternalError& error) {
      std::string message = error.what();
      EXPECT_NE(message.find("tblMain"), std::string::npos) << message;
      EXPECT_NE(message.find("recBad"), std::string::npos) << message;
      EXPECT_EQ(message.find("recGood"), std::string::npos) << message;
      EXPECT_NE(message.find("Lark field"), std::string::npos) << message;
      EXPECT_NE(message.find("lenient"), std::string::npos) << message;
      EXPECT_FALSE(error.retryable());
    }
  }
  // Good cells pass without a warning.
  NormalisedPage page =
      normalise_search_page(response(record("r1", R"("Amount":2.5)")), schema_,
                            Projection::all(schema_), PageContext{"bascnApp", "tblMain"});
  EXPECT_EQ(page.warnings, 0);
}

}  // namespace
}  // namespace larkbase::types
