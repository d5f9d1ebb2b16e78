// The baseline of scan_bench: what a user's own script gets with the official
// Lark Node SDK, paging one table sequentially (500 records a page, the next
// page token from each answer). A throttled call (HTTP 429 or code 99991400) is
// retried after the reset the gateway names, as a careful script would.
// Usage: node node_sdk_scan.mjs <repo dir> <url> <app id> <app secret> <app token> <table id>
// Prints one JSON line: {"records": n, "pages": n, "seconds": s}.
import { createRequire } from 'node:module';
import path from 'node:path';

const [repo, url, appId, appSecret, appToken, tableId] = process.argv.slice(2);
const require = createRequire(path.join(repo, 'tests', 'node', 'package.json'));
const lark = require('@larksuiteoapi/node-sdk');

const client = new lark.Client({
  appId,
  appSecret,
  domain: url,
  loggerLevel: lark.LoggerLevel.error,
});

async function searchPage(pageToken) {
  for (;;) {
    try {
      const res = await client.bitable.appTableRecord.search({
        path: { app_token: appToken, table_id: tableId },
        params: { page_size: 500, ...(pageToken ? { page_token: pageToken } : {}) },
        data: {},
      });
      if (res.code === 0) return res.data;
      if (res.code !== 99991400) throw new Error(`search failed: ${res.code} ${res.msg}`);
    } catch (error) {
      if (error?.response?.status !== 429) throw error;
      const reset = Number(error.response.headers['x-ogw-ratelimit-reset'] ?? 1);
      await new Promise((resolve) => setTimeout(resolve, reset * 1000));
    }
  }
}

// One warm-up call fetches the token, as the C++ side is warmed before timing.
await searchPage(undefined);
const start = process.hrtime.bigint();
let records = 0;
let pages = 0;
let token;
do {
  const data = await searchPage(token);
  records += (data.items ?? []).length;
  pages += 1;
  token = data.has_more ? data.page_token : undefined;
} while (token);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ records, pages, seconds }));
