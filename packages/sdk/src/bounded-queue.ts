/** A FIFO that holds at most `capacity` items: past it, the oldest are dropped and counted. */
export class BoundedQueue<T> {
  private items: T[] = [];
  private dropped = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) {
      this.items.splice(0, this.items.length - this.capacity);
      this.dropped += 1;
    }
  }

  take(count: number): T[] {
    return this.items.splice(0, count);
  }

  /** Counts items lost elsewhere (a batch that could not be delivered). */
  addDropped(count: number): void {
    this.dropped += count;
  }

  /** The drops since the last call, which the next batch reports. */
  takeDropped(): number {
    const dropped = this.dropped;
    this.dropped = 0;
    return dropped;
  }
}
