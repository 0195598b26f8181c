import type { EventPrice, PricedFields } from "@burnrate/core";
import type { ApiKeyRecord, Storage } from "@burnrate/storage";
import type { KeyResolver } from "./auth/key-resolver.js";
import type { BudgetGuard } from "./budgets/budget-guard.js";

/** What every request handler can reach through `c.var`. */
export interface AppEnv {
  Variables: {
    storage: Storage;
    keyResolver: KeyResolver;
    /** Prices events that arrive without a cost. */
    priceEvent: (event: PricedFields) => EventPrice;
    apiKey: ApiKeyRecord;
    budgets: BudgetGuard;
    /** The server secret (webhook signing secrets derive from it); never sent or logged. */
    secret: string;
  };
}
