// The calling thread's own CPU time, for the MAILLOG_FORENSICS_TIMING lines only (timing.ts): on a machine shared with
// other work a range's wall time says more about the neighbours than about the scan, and process.cpuUsage() sums every
// thread of the process. Linux's /proc/thread-self/schedstat gives, for the thread that reads it, the nanoseconds it
// ran on a CPU and the nanoseconds it waited, runnable, for one (Documentation/scheduler/sched-stats.rst:
// "1) time spent on the cpu (in nanoseconds) 2) time spent waiting on a runqueue (in nanoseconds) 3) # of
// timeslices run on this cpu"), e.g. "14879250318 5503117736 8123". Read with a synchronous call, which runs on the
// calling thread, so a worker reads its own.

import { readFileSync, readdirSync } from 'node:fs';

/** Nanoseconds the calling thread ran and waited for a CPU since it started; NaN both where the kernel does not say. */
export interface ThreadCpu {
  runNs: number;
  waitNs: number;
}

export function threadCpu(): ThreadCpu {
  try {
    const fields = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ');
    return { runNs: Number(fields[0]), waitNs: Number(fields[1]) };
  } catch {
    return { runNs: NaN, waitNs: NaN };
  }
}

/** "14879 ms cpu of the thread, 5503 ms waiting for a cpu" since `from` (a threadCpu()); "" where not known. */
export function threadCpuSince(from: ThreadCpu): string {
  const now = threadCpu();
  if (Number.isNaN(now.runNs) || Number.isNaN(from.runNs)) return '';
  return `${((now.runNs - from.runNs) / 1e6).toFixed(0)} ms cpu of the thread, ${((now.waitNs - from.waitNs) / 1e6).toFixed(0)} ms waiting for a cpu`;
}

/**
 * The process's CPU by thread, for the timing line at exit: the whole process's (user + system, from /proc/self/stat,
 * which keeps the time of threads that ended), the main thread's, and the threads still alive beside it (V8's
 * platform workers: its optimizing compiler and the collector's parallel and concurrent tasks, shared by every isolate
 * of the process; libuv's pool). What is left ran on threads that ended: the scan workers and the chart thread. ""
 * where /proc does not say.
 */
export function cpuByThread(): string {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    // "pid (comm) state ppid …": utime and stime are the 14th and 15th fields, in clock ticks (USER_HZ, 100 on Linux).
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const processMs = (Number(after[11]) + Number(after[12])) * 10;
    let mainMs = 0;
    let helpersMs = 0;
    let helpers = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      let ns: number;
      try {
        ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
      } catch {
        continue; // ended since the directory was read
      }
      if (Number(tid) === process.pid) mainMs = ns / 1e6;
      else { helpersMs += ns / 1e6; helpers++; }
    }
    const ms = (v: number): string => v.toFixed(0);
    return `process ${ms(processMs)} ms cpu, main thread ${ms(mainMs)}, ${helpers} threads alive beside it `
      + `(V8's compiler and collector tasks, libuv) ${ms(helpersMs)}, threads ended (scan workers, chart thread) ${ms(processMs - mainMs - helpersMs)}`;
  } catch {
    return '';
  }
}
