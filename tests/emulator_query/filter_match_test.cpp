// The operator x field-type matrix: for each type a positive match, a negative
// match and the empty-cell behaviour (lark-open-api.md §4.3, README.md).
#include <tuple>

#include "query_fixtures.hpp"

namespace larkbase::emulator::query::testing {
namespace {

const Json kNoCell = nullptr;

Json title_cell() {
  return Json::array({{{"type", "text"}, {"text", "Fix Login "}},
                      {{"type", "mention"},
                       {"text", "@Ann"},
                       {"token", "ou_1"},
                       {"mentionType", "User"},
                       {"name", "Ann"}}});
}

TEST(TextFilter, IsComparesTheConcatenatedSegmentText) {
  EXPECT_TRUE(one("Title", "is", {"Fix Login @Ann"}, title_cell()));
  EXPECT_FALSE(one("Title", "is", {"Fix Login"}, title_cell()));
  EXPECT_FALSE(one("Title", "is", {"Fix Login @Ann"}, kNoCell));
}

TEST(TextFilter, IsNotIsTheNegationAndMatchesEmptyCells) {
  EXPECT_FALSE(one("Title", "isNot", {"Fix Login @Ann"}, title_cell()));
  EXPECT_TRUE(one("Title", "isNot", {"Other"}, title_cell()));
  EXPECT_TRUE(one("Title", "isNot", {"Other"}, kNoCell));
}

TEST(TextFilter, ContainsLooksAcrossSegmentBoundaries) {
  EXPECT_TRUE(one("Title", "contains", {"login @a"}, title_cell()));
  EXPECT_FALSE(one("Title", "contains", {"logout"}, title_cell()));
  EXPECT_FALSE(one("Title", "contains", {"a"}, kNoCell));
}

TEST(TextFilter, DoesNotContain) {
  EXPECT_FALSE(one("Title", "doesNotContain", {"Login"}, title_cell()));
  EXPECT_TRUE(one("Title", "doesNotContain", {"zzz"}, title_cell()));
  EXPECT_TRUE(one("Title", "doesNotContain", {"zzz"}, kNoCell));
}

TEST(TextFilter, Emptiness) {
  EXPECT_TRUE(one("Title", "isEmpty", Json::array(), kNoCell));
  EXPECT_TRUE(one("Title", "isEmpty", Json::array(), Json::array()));
  EXPECT_TRUE(one("Title", "isEmpty", Json::array(), text_cell("")));
  EXPECT_FALSE(one("Title", "isEmpty", Json::array(), title_cell()));
  EXPECT_TRUE(one("Title", "isNotEmpty", Json::array(), title_cell()));
  EXPECT_FALSE(one("Title", "isNotEmpty", Json::array(), kNoCell));
  // A cell stored as null (rather than absent) is empty too.
  CompiledFilter filter = compile_filter(
      and_of(Json::array({cond("Title", "isEmpty", Json::array())})), all_fields(), {});
  EXPECT_TRUE(filter.matches({{"Title", nullptr}}));
}

TEST(TextFilter, CaseInsensitiveByDefault) {
  EXPECT_TRUE(one("Title", "is", {"fix login @ann"}, title_cell()));
  EXPECT_TRUE(one("Title", "contains", {"LOGIN"}, title_cell()));
  EXPECT_FALSE(one("Title", "isNot", {"FIX LOGIN @ANN"}, title_cell()));
}

TEST(TextFilter, CaseSensitiveWhenConfigured) {
  Semantics sensitive;
  sensitive.text_case_sensitive = true;
  EXPECT_FALSE(one("Title", "is", {"fix login @ann"}, title_cell(), sensitive));
  EXPECT_TRUE(one("Title", "is", {"Fix Login @Ann"}, title_cell(), sensitive));
  EXPECT_FALSE(one("Title", "contains", {"LOGIN"}, title_cell(), sensitive));
  EXPECT_TRUE(one("Title", "contains", {"Login"}, title_cell(), sensitive));
  EXPECT_TRUE(one("Title", "doesNotContain", {"LOGIN"}, title_cell(), sensitive));
}

TEST(TextFilter, ConditionWithoutValueIsIgnored) {
  EXPECT_TRUE(one("Title", "is", Json::array(), title_cell()));
  EXPECT_TRUE(one("Title", "contains", Json::array(), kNoCell));
}

TEST(TextFilter, PlainStringCellsAreReadAsText) {
  EXPECT_TRUE(one("Title", "contains", {"plain"}, "a plain string"));
}

TEST(BarcodeAndEmailFilter, CompareAsText) {
  EXPECT_TRUE(one("Code", "is", {"6901234567892"}, text_cell("6901234567892")));
  EXPECT_FALSE(one("Code", "is", {"690"}, text_cell("6901234567892")));
  EXPECT_TRUE(one("Code", "contains", {"690"}, text_cell("6901234567892")));
  EXPECT_TRUE(one("Code", "isEmpty", Json::array(), kNoCell));
  Json mail = Json::array(
      {{{"type", "url"}, {"text", "ann@example.com"}, {"link", "mailto:ann@example.com"}}});
  EXPECT_TRUE(one("Mail", "is", {"ann@example.com"}, mail));
  EXPECT_FALSE(one("Mail", "is", {"mailto:ann@example.com"}, mail));
  EXPECT_TRUE(one("Mail", "contains", {"@EXAMPLE"}, mail));
  EXPECT_TRUE(one("Mail", "doesNotContain", {"bob"}, kNoCell));
}

TEST(NumberFilter, IsComparesNumerically) {
  EXPECT_TRUE(one("Score", "is", {"4.5"}, 4.5));
  EXPECT_TRUE(one("Score", "is", {"4.50"}, 4.5));
  EXPECT_TRUE(one("Score", "is", {"3"}, 3));
  EXPECT_FALSE(one("Score", "is", {"4"}, 4.5));
  EXPECT_FALSE(one("Score", "is", {"0"}, kNoCell));  // empty is not 0
}

TEST(NumberFilter, IsNot) {
  EXPECT_FALSE(one("Score", "isNot", {"4.5"}, 4.5));
  EXPECT_TRUE(one("Score", "isNot", {"4"}, 4.5));
  EXPECT_TRUE(one("Score", "isNot", {"4"}, kNoCell));
}

TEST(NumberFilter, Comparisons) {
  EXPECT_TRUE(one("Score", "isGreater", {"4"}, 4.5));
  EXPECT_FALSE(one("Score", "isGreater", {"4.5"}, 4.5));
  EXPECT_TRUE(one("Score", "isGreaterEqual", {"4.5"}, 4.5));
  EXPECT_FALSE(one("Score", "isGreaterEqual", {"4.6"}, 4.5));
  EXPECT_TRUE(one("Score", "isLess", {"10"}, 4.5));  // numeric, not "10" < "4.5" as text
  EXPECT_FALSE(one("Score", "isLess", {"4.5"}, 4.5));
  EXPECT_TRUE(one("Score", "isLessEqual", {"4.5"}, 4.5));
  EXPECT_FALSE(one("Score", "isLessEqual", {"-1"}, 4.5));
  for (const char* op : {"isGreater", "isGreaterEqual", "isLess", "isLessEqual"}) {
    EXPECT_FALSE(one("Score", op, {"0"}, kNoCell)) << op;
  }
  EXPECT_TRUE(one("Progress", "isGreater", {"0.5"}, 0.66));
  EXPECT_FALSE(one("Progress", "isGreater", {"0.7"}, 0.66));
}

TEST(NumberFilter, Emptiness) {
  EXPECT_TRUE(one("Score", "isEmpty", Json::array(), kNoCell));
  EXPECT_FALSE(one("Score", "isEmpty", Json::array(), 0));
  EXPECT_TRUE(one("Score", "isNotEmpty", Json::array(), 0));
}

TEST(SingleSelectFilter, IsAndIsNotCompareTheOptionName) {
  EXPECT_TRUE(one("Status", "is", {"Open"}, "Open"));
  EXPECT_FALSE(one("Status", "is", {"Done"}, "Open"));
  EXPECT_FALSE(one("Status", "is", {"Open"}, kNoCell));
  EXPECT_FALSE(one("Status", "isNot", {"Open"}, "Open"));
  EXPECT_TRUE(one("Status", "isNot", {"Done"}, "Open"));
  EXPECT_TRUE(one("Status", "isNot", {"Done"}, kNoCell));
}

TEST(SingleSelectFilter, ContainsMeansAnyOfTheListedOptions) {
  EXPECT_TRUE(one("Status", "contains", {"Done", "Open"}, "Open"));
  EXPECT_FALSE(one("Status", "contains", {"Done", "Blocked"}, "Open"));
  EXPECT_FALSE(one("Status", "contains", {"Open"}, kNoCell));
  EXPECT_TRUE(one("Status", "doesNotContain", {"Done", "Blocked"}, "Open"));
  EXPECT_FALSE(one("Status", "doesNotContain", {"Done", "Open"}, "Open"));
  EXPECT_TRUE(one("Status", "doesNotContain", {"Open"}, kNoCell));
  EXPECT_TRUE(one("Status", "isEmpty", Json::array(), kNoCell));
  EXPECT_TRUE(one("Status", "isNotEmpty", Json::array(), "Open"));
}

TEST(MultiSelectFilter, IsUnderEachMultiValueMode) {
  const Json tags = {"backend", "p1"};
  Semantics exact;  // default
  Semantics all;
  all.multi_value_is = MultiValueIs::kContainsAll;
  Semantics any;
  any.multi_value_is = MultiValueIs::kAnyOf;

  EXPECT_FALSE(one("Tags", "is", {"backend"}, tags, exact));
  EXPECT_TRUE(one("Tags", "is", {"backend"}, Json::array({"backend"}), exact));
  EXPECT_TRUE(one("Tags", "is", {"backend"}, tags, all));
  EXPECT_TRUE(one("Tags", "is", {"backend"}, tags, any));
  EXPECT_FALSE(one("Tags", "is", {"frontend"}, tags, any));
  EXPECT_TRUE(one("Tags", "isNot", {"backend"}, tags, exact));
  EXPECT_FALSE(one("Tags", "isNot", {"backend"}, tags, all));
  EXPECT_TRUE(one("Tags", "isNot", {"backend"}, kNoCell, any));
}

TEST(MultiSelectFilter, SeveralIsValuesDistinguishAllFromAny) {
  const Json tags = {"backend", "p1"};
  for (auto [mode, want_partial, want_same_set] :
       {std::tuple{MultiValueIs::kExactSet, false, true},
        std::tuple{MultiValueIs::kContainsAll, false, true},
        std::tuple{MultiValueIs::kAnyOf, true, true}}) {
    Semantics semantics;
    semantics.single_value_is = false;
    semantics.multi_value_is = mode;
    EXPECT_EQ(one("Tags", "is", {"backend", "zzz"}, tags, semantics), want_partial);
    EXPECT_EQ(one("Tags", "is", {"p1", "backend"}, tags, semantics), want_same_set);
  }
  Semantics all;
  all.single_value_is = false;
  all.multi_value_is = MultiValueIs::kContainsAll;
  Semantics exact;
  exact.single_value_is = false;
  EXPECT_TRUE(one("Tags", "is", {"p1"}, Json::array({"backend", "p1", "x"}), all));
  EXPECT_FALSE(one("Tags", "is", {"p1", "backend"}, Json::array({"backend", "p1", "x"}), exact));
}

TEST(MultiSelectFilter, ContainsAnyAndDoesNotContainNone) {
  const Json tags = {"backend", "p1"};
  EXPECT_TRUE(one("Tags", "contains", {"p1", "x"}, tags));
  EXPECT_FALSE(one("Tags", "contains", {"x", "y"}, tags));
  EXPECT_FALSE(one("Tags", "contains", {"p1"}, kNoCell));
  EXPECT_TRUE(one("Tags", "doesNotContain", {"x", "y"}, tags));
  EXPECT_FALSE(one("Tags", "doesNotContain", {"x", "p1"}, tags));
  EXPECT_TRUE(one("Tags", "doesNotContain", {"p1"}, kNoCell));
  EXPECT_TRUE(one("Tags", "isEmpty", Json::array(), Json::array()));
  EXPECT_FALSE(one("Tags", "isEmpty", Json::array(), tags));
  EXPECT_TRUE(one("Tags", "isNotEmpty", Json::array(), tags));
}

TEST(CheckboxFilter, IsTrueAndIsFalseWithAbsentMeaningFalse) {
  EXPECT_TRUE(one("Done", "is", {"true"}, true));
  EXPECT_FALSE(one("Done", "is", {"true"}, false));
  EXPECT_FALSE(one("Done", "is", {"true"}, kNoCell));
  EXPECT_TRUE(one("Done", "is", {"false"}, false));
  EXPECT_TRUE(one("Done", "is", {"false"}, kNoCell));
  EXPECT_FALSE(one("Done", "is", {"false"}, true));
}

Json owners() { return Json::array({person("ou_1", "Ann"), person("ou_2", "Bob")}); }

TEST(UserFilter, MatchesByIdNotByName) {
  EXPECT_TRUE(one("Owner", "is", {"ou_1"}, Json::array({person("ou_1", "Ann")})));
  EXPECT_FALSE(one("Owner", "is", {"Ann"}, Json::array({person("ou_1", "Ann")})));
  EXPECT_FALSE(one("Owner", "is", {"ou_1"}, kNoCell));
}

TEST(UserFilter, MultiValuedCells) {
  Semantics any;
  any.multi_value_is = MultiValueIs::kAnyOf;
  EXPECT_FALSE(one("Owner", "is", {"ou_1"}, owners()));
  EXPECT_TRUE(one("Owner", "is", {"ou_1"}, owners(), any));
  EXPECT_TRUE(one("Owner", "isNot", {"ou_1"}, owners()));
  EXPECT_FALSE(one("Owner", "isNot", {"ou_1"}, owners(), any));
  EXPECT_TRUE(one("Owner", "contains", {"ou_2", "ou_9"}, owners()));
  EXPECT_FALSE(one("Owner", "contains", {"ou_9"}, owners()));
  EXPECT_TRUE(one("Owner", "doesNotContain", {"ou_9"}, owners()));
  EXPECT_FALSE(one("Owner", "doesNotContain", {"ou_2"}, owners()));
  EXPECT_TRUE(one("Owner", "doesNotContain", {"ou_2"}, kNoCell));
  EXPECT_TRUE(one("Owner", "isEmpty", Json::array(), Json::array()));
  EXPECT_TRUE(one("Owner", "isNotEmpty", Json::array(), owners()));
}

TEST(PhoneFilter, ComparesAsText) {
  EXPECT_TRUE(one("Phone", "is", {"13100006666"}, "13100006666"));
  EXPECT_FALSE(one("Phone", "is", {"1310000"}, "13100006666"));
  EXPECT_TRUE(one("Phone", "contains", {"0000"}, "13100006666"));
  EXPECT_TRUE(one("Phone", "doesNotContain", {"999"}, "13100006666"));
  EXPECT_TRUE(one("Phone", "isNot", {"1"}, kNoCell));
  EXPECT_TRUE(one("Phone", "isEmpty", Json::array(), kNoCell));
  EXPECT_FALSE(one("Phone", "isEmpty", Json::array(), "+86131"));
}

TEST(UrlFilter, MatchesTheDisplayText) {
  Json site = {{"text", "Spec"}, {"link", "https://example.com/spec"}};
  EXPECT_TRUE(one("Site", "is", {"spec"}, site));
  EXPECT_FALSE(one("Site", "is", {"https://example.com/spec"}, site));
  EXPECT_TRUE(one("Site", "contains", {"SPE"}, site));
  EXPECT_FALSE(one("Site", "contains", {"example"}, site));
  EXPECT_TRUE(one("Site", "doesNotContain", {"example"}, site));
  EXPECT_TRUE(one("Site", "isNot", {"spec"}, kNoCell));
  EXPECT_TRUE(one("Site", "isEmpty", Json::array(), kNoCell));
  EXPECT_TRUE(one("Site", "isNotEmpty", Json::array(), site));
}

TEST(AttachmentFilter, EmptinessOnly) {
  Json files = Json::array({{{"file_token", "boxcn1"}, {"name", "a.png"}, {"size", 10}}});
  EXPECT_TRUE(one("Files", "isNotEmpty", Json::array(), files));
  EXPECT_FALSE(one("Files", "isEmpty", Json::array(), files));
  EXPECT_TRUE(one("Files", "isEmpty", Json::array(), Json::array()));
  EXPECT_TRUE(one("Files", "isEmpty", Json::array(), kNoCell));
}

TEST(LinkFilter, MatchesRecordIds) {
  Json links = {{"link_record_ids", {"recA", "recB"}}};
  Json single = {{"link_record_ids", {"recA"}}};
  Semantics all;
  all.multi_value_is = MultiValueIs::kContainsAll;
  for (const char* field_name : {"Parent", "Related"}) {
    EXPECT_TRUE(one(field_name, "is", {"recA"}, single)) << field_name;
    EXPECT_FALSE(one(field_name, "is", {"recA"}, links)) << field_name;
    EXPECT_TRUE(one(field_name, "is", {"recA"}, links, all)) << field_name;
    EXPECT_TRUE(one(field_name, "isNot", {"recB"}, single)) << field_name;
    EXPECT_TRUE(one(field_name, "contains", {"recB"}, links)) << field_name;
    EXPECT_FALSE(one(field_name, "contains", {"recC"}, links)) << field_name;
    EXPECT_TRUE(one(field_name, "doesNotContain", {"recC"}, links)) << field_name;
    EXPECT_TRUE(one(field_name, "isEmpty", Json::array(), Json{{"link_record_ids", Json::array()}}))
        << field_name;
    EXPECT_TRUE(one(field_name, "isEmpty", Json::array(), kNoCell)) << field_name;
    EXPECT_TRUE(one(field_name, "isNotEmpty", Json::array(), links)) << field_name;
  }
}

TEST(LocationFilter, MatchesTheFullAddress) {
  Json where = {
      {"location", "116.39,39.90"}, {"name", "Gate"}, {"full_address", "Gate, Beijing Dongcheng"}};
  EXPECT_TRUE(one("Where", "is", {"Gate, Beijing Dongcheng"}, where));
  EXPECT_FALSE(one("Where", "is", {"Gate"}, where));
  EXPECT_TRUE(one("Where", "contains", {"beijing"}, where));
  EXPECT_TRUE(one("Where", "doesNotContain", {"Shanghai"}, where));
  EXPECT_FALSE(one("Where", "contains", {"116"}, where));
  EXPECT_TRUE(one("Where", "isEmpty", Json::array(), kNoCell));
  EXPECT_TRUE(one("Where", "isNotEmpty", Json::array(), where));
}

TEST(GroupChatFilter, MatchesChatIds) {
  Json chats = Json::array({{{"id", "oc_1"}, {"name", "Team"}, {"avatar_url", ""}}});
  EXPECT_TRUE(one("Chat", "is", {"oc_1"}, chats));
  EXPECT_FALSE(one("Chat", "is", {"Team"}, chats));
  EXPECT_FALSE(one("Chat", "isNot", {"oc_1"}, chats));
  EXPECT_TRUE(one("Chat", "contains", {"oc_2", "oc_1"}, chats));
  EXPECT_TRUE(one("Chat", "doesNotContain", {"oc_2"}, chats));
  EXPECT_TRUE(one("Chat", "isEmpty", Json::array(), kNoCell));
}

TEST(AutoNumberFilter, TextForIsAndContainsNumbersForComparisons) {
  EXPECT_TRUE(one("Ticket", "is", {"17"}, "17"));
  EXPECT_TRUE(one("Ticket", "is", {"17.0"}, "17"));  // numeric when both are numbers
  EXPECT_FALSE(one("Ticket", "is", {"1"}, "17"));
  EXPECT_TRUE(one("Ticket", "contains", {"1"}, "17"));
  EXPECT_TRUE(one("Ticket", "isGreater", {"9"}, "17"));  // as text "17" < "9"
  EXPECT_FALSE(one("Ticket", "isLess", {"9"}, "17"));
  EXPECT_TRUE(one("Ticket", "isLessEqual", {"17"}, "17"));
  EXPECT_TRUE(one("Ticket", "contains", {"wo-2024"}, "WO-20240226-0001"));
  EXPECT_TRUE(one("Ticket", "isNot", {"17"}, "WO-20240226-0001"));
  // Non-numeric cells compare as text: "wo-..." sorts after "5".
  EXPECT_TRUE(one("Ticket", "isGreater", {"5"}, "WO-20240226-0001"));
  EXPECT_FALSE(one("Ticket", "isGreater", {"5"}, kNoCell));
  EXPECT_TRUE(one("Ticket", "isEmpty", Json::array(), kNoCell));
}

TEST(AutomaticFields, CreatedAndModifiedValuesComeFromTheRecord) {
  Json record = {{"record_id", "rec1"},
                 {"fields", {{"Title", text_cell("x")}}},
                 {"created_time", utc_ms(2024, 2, 1, 4)},
                 {"last_modified_time", utc_ms(2024, 2, 3, 4)},
                 {"created_by", person("ou_1", "Ann")},
                 {"last_modified_by", person("ou_2", "Bob")}};
  auto matches = [&](const Json& condition) {
    return compile_filter(and_of(Json::array({condition})), all_fields(), {})
        .matches_record(record);
  };
  EXPECT_TRUE(matches(cond("Created", "is", {"ExactDate", std::to_string(utc_ms(2024, 2, 1, 9))})));
  EXPECT_FALSE(matches(cond("Created", "is", {"ExactDate", std::to_string(utc_ms(2024, 2, 3))})));
  EXPECT_TRUE(matches(cond("Modified", "is", {"ExactDate", std::to_string(utc_ms(2024, 2, 3))})));
  EXPECT_TRUE(matches(cond("Modified", "isNotEmpty", Json::array())));
  EXPECT_TRUE(matches(cond("Creator", "is", {"ou_1"})));
  EXPECT_FALSE(matches(cond("Creator", "is", {"ou_2"})));
  EXPECT_TRUE(matches(cond("Modifier", "is", {"ou_2"})));
  EXPECT_TRUE(matches(cond("Modifier", "doesNotContain", {"ou_1"})));

  // Without the record only `fields` is consulted: the automatic cells are empty...
  CompiledFilter created_empty = compile_filter(
      and_of(Json::array({cond("Created", "isEmpty", Json::array())})), all_fields(), {});
  EXPECT_TRUE(created_empty.matches(record["fields"]));
  EXPECT_FALSE(created_empty.matches(record["fields"], &record));
  // ...and a value stored in `fields` wins over the record's automatic value.
  Json fields = {{"Creator", Json::array({person("ou_3", "Cy")})}};
  CompiledFilter creator =
      compile_filter(and_of(Json::array({cond("Creator", "is", {"ou_3"})})), all_fields(), {});
  EXPECT_TRUE(creator.matches(fields, &record));
}

TEST(Conjunctions, AndOrAndOneLevelOfChildren) {
  Json fields = {{"Status", "Open"}, {"Score", 4.5}, {"Tags", {"p1"}}};
  auto run = [&](const Json& filter) {
    return compile_filter(filter, all_fields(), {}).matches(fields);
  };
  Json open = cond("Status", "is", {"Open"});
  Json done = cond("Status", "is", {"Done"});
  Json high = cond("Score", "isGreater", {"4"});
  EXPECT_TRUE(run(and_of(Json::array({open, high}))));
  EXPECT_FALSE(run(and_of(Json::array({done, high}))));
  EXPECT_TRUE(run(or_of(Json::array({done, high}))));
  EXPECT_FALSE(run(or_of(Json::array({done, cond("Score", "isLess", {"1"})}))));

  // and over children: (done or high) and (open)
  Json nested = {
      {"conjunction", "and"},
      {"children", Json::array({or_of(Json::array({done, high})), and_of(Json::array({open}))})}};
  EXPECT_TRUE(run(nested));
  nested["children"][1] = and_of(Json::array({done}));
  EXPECT_FALSE(run(nested));
  // or over children with top-level conditions: done or (open and high)
  Json mixed = or_of(Json::array({done}));
  mixed["children"] = Json::array({and_of(Json::array({open, high}))});
  EXPECT_TRUE(run(mixed));
  mixed["children"] = Json::array({and_of(Json::array({open, cond("Tags", "contains", {"x"})}))});
  EXPECT_FALSE(run(mixed));
}

TEST(Conjunctions, EmptyGroupsAndIgnoredConditionsConstrainNothing) {
  Json fields = {{"Status", "Open"}};
  Json filter = {
      {"conjunction", "or"},
      {"conditions", Json::array({cond("Title", "contains", Json::array())})},
      {"children",
       Json::array({or_of(Json::array()), and_of(Json::array({cond("Status", "is", {"Done"})}))})}};
  CompiledFilter compiled = compile_filter(filter, all_fields(), {});
  EXPECT_EQ(compiled.condition_count(), 1);
  EXPECT_FALSE(compiled.matches(fields));  // only "Status is Done" is left
}

}  // namespace
}  // namespace larkbase::emulator::query::testing
