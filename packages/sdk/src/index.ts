/**
 * @burnrate/sdk — captures every AI call in-process and sends it to a burnrate ledger, without
 * ever hurting the host app: it never throws, never alters a request or response, never delays
 * a call, and never sends prompt or completion text. Zero runtime dependencies; the provider
 * knowledge comes from `@burnrate/core/providers`, bundled.
 */
import { initBurnrateAuto } from "./init-auto.js";
import { verifyBurnrate } from "./verify.js";

export { withBurnrate } from "./attribution-context.js";
export { initBurnrateAuto } from "./init-auto.js";
export { flush, shutdown } from "./lifecycle.js";
export type { Attribution, BudgetOptions, BurnrateOptions } from "./options.js";
export { SDK_VERSION } from "./sdk-version.js";
export type { VerifyOptions, VerifyResult } from "./verify.js";
export { verifyBurnrate } from "./verify.js";
export { wrapFetch } from "./wrap-fetch.js";

/** The AtlasBurn name of `initBurnrateAuto`. */
export const initAtlasBurnAuto = initBurnrateAuto;
/** The AtlasBurn name of `verifyBurnrate`. */
export const verifyAtlasBurn = verifyBurnrate;
