#include "cli/loader_output.hpp"

#include <cstdio>
#include <optional>

#include "cli/text_table.hpp"
#include "common/json.hpp"

namespace larkbase::cli {
namespace {

using common::Json;
using loader::HistoryRow;
using loader::TableConfig;

template <typename T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string text(const std::optional<std::string>& v) { return v.value_or(""); }
std::string text(const std::optional<long long>& v) { return v ? std::to_string(*v) : ""; }
std::string time_text(const std::optional<loader::Seconds>& v) {
  return v ? loader::format_utc(*v) : "";
}
Json time_json(const std::optional<loader::Seconds>& v) {
  return v ? Json(loader::format_utc(*v)) : Json(nullptr);
}

std::string confidence_text(const std::optional<double>& c) {
  if (!c) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", *c);
  return buffer;
}

std::string cursor_text(const TableConfig& t) {
  if (t.cursor_int) return std::to_string(*t.cursor_int);
  return text(t.cursor_ts);
}

Json status_json(const TableConfig& t) {
  return {{"config_id", t.config_id},
          {"active", t.is_active},
          {"source", t.db_config_key},
          {"source_table", t.source_name},
          {"target", t.destination_key},
          {"target_table", t.destination_name},
          {"strategy", t.strategy},
          {"cron", t.cron},
          {"status", or_null(t.last_status)},
          {"last_run", time_json(t.last_load)},
          {"next_run", time_json(t.next_load)},
          {"rows", or_null(t.last_rows_processed)},
          {"message", or_null(t.last_status_message)},
          {"cursor", t.cursor_int  ? Json(*t.cursor_int)
                     : t.cursor_ts ? Json(*t.cursor_ts)
                                   : Json(nullptr)},
          {"backfill_mark", or_null(t.backfill_cursor)},
          {"worker", or_null(t.worker_id)},
          {"retry_count", t.retry_count},
          {"retry_decision", or_null(t.retry_decision)},
          {"retry_confidence", or_null(t.retry_confidence)},
          {"retry_reason", or_null(t.retry_reason)},
          {"retry_advisor", or_null(t.retry_advisor)},
          {"deletes_checked_at", time_json(t.deletes_checked_at)},
          {"drift_check", t.drift_check},
          {"drift_checked_at", time_json(t.drift_checked_at)},
          {"drift_missing_rows", or_null(t.drift_missing_rows)}};
}

Json history_json(const HistoryRow& h) {
  return {{"run_id", h.id},
          {"status", h.load_status},
          {"queued", or_null(h.queued)},
          {"started", or_null(h.started)},
          {"ended", or_null(h.ended)},
          {"rows_read", or_null(h.rows_read)},
          {"rows_processed", or_null(h.rows_processed)},
          {"cursor_from", or_null(h.cursor_from)},
          {"cursor_to", or_null(h.cursor_to)},
          {"message", or_null(h.message)},
          {"retry_decision", or_null(h.retry_decision)},
          {"retry_confidence", or_null(h.retry_confidence)},
          {"retry_reason", or_null(h.retry_reason)},
          {"retry_advisor", or_null(h.retry_advisor)}};
}

void print_json(const Json& j) {
  std::puts(j.dump(2).c_str());
  std::fflush(stdout);
}

// The drift marker: how many source rows the target misses, as last counted.
std::string drift_text(const TableConfig& t) {
  if (!t.drift_check) return "";
  if (!t.drift_missing_rows) return "not checked yet";
  return std::to_string(*t.drift_missing_rows) + " missing";
}

std::string status_text(const TableConfig& t) {
  std::string s = t.last_status.value_or("(new)");
  return t.is_active ? s : s + ", inactive";
}

}  // namespace

void print_status(const std::vector<TableConfig>& tables, const std::string& format) {
  if (format == "json") {
    Json out = Json::array();
    for (const auto& t : tables) out.push_back(status_json(t));
    print_json(out);
    return;
  }
  if (tables.empty()) {
    std::puts("no table configs yet: add one with `larkbase loader add-table`");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : tables) {
    rows.push_back({std::to_string(t.config_id), t.destination_name, t.strategy, status_text(t),
                    time_text(t.last_load), time_text(t.next_load), text(t.last_rows_processed),
                    text(t.retry_decision), drift_text(t), text(t.last_status_message)});
  }
  print_text_table({"id", "table", "strategy", "status", "last run", "next run", "rows", "retry",
                    "drift", "message"},
                   rows);
}

void print_config(const TableConfig& t, const std::string& format) {
  Json j = status_json(t);
  j["source_schema"] = or_null(t.source_schema);
  j["query"] = or_null(t.query);
  j["target_schema"] = or_null(t.destination_schema);
  j["load_full"] = t.load_full;
  j["incremental_column"] = or_null(t.incremental_column);
  j["incremental_type"] = or_null(t.incremental_type);
  j["lookback_hours"] = or_null(t.lookback_hours);
  j["rolling_column"] = or_null(t.rolling_column);
  j["rolling_days"] = or_null(t.rolling_days);
  j["delete"] = t.is_delete ? Json(t.delete_mode) : Json(nullptr);
  j["partition_column"] = or_null(t.partition_column);
  j["chunk_size"] = or_null(t.chunk_size);
  j["primary_key"] = t.primary_key;
  if (format == "json") {
    print_json(j);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : j.items()) {
    rows.push_back({key, value.is_string() ? value.get<std::string>()
                         : value.is_null() ? ""
                                           : value.dump()});
  }
  print_text_table({"field", "value"}, rows);
}

void print_history(const TableConfig& t, const std::vector<HistoryRow>& history,
                   const std::string& format) {
  if (format == "json") {
    Json out = Json::array();
    for (const auto& h : history) out.push_back(history_json(h));
    print_json(out);
    return;
  }
  std::printf("table config %lld (%s), %zu run(s), newest first\n", t.config_id,
              t.destination_name.c_str(), history.size());
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : history) {
    std::string window = h.cursor_from || h.cursor_to
                             ? text(h.cursor_from) + " .. " + text(h.cursor_to)
                             : std::string();
    rows.push_back(
        {std::to_string(h.id), h.load_status, text(h.started), text(h.ended), text(h.rows_read),
         text(h.rows_processed), window,
         text(h.retry_decision) +
             (h.retry_confidence ? " " + confidence_text(h.retry_confidence) : std::string()),
         text(h.message)});
  }
  print_text_table(
      {"run", "status", "started", "ended", "read", "written", "window", "retry", "message"}, rows);
}

