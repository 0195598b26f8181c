interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items pushed while a group is being written join the next group, written in one
 * transaction (bench/ingest-throughput). Each push resolves with its own result once its group
 * is committed, or rejects with the group's error.
 */
export class GroupCommitQueue<T, R> {
  #pending: Pending<T, R>[] = [];
  #running = false;
  #idle: (() => void)[] = [];

  constructor(private readonly writeGroup: (items: T[]) => Promise<R[]>) {}

  push(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // One turn of the event loop lets the requests already parsed join the first group.
        setImmediate(() => void this.#run());
      }
    });
  }

  /** Resolves once every item pushed so far is committed (or failed). */
  async drain(): Promise<void> {
    if (!this.#running) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async #run(): Promise<void> {
    while (this.#pending.length > 0) {
      const group = this.#pending.splice(0);
      try {
        const results = await this.writeGroup(group.map((pending) => pending.item));
        for (const [index, pending] of group.entries()) pending.resolve(results[index]!);
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
