import { HEADER_API_KEY } from "../semconv.js";
import type { CalendarWindows } from "./calendar-windows.js";
import type { ServerAccess } from "./quote-cost.js";

/** What `GET /v1/budget` reports for the project (every instance), if the server has it. */
export interface ServerBudgetStatus {
  dailyNanos?: number;
  monthlyNanos?: number;
  /** The server says a budget of its own is exhausted. */
  exceeded?: boolean;
}

export interface ServerBudgetPoller {
  /** The last status read, if it was read in the current windows (a stale day never counts). */
  current(nowMs: number): ServerBudgetStatus;
  refresh(): Promise<void>;
  close(): void;
}

function usdToNanos(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0
    ? Math.round(value * 1e9)
    : undefined;
}

/**
 * Reads `GET /v1/budget` now and every `intervalMs` in the background, never on a call's path:
 * calls see the last answer. A 404 (a server without the route), any other failure or an
 * unreadable body mean "no server budget". Expected body: `{ dailySpendUsd?, monthlySpendUsd?, exceeded? }`.
 */
export function createServerBudgetPoller(
  server: ServerAccess,
  options: { intervalMs: number; windows: CalendarWindows; clock: () => number },
): ServerBudgetPoller {
  let status: ServerBudgetStatus = {};
  let readIn = "";
  let running: Promise<void> | undefined;
  const read = async () => {
    const at = options.clock();
    let next: ServerBudgetStatus = {};
    try {
      const response = await server.fetch(`${server.endpoint}/v1/budget`, {
        headers: { [HEADER_API_KEY]: server.apiKey },
        signal: AbortSignal.timeout(server.requestTimeoutMs),
      });
      if (response.ok) {
        const body = (await response.json()) as Record<string, unknown>;
        const dailyNanos = usdToNanos(body.dailySpendUsd);
        const monthlyNanos = usdToNanos(body.monthlySpendUsd);
        next = {
          ...(dailyNanos === undefined ? {} : { dailyNanos }),
          ...(monthlyNanos === undefined ? {} : { monthlyNanos }),
          ...(body.exceeded === true ? { exceeded: true } : {}),
        };
      } else await response.body?.cancel().catch(() => undefined);
    } catch {
      next = {};
    }
    status = next;
    readIn = options.windows(at).day;
  };
  const refresh = () => {
    running ??= read().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void refresh(), options.intervalMs) as unknown as { unref?: () => void };
  timer.unref?.();
  void refresh();
  return {
    current: (nowMs) => (options.windows(nowMs).day === readIn ? status : {}),
    refresh,
    close: () => clearInterval(timer as unknown as Parameters<typeof clearInterval>[0]),
  };
}
