/**
 * The remote backend's calls awaiting the agent's answer, by id. WHY apart: every call must end (an answer, the
 * timeout, or the link lost), and keeping that rule in one small class makes it testable without a socket.
 */
import { fail, type ApiResult } from '../../shared/api';

interface Pending {
  resolve: (result: ApiResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class PendingCalls {
  private readonly calls = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /**
   * A new call's id and the promise of its answer; `send` sends it and may settle it at once (a failed send).
   * Unanswered within the timeout, it ends with an io-error that names `method`.
   */
  start<T>(method: string, send: (id: number) => void): Promise<ApiResult<T>> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(
        () => this.settle(id, fail('io-error', `The agent did not answer ${method} within ${this.timeoutMs} ms.`)),
        this.timeoutMs,
      );
      // The agent answers with the method's result type (the wire contract), checked by the caller's reader.
      this.calls.set(id, { resolve: resolve as (r: ApiResult<unknown>) => void, timer });
      try {
        send(id);
      } catch (error) {
        // A send that throws (a socket closing under it) ends the call now, not at the timeout.
        this.settle(id, fail('io-error', `Could not reach the agent: ${(error as Error).message}`));
      }
    });
  }

  /** Ends call `id` with `result`; an unknown or already ended id (a late or forged answer) is ignored. */
  settle(id: number, result: ApiResult<unknown>): void {
    const call = this.calls.get(id);
    if (!call) return;
    this.calls.delete(id);
    clearTimeout(call.timer);
    call.resolve(result);
  }

  /** Ends every call still waiting with an io-error saying `message` (the link lost or closed). */
  failAll(message: string): void {
    for (const id of [...this.calls.keys()]) this.settle(id, fail('io-error', message));
  }

  get size(): number {
    return this.calls.size;
  }
}
