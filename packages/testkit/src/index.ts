/**
 * @burnrate/testkit — helpers shared by the test suites: temp dirs, the CLI and the server as
 * real child processes, the test backend (SQLite, or a fresh PostgreSQL schema per store), and a
 * mock provider server replaying the providers' documented payloads.
 */
export * from "./burnrate-process.js";
export * from "./chunk-splitter.js";
export * from "./encode-aws-event-stream.js";
export * from "./ingest-recorder.js";
export * from "./load-provider-fixture.js";
export * from "./mock-provider-server.js";
export * from "./temp-dir.js";
export * from "./test-database.js";
