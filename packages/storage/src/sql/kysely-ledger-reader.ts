import type { LedgerEntry } from "@burnrate/core";
import type { Kysely } from "kysely";
import type { ChainHead, LedgerPage, LedgerQuery, PricingGap, SpendQuery, SpendRow } from "../storage.js";
import { buildLedgerPageQuery } from "./build-ledger-query.js";
import type { Database } from "./database-schema.js";
import { rowToEntry } from "./ledger-row.js";
import { queryPricingGaps } from "./pricing-gaps-query.js";
import { querySpendSummary } from "./spend-summary-query.js";

/** The read side of the ledger, shared by every SQL backend. */
export class KyselyLedgerReader {
  constructor(private readonly db: Kysely<Database>) {}

  async query(query: LedgerQuery): Promise<LedgerPage> {
    const rows = await buildLedgerPageQuery(this.db, query).execute();
    const more = rows.length > query.limit;
    const entries = (more ? rows.slice(0, query.limit) : rows).map(rowToEntry);
    return { entries, nextSeq: more ? entries[entries.length - 1]!.seq : null };
  }

  async readChain(projectId: string, afterSeq: number, limit: number): Promise<LedgerEntry[]> {
    const rows = await this.db
      .selectFrom("ledger_entries")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("seq", ">", afterSeq)
      .orderBy("seq", "asc")
      .limit(limit)
      .execute();
    return rows.map(rowToEntry);
  }

  async chainHeads(projectId?: string): Promise<ChainHead[]> {
    let query = this.db.selectFrom("chain_heads").selectAll().orderBy("project_id");
    if (projectId !== undefined) query = query.where("project_id", "=", projectId);
    return (await query.execute()).map((row) => ({
      projectId: row.project_id,
      seq: Number(row.seq),
      hash: row.hash,
      seal: row.seal,
    }));
  }

  async ledgerProjects(): Promise<string[]> {
    const rows = await this.db
      .selectFrom("ledger_entries")
      .select("project_id")
      .distinct()
      .orderBy("project_id")
      .execute();
    return rows.map((row) => row.project_id);
  }

  pricingGaps(projectId: string, from?: number): Promise<PricingGap[]> {
    return queryPricingGaps(this.db, projectId, from);
  }

  spendSummary(query: SpendQuery): Promise<SpendRow[]> {
    return querySpendSummary(this.db, query);
  }
}
