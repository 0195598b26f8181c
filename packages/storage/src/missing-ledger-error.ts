/** A command that reads a ledger was pointed at a database or data dir where burnrate never ran. */
export class MissingLedgerError extends Error {
  override readonly name = "MissingLedgerError";
}