void print_run_result(const TableConfig& t, const HistoryRow* h, const std::string& format) {
  if (format == "json") {
    Json j = status_json(t);
    j["run"] = h ? history_json(*h) : Json(nullptr);
    print_json(j);
    return;
  }
  std::printf("table config %lld (%s, %s): %s\n", t.config_id, t.destination_name.c_str(),
              t.strategy.c_str(), t.last_status.value_or("(not run)").c_str());
  if (h && h->load_status == "Succeeded") {
    std::printf("  rows read %s, written %s\n", text(h->rows_read).c_str(),
                text(h->rows_processed).c_str());
  }
  if (t.last_status_message) std::printf("  %s\n", t.last_status_message->c_str());
  std::string cursor = cursor_text(t);
  if (!cursor.empty()) std::printf("  cursor now %s\n", cursor.c_str());
  if (t.next_load) std::printf("  next run %s\n", loader::format_utc(*t.next_load).c_str());
  std::fflush(stdout);
}

void print_tick(const loader::TickReport& r, const std::string& format) {
  const auto& m = r.monitors;
  if (!r.control_error.empty()) {
    if (format == "json") {
      print_json({{"control_error", r.control_error}});
    } else {
      std::printf("tick failed on the control database (retrying at the next tick): %s\n",
                  r.control_error.c_str());
    }
    return;
  }
  if (format == "json") {
    print_json({{"queued", r.queued},
                {"succeeded", r.succeeded},
                {"failed", r.failed},
                {"deferred", r.deferred},
                {"long_queued", m.long_queued},
                {"long_running", m.long_running},
                {"orphaned", m.orphaned},
                {"retried", m.retried},
                {"review", m.review}});
    return;
  }
  std::printf("tick: queued %d, succeeded %d, failed %d", r.queued, r.succeeded, r.failed);
  auto list = [](const char* name, const std::vector<long long>& ids) {
    if (ids.empty()) return;
    std::printf("; %s", name);
    for (auto id : ids) std::printf(" %lld", id);
  };
  list("long-queued", m.long_queued);
  list("long-running", m.long_running);
  list("orphaned", m.orphaned);
  list("retry", m.retried);
  list("review", m.review);
  if (!r.deferred.empty()) {
    std::printf("; deferred backfills");
    for (const auto& d : r.deferred) std::printf(" %s", d.c_str());
  }
  std::printf("\n");
  std::fflush(stdout);
}

void print_retry_analysis(const std::vector<TableConfig>& tables, const std::string& format) {
  std::vector<const TableConfig*> analysed;
  for (const auto& t : tables) {
    if (t.retry_decision || (t.last_status == "Failed") || t.retry_count > 0)
      analysed.push_back(&t);
  }
  if (format == "json") {
    Json out = Json::array();
    for (const auto* t : analysed) out.push_back(status_json(*t));
    print_json(out);
    return;
  }
  if (analysed.empty()) {
    std::puts("no failed loads to analyse");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* t : analysed) {
    std::string decision = t->retry_decision ? *t->retry_decision
                           : !t->is_active   ? "(inactive: not analysed)"
                                             : "(retry budget used up: reset it by hand)";
    rows.push_back({std::to_string(t->config_id), t->destination_name,
                    t->last_status.value_or("(queued again)"), decision,
                    confidence_text(t->retry_confidence), text(t->retry_advisor),
                    std::to_string(t->retry_count), text(t->retry_reason),
                    text(t->last_status_message)});
  }
  print_text_table({"id", "table", "status", "decision", "confidence", "advisor", "retries",
                    "reason", "message"},
                   rows);
}

}  // namespace larkbase::cli
