import type { Clock } from './clock.js';

/** What waits out a think time: told the monotonic time it resumes at. */
export interface Pausing {
  resume(now: number): void;
}

/** The jobs waiting out pauses of one length, in the order they started, which is the order they end. */
interface Queue {
  jobs: (Pausing | undefined)[];
  /** When each job's pause ends (monotonic ms), in the same slots. */
  due: Float64Array;
  head: number;
  size: number;
  /** A timer is armed for the head. */
  armed: boolean;
}

const INITIAL_SLOTS = 64;

/**
 * The think times (`pause` steps) of one phase's flows, on one timer per pause length rather
 * than one per pause. A flow's pauses all have the lengths its steps give, and those of one
 * length end in the order they began, so each length is a queue whose head is the next to end.
 * A timer per pause made a timer object and two closures for every one, which outlived the young
 * generation: 10,000 users pausing a second each promoted a third of a megabyte a second.
 *
 * A pause ends no earlier than asked: the clock is read when the timer fires, and every pause
 * due by then ends, in order.
 */
export class Pauses {
  private readonly queues = new Map<number, Queue>();

  constructor(private readonly clock: Clock) {}

  /** Wakes `job` once `ms` have passed from now. */
  wait(job: Pausing, ms: number): void {
    let queue = this.queues.get(ms);
    if (queue === undefined) {
      queue = { jobs: new Array<Pausing | undefined>(INITIAL_SLOTS), due: new Float64Array(INITIAL_SLOTS), head: 0, size: 0, armed: false };
      this.queues.set(ms, queue);
    }
    if (queue.size === queue.jobs.length) grow(queue);
    const slot = (queue.head + queue.size) % queue.jobs.length;
    queue.jobs[slot] = job;
    queue.due[slot] = this.clock.now() + ms;
    queue.size += 1;
    if (!queue.armed) this.arm(queue, ms);
  }

  private arm(queue: Queue, ms: number): void {
    queue.armed = true;
    // Whole milliseconds, rounded up: Node's timers keep one list per length, and fire on whole ones.
    this.clock.setTimer(() => this.wake(queue, ms), Math.ceil(queue.due[queue.head]! - this.clock.now()));
  }

  private wake(queue: Queue, ms: number): void {
    queue.armed = false;
    const now = this.clock.now();
    while (queue.size > 0 && queue.due[queue.head]! <= now) {
      const job = queue.jobs[queue.head]!;
      queue.jobs[queue.head] = undefined;
      queue.head = (queue.head + 1) % queue.jobs.length;
      queue.size -= 1;
      // Each job's own reading: the jobs woken before it have sent their requests since `now`, and
      // that time is the generator's, not the target's (one reading for all added it to every
      // latency but the first's: a paced p50 on loopback read 1.6–2.4× wrk's).
      job.resume(this.clock.now());
    }
    // A resumed job that pauses again joins the queue's tail, and has armed the timer if it was empty.
    if (queue.size > 0 && !queue.armed) this.arm(queue, ms);
  }
}

/** Twice the slots, the waiting jobs moved to the front in order. */
function grow(queue: Queue): void {
  const length = queue.jobs.length;
  const jobs = new Array<Pausing | undefined>(length * 2);
  const due = new Float64Array(length * 2);
  for (let i = 0; i < queue.size; i++) {
    jobs[i] = queue.jobs[(queue.head + i) % length];
    due[i] = queue.due[(queue.head + i) % length]!;
  }
  queue.jobs = jobs;
  queue.due = due;
  queue.head = 0;
}
