// Discrete-event core: a binary heap of (time, sequence) ordered tasks. Every log line is written while
// a task runs, at the task's time, so the output is in time order by construction. Sessions are
// generator functions that yield the seconds to wait before their next step.

import { US } from './clock.js';

export type Task = () => void;
/** A scripted actor: yields delays in seconds. */
export type Script = Generator<number, void, void>;

export class Sim {
  now: number;
  private times: number[] = [];
  private seqs: number[] = [];
  private tasks: Task[] = [];
  private seq = 0;

  constructor(startUs: number) {
    this.now = startUs;
  }

  get pending(): number {
    return this.tasks.length;
  }

  /** Run `task` at absolute time tUs (never earlier than now). */
  at(tUs: number, task: Task): void {
    const t = tUs < this.now ? this.now : Math.round(tUs);
    this.push(t, task);
  }

  /** Run `task` after `seconds`. */
  after(seconds: number, task: Task): void {
    this.push(this.now + Math.max(0, Math.round(seconds * US)), task);
  }

  /** Start a scripted actor now (or after `delaySeconds`). */
  spawn(script: Script, delaySeconds = 0): void {
    const step = (): void => {
      const r = script.next();
      if (!r.done) this.after(r.value, step);
    };
    if (delaySeconds > 0) this.after(delaySeconds, step);
    else this.at(this.now, step);
  }

  /**
   * Run tasks in time order until the next task is later than untilUs, or until `pause()` returns true
   * (checked between tasks). Returns true when there is nothing left before untilUs.
   */
  run(untilUs: number, pause?: () => boolean): boolean {
    while (this.tasks.length > 0) {
      if ((this.times[0] as number) > untilUs) {
        return true;
      }
      const [t, task] = this.pop();
      this.now = t;
      task();
      if (pause !== undefined && pause()) return this.tasks.length === 0 || (this.times[0] as number) > untilUs;
    }
    return true;
  }

  private push(t: number, task: Task): void {
    const s = this.seq++;
    const times = this.times;
    const seqs = this.seqs;
    const tasks = this.tasks;
    let i = tasks.length;
    times.push(t);
    seqs.push(s);
    tasks.push(task);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < t || (pt === t && (seqs[p] as number) < s)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      tasks[i] = tasks[p] as Task;
      i = p;
    }
    times[i] = t;
    seqs[i] = s;
    tasks[i] = task;
  }

  private pop(): [number, Task] {
    const times = this.times;
    const seqs = this.seqs;
    const tasks = this.tasks;
    const topT = times[0] as number;
    const topTask = tasks[0] as Task;
    const lastT = times.pop() as number;
    const lastS = seqs.pop() as number;
    const lastTask = tasks.pop() as Task;
    const n = tasks.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n) {
          const lt = times[l] as number;
          const rt = times[r] as number;
          if (rt < lt || (rt === lt && (seqs[r] as number) < (seqs[l] as number))) c = r;
        }
        const ct = times[c] as number;
        if (ct > lastT || (ct === lastT && (seqs[c] as number) > lastS)) break;
        times[i] = ct;
        seqs[i] = seqs[c] as number;
        tasks[i] = tasks[c] as Task;
        i = c;
      }
      times[i] = lastT;
      seqs[i] = lastS;
      tasks[i] = lastTask;
    }
    return [topT, topTask];
  }
}
