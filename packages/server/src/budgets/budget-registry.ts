import type { BudgetRecord, KillSwitch, Storage } from "@burnrate/storage";

interface ProjectGuards {
  budgets: BudgetRecord[];
  kills: KillSwitch[];
}

const EMPTY: ProjectGuards = { budgets: [], kills: [] };

/**
 * Every project's budgets and active kill switches, read from storage and re-read every
 * `refreshMs` (default 500 ms), so a change made through any instance, a kill switch above all,
 * takes effect at every instance within a second. The instance that makes a change refreshes at
 * once. Between refreshes, deciding a call reads nothing from storage.
 */
export class BudgetRegistry {
  #byProject = new Map<string, ProjectGuards>();
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The last read queued: each refresh() reads after it, so it sees every change made before the call. */
  #latest: Promise<void> = Promise.resolve();
  #reading = 0;
  #failures = 0;

  constructor(
    private readonly storage: Storage,
    private readonly refreshMs = 500,
  ) {}

  /** Loads once, then keeps refreshing in the background until close(). */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      if (this.#reading === 0) this.refresh().catch(() => {});
    }, this.refreshMs);
    this.#timer.unref();
  }

  /**
   * Re-reads budgets and kill switches (one query each). The read starts after any read in flight,
   * which may have begun before the caller's change was committed and so not see it.
   */
  refresh(): Promise<void> {
    this.#reading += 1;
    const read = this.#latest
      .catch(() => {})
      .then(() => this.#load())
      .finally(() => {
        this.#reading -= 1;
      });
    this.#latest = read;
    return read;
  }

  async #load(): Promise<void> {
    try {
      const [budgets, kills] = await Promise.all([this.storage.budgets.list(), this.storage.kills.list()]);
      const next = new Map<string, ProjectGuards>();
      const of = (projectId: string) => {
        let guards = next.get(projectId);
        if (guards === undefined) {
          guards = { budgets: [], kills: [] };
          next.set(projectId, guards);
        }
        return guards;
      };
      for (const budget of budgets) of(budget.projectId).budgets.push(budget);
      for (const kill of kills) of(kill.projectId).kills.push(kill);
      this.#byProject = next;
      this.#failures = 0;
    } catch (error) {
      // Keep deciding with the last good copy; say so once per outage.
      if (this.#failures++ === 0)
        console.error("burnrate: could not refresh budgets:", error instanceof Error ? error.message : error);
      throw error;
    }
  }

  budgets(projectId: string): readonly BudgetRecord[] {
    return (this.#byProject.get(projectId) ?? EMPTY).budgets;
  }

  kills(projectId: string): readonly KillSwitch[] {
    return (this.#byProject.get(projectId) ?? EMPTY).kills;
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
