const number = (value, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of each figure over the rounds (each figure on its own); error counts are summed. */
export function summarizeRounds(runs) {
  const of = (key) => median(runs.map((run) => run[key]));
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  return {
    requestsPerSecond: of("requestsPerSecond"),
    eventsPerSecond: of("eventsPerSecond"),
    p50Ms: of("p50Ms"),
    p99Ms: of("p99Ms"),
    failures: sum("non2xx") + sum("errors"),
  };
}

/** One line per finished run, so a long bench shows it is moving. */
export function formatRun({ round, batchSize, server, run }) {
  return (
    `round ${round} batch ${String(batchSize).padStart(4)} ${server.padEnd(8)}  ${number(run.requestsPerSecond).padStart(7)} req/s` +
    `  ${number(run.eventsPerSecond).padStart(9)} events/s  p50 ${number(run.p50Ms, 1)} ms  p99 ${number(run.p99Ms, 1)} ms` +
    `  non-2xx ${run.non2xx}  errors ${run.errors}${run.problems.length > 0 ? `  !! ${run.problems.join("; ")}` : ""}`
  );
}

/**
 * The final table: per batch size, each burnrate backend and the empty-handler baseline, each
 * backend's throughput over the baseline's and over SQLite's (the same-run baseline of PostgreSQL),
 * and the targets.
 */
export function formatTable(rows) {
  const header = [
    "batch",
    "server",
    "req/s",
    "events/s",
    "p50 ms",
    "p99 ms",
    "non-2xx+err",
    "vs baseline",
    "vs sqlite",
    "target",
  ];
  const lines = rows.flatMap(({ batchSize, backends, baseline }) => {
    const sqlite = backends.find((backend) => backend.name === "sqlite");
    const line = (server, figures, extra) => [
      String(batchSize),
      server,
      number(figures.requestsPerSecond),
      number(figures.eventsPerSecond),
      number(figures.p50Ms, 1),
      number(figures.p99Ms, 1),
      String(figures.failures),
      ...extra,
    ];
    const ratio = (figures, base) =>
      base ? `${number(figures.eventsPerSecond / base.eventsPerSecond, 2)}x` : "";
    return [
      ...backends.map(({ name, figures, target }) =>
        line(name, figures, [
          ratio(figures, baseline),
          ratio(figures, sqlite?.figures),
          target ? `${target.label}: ${target.met(figures) ? "met" : "MISSED"}` : "",
        ]),
      ),
      line("baseline", baseline, ["1.00x", "", ""]),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const textColumns = new Set([1, 9]);
  const pad = (cells) =>
    cells
      .map((cell, column) =>
        textColumns.has(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join("  ")
      .trimEnd();
  return [pad(header), ...lines.map(pad)].join("\n");
}
