// One conversation with a printer at a time. Receipt printers talk to one client over one
// channel: two jobs interleaved on a USB interface, or two connections to port 9100, end in a
// refused connection, a "busy" claim or bytes of one job inside another. Every exchange with a
// printer (a job, a drawer kick, a status question) runs through that printer's Conversation,
// strictly one after the other, in the order asked.

export class Conversation {
  private tail: Promise<unknown> = Promise.resolve();
  private waitingCount = 0;

  /** Runs `work` once every exchange asked before it has finished (whether it failed or not). */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.waitingCount += 1;
    const turn = this.tail.then(
      () => work(),
      () => work(),
    );
    const done = turn.finally(() => {
      this.waitingCount -= 1;
    });
    // The next caller waits for this exchange to end, not for it to succeed.
    this.tail = done.catch(() => undefined);
    return done;
  }

  /** Exchanges running or waiting (for logs and tests). */
  get pending(): number {
    return this.waitingCount;
  }
}
