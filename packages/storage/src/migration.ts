/** One versioned schema step of a SQL backend; each backend keeps its own list, version for version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
