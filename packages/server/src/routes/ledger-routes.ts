import { csvHeader, csvRow, presentEntry } from "@burnrate/core";
import type { LedgerQuery, LedgerStore } from "@burnrate/storage";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireScope } from "../auth/authenticate.js";
import { encodeCursor, type LedgerFormat, readLedgerParams } from "./ledger-query-params.js";

const EXPORT_PAGE = 1000;

/** Streams every matching entry, page by page, so an export never holds the ledger in memory. */
function exportStream(ledger: LedgerStore, query: LedgerQuery, format: Exclude<LedgerFormat, "json">) {
  const encoder = new TextEncoder();
  let afterSeq = query.afterSeq;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started && format === "csv") controller.enqueue(encoder.encode(csvHeader()));
      started = true;
      const page = await ledger.query({
        ...query,
        limit: EXPORT_PAGE,
        ...(afterSeq === undefined ? {} : { afterSeq }),
      });
      const lines = page.entries.map((entry) =>
        format === "csv" ? csvRow(presentEntry(entry)) : `${JSON.stringify(presentEntry(entry))}\n`,
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      if (page.nextSeq === null) controller.close();
      else afterSeq = page.nextSeq;
    },
  });
}

/** `GET /v1/ledger`: filtered, cursor-paginated reads of the caller's project; csv and jsonl export. */
export function ledgerRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/v1/ledger", requireScope("read"), async (c) => {
    const { query, format } = readLedgerParams(c.req.query(), c.var.apiKey.projectId);
    const { ledger } = c.var.storage;
    if (format !== "json") {
      const stamp = new Date().toISOString().slice(0, 10);
      return c.body(exportStream(ledger, query, format), 200, {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
        "content-disposition": `attachment; filename="burnrate-ledger-${query.projectId}-${stamp}.${format}"`,
      });
    }
    const page = await ledger.query(query);
    return c.json({
      events: page.entries.map(presentEntry),
      nextCursor: page.nextSeq === null ? null : encodeCursor(query.order, page.nextSeq),
    });
  });
  return app;
}
