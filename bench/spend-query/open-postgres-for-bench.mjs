// PostgreSQL for the spend benchmark: wired up once the PostgreSQL backend lands (issue 5).
export async function openPostgresForBench() {
  return undefined;
}
