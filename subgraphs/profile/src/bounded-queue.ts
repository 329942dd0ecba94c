/**
 * An async iterable with a hard bound: a consumer that falls behind costs at most `limit`
 * events of memory, then the iteration fails with `overflow()` instead of growing without end.
 */
export class BoundedQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private failure: Error | undefined;
  private ended = false;

  constructor(
    private readonly limit: number,
    private readonly overflow: () => Error,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.ended || this.failure !== undefined) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      this.failWaiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.fail(this.overflow());
      return;
    }
    this.items.push(item);
  }

  fail(error: Error): void {
    this.failure = error;
    this.items.length = 0;
    const reject = this.failWaiting;
    this.waiting = undefined;
    this.failWaiting = undefined;
    reject?.(error);
  }

  end(): void {
    this.ended = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    this.failWaiting = undefined;
    resolve?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.failure !== undefined) return Promise.reject(this.failure);
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.waiting = resolve;
          this.failWaiting = reject;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
