/**
 * @burnrate/testkit — helpers shared by the test suites: temp dirs, the CLI and the server as
 * real child processes, and the test backend (SQLite, or a fresh PostgreSQL schema per store).
 * (Mock providers and fixtures join it with the SDK and proxy.)
 */
export * from "./burnrate-process.js";
export * from "./temp-dir.js";
export * from "./test-database.js";
