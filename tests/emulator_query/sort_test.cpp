// Sort validation and the order of each field type, multi-key sorts, desc, and
// where empty cells go.
#include <string>
#include <vector>

#include "query_fixtures.hpp"

namespace larkbase::emulator::query::testing {
namespace {

constexpr int kInvalidSort = 1254016;
constexpr int kFieldNameNotFound = 1254045;

Json key(const std::string& field_name, bool desc = false) {
  return {{"field_name", field_name}, {"desc", desc}};
}

int sort_error(const Json& sort) {
  try {
    compile_sort(sort, all_fields(), {});
  } catch (const ApiError& error) {
    return error.code;
  }
  return 0;
}

// Records "r0", "r1", ... with the given cells for `field_name` (null = absent).
std::vector<Json> column(const std::string& field_name, const std::vector<Json>& cells) {
  std::vector<Json> records;
  for (size_t i = 0; i < cells.size(); ++i) {
    Json fields = Json::object();
    if (!cells[i].is_null()) fields[field_name] = cells[i];
    records.push_back({{"record_id", "r" + std::to_string(i)}, {"fields", fields}});
  }
  return records;
}

// Record ids in the order sort_records puts them; also checks that compare()
// agrees with that order for every adjacent pair.
std::vector<std::string> sorted_ids(const std::vector<Json>& records, const Json& sort,
                                    const Semantics& semantics = {}) {
  CompiledSort compiled = compile_sort(sort, all_fields(), semantics);
  std::vector<const Json*> pointers;
  for (const auto& record : records) pointers.push_back(&record);
  compiled.sort_records(pointers);
  std::vector<std::string> ids;
  for (size_t i = 0; i < pointers.size(); ++i) {
    ids.push_back((*pointers[i])["record_id"].get<std::string>());
    if (i > 0) {
      EXPECT_LE(compiled.compare_records(*pointers[i - 1], *pointers[i]), 0) << ids.back();
    }
  }
  return ids;
}

using Ids = std::vector<std::string>;

TEST(SortValidation, AcceptsNullAndUpToHundredKeys) {
  EXPECT_TRUE(compile_sort(nullptr, all_fields(), {}).empty());
  EXPECT_TRUE(compile_sort(Json::array(), all_fields(), {}).empty());
  Json hundred = Json::array();
  for (int i = 0; i < 100; ++i) hundred.push_back(key("Score"));
  EXPECT_EQ(compile_sort(hundred, all_fields(), {}).key_count(), 100u);
  hundred.push_back(key("Score"));
  EXPECT_EQ(sort_error(hundred), kInvalidSort);
}

TEST(SortValidation, RejectsMalformedEntriesWith1254016) {
  EXPECT_EQ(sort_error(Json::object()), kInvalidSort);
  EXPECT_EQ(sort_error("Score"), kInvalidSort);
  EXPECT_EQ(sort_error(Json::array({"Score"})), kInvalidSort);
  EXPECT_EQ(sort_error(Json::array({{{"desc", true}}})), kInvalidSort);
  EXPECT_EQ(sort_error(Json::array({{{"field_name", ""}}})), kInvalidSort);
  EXPECT_EQ(sort_error(Json::array({{{"field_name", 7}}})), kInvalidSort);
  EXPECT_EQ(sort_error(Json::array({{{"field_name", "Score"}, {"desc", "true"}}})), kInvalidSort);
  EXPECT_EQ(sort_error(Json::array({{{"field_name", "Score"}}})), 0);  // desc defaults to false
}

TEST(SortValidation, UnknownFieldIs1254045) {
  EXPECT_EQ(sort_error(Json::array({key("Nope")})), kFieldNameNotFound);
  EXPECT_EQ(sort_error(Json::array({key("Score"), key("score")})), kFieldNameNotFound);
}

TEST(SortValidation, StatusFollowsSemantics) {
  Semantics semantics;
  semantics.error_http_status = 400;
  try {
    compile_sort(Json::array({1}), all_fields(), semantics);
    FAIL() << "expected a rejection";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status, 400);
    EXPECT_EQ(error.code, kInvalidSort);
  }
}

TEST(SortOrder, NumbersWithEmptyCellsLastAscendingFirstDescending) {
  auto records = column("Score", {3, 1, nullptr, 2.5, -4});
  EXPECT_EQ(sorted_ids(records, Json::array({key("Score")})), (Ids{"r4", "r1", "r3", "r0", "r2"}));
  EXPECT_EQ(sorted_ids(records, Json::array({key("Score", true)})),
            (Ids{"r2", "r0", "r3", "r1", "r4"}));
}

TEST(SortOrder, EmptySortsFirstWhenConfigured) {
  Semantics semantics;
  semantics.empty_sorts_first = true;
  auto records = column("Score", {3, nullptr, 1});
  EXPECT_EQ(sorted_ids(records, Json::array({key("Score")}), semantics), (Ids{"r1", "r2", "r0"}));
  EXPECT_EQ(sorted_ids(records, Json::array({key("Score", true)}), semantics),
            (Ids{"r0", "r2", "r1"}));
}

TEST(SortOrder, TextByConcatenatedTextWithCasePerSemantics) {
  auto records =
      column("Title",
             {text_cell("cherry"), text_cell("Banana"), text_cell("apple"),
              Json::array({{{"type", "text"}, {"text", "b"}}, {{"type", "text"}, {"text", "ee"}}}),
              nullptr});
  EXPECT_EQ(sorted_ids(records, Json::array({key("Title")})), (Ids{"r2", "r1", "r3", "r0", "r4"}));
  Semantics sensitive;
  sensitive.text_case_sensitive = true;  // byte order: uppercase before lowercase
  EXPECT_EQ(sorted_ids(records, Json::array({key("Title")}), sensitive),
            (Ids{"r1", "r2", "r3", "r0", "r4"}));
}

TEST(SortOrder, DatesAndCheckboxes) {
  auto dates = column("Due", {utc_ms(2024, 3, 1), utc_ms(2023, 1, 1), nullptr, utc_ms(2024, 1, 1)});
  EXPECT_EQ(sorted_ids(dates, Json::array({key("Due")})), (Ids{"r1", "r3", "r0", "r2"}));
  // Absent checkbox = false; a checkbox is never an empty cell.
  auto boxes = column("Done", {true, nullptr, false, true});
  EXPECT_EQ(sorted_ids(boxes, Json::array({key("Done")})), (Ids{"r1", "r2", "r0", "r3"}));
  EXPECT_EQ(sorted_ids(boxes, Json::array({key("Done", true)})), (Ids{"r0", "r3", "r1", "r2"}));
}

TEST(SortOrder, SelectsByOptionNameAndMultiValuedByFirstThenLength) {
  auto status = column("Status", {"Open", "Blocked", nullptr, "Done"});
  EXPECT_EQ(sorted_ids(status, Json::array({key("Status")})), (Ids{"r1", "r3", "r0", "r2"}));
  auto tags = column(
      "Tags", {Json::array({"b"}), Json::array({"a", "z"}), Json::array({"a"}), Json::array()});
  EXPECT_EQ(sorted_ids(tags, Json::array({key("Tags")})), (Ids{"r2", "r1", "r0", "r3"}));
}

TEST(SortOrder, PeopleByNameLinksByIdAttachmentsByFileName) {
  auto owners = column("Owner", {Json::array({person("ou_1", "Zed")}),
                                 Json::array({person("ou_9", "Ann")}), nullptr});
  EXPECT_EQ(sorted_ids(owners, Json::array({key("Owner")})), (Ids{"r1", "r0", "r2"}));
  auto links = column(
      "Parent", {Json{{"link_record_ids", {"recB"}}}, Json{{"link_record_ids", Json::array()}},
                 Json{{"link_record_ids", {"recA"}}}});
  EXPECT_EQ(sorted_ids(links, Json::array({key("Parent")})), (Ids{"r2", "r0", "r1"}));
  auto files = column("Files", {Json::array({{{"file_token", "t1"}, {"name", "z.png"}}}),
                                Json::array({{{"file_token", "t2"}, {"name", "a.png"}}})});
  EXPECT_EQ(sorted_ids(files, Json::array({key("Files")})), (Ids{"r1", "r0"}));
}

TEST(SortOrder, UrlLocationPhoneByText) {
  auto sites = column("Site", {Json{{"text", "b"}, {"link", "https://a"}},
                               Json{{"text", "a"}, {"link", "https://z"}}});
  EXPECT_EQ(sorted_ids(sites, Json::array({key("Site")})), (Ids{"r1", "r0"}));
  auto places =
      column("Where", {Json{{"full_address", "Shanghai"}}, Json{{"full_address", "Beijing"}}});
  EXPECT_EQ(sorted_ids(places, Json::array({key("Where")})), (Ids{"r1", "r0"}));
  auto phones = column("Phone", {"139", "+86131", "131"});
  EXPECT_EQ(sorted_ids(phones, Json::array({key("Phone")})), (Ids{"r1", "r2", "r0"}));
}

TEST(SortOrder, AutoNumbersNumericallyBeforeTextualOnes) {
  auto tickets = column("Ticket", {"100", "9", "WO-1", "17"});
  EXPECT_EQ(sorted_ids(tickets, Json::array({key("Ticket")})), (Ids{"r1", "r3", "r0", "r2"}));
}

TEST(SortOrder, FormulaByItsValue) {
  auto totals =
      column("Total", {Json{{"type", 2}, {"value", {12}}}, Json{{"type", 2}, {"value", {3}}},
                       Json{{"type", 2}, {"value", Json::array()}}});
  EXPECT_EQ(sorted_ids(totals, Json::array({key("Total")})), (Ids{"r1", "r0", "r2"}));
}

TEST(SortOrder, CreatedTimeFromTheRecord) {
  std::vector<Json> records = {
      {{"record_id", "late"}, {"fields", Json::object()}, {"created_time", 300}},
      {{"record_id", "early"}, {"fields", Json::object()}, {"created_time", 100}},
  };
  EXPECT_EQ(sorted_ids(records, Json::array({key("Created")})), (Ids{"early", "late"}));
}

TEST(SortOrder, MultiKeyTiesBreakByTheNextKeyThenKeepInputOrder) {
  std::vector<Json> records;
  auto add = [&](const char* id, Json status, Json score) {
    Json fields = Json::object();
    if (!status.is_null()) fields["Status"] = status;
    if (!score.is_null()) fields["Score"] = score;
    records.push_back({{"record_id", id}, {"fields", fields}});
  };
  add("a", "Open", 1);
  add("b", "Done", 5);
  add("c", "Open", 7);
  add("d", "Done", 5);
  add("e", nullptr, 9);
  add("f", "Open", nullptr);
  EXPECT_EQ(sorted_ids(records, Json::array({key("Status"), key("Score", true)})),
            (Ids{"b", "d", "f", "c", "a", "e"}));
  EXPECT_EQ(sorted_ids(records, Json::array({key("Status", true), key("Score")})),
            (Ids{"e", "a", "c", "f", "b", "d"}));
}

TEST(SortOrder, CompareWithoutKeysIsATie) {
  CompiledSort none;
  EXPECT_EQ(none.compare(Json{{"Score", 1}}, Json{{"Score", 2}}), 0);
  CompiledSort by_score = compile_sort(Json::array({key("Score")}), all_fields(), {});
  EXPECT_LT(by_score.compare(Json{{"Score", 1}}, Json{{"Score", 2}}), 0);
  EXPECT_GT(by_score.compare(Json::object(), Json{{"Score", 2}}), 0);
  EXPECT_EQ(by_score.compare(Json{{"Score", 2}}, Json{{"Score", 2.0}}), 0);
}

}  // namespace
}  // namespace larkbase::emulator::query::testing
