import fs from "node:fs";
import { MAX_SANDBOX_PROCESSES } from "./limits";

// RLIMIT_NPROC counts the processes of a real uid, and the kernel never enforces it for root.
// So when we are root, each running sandbox gets a uid of its own that nothing else uses
// (Node's spawn drops to it before bwrap starts): its fork bomb cannot starve anyone else.
// The pid picks a block per Node process, so several processes on one machine do not share.
const SANDBOX_UID_BASE = 1_000_000_000;
const UIDS_PER_PROCESS = 1000;

export interface SandboxIdentity {
  /** Set when we are root: the uid and gid the sandbox runs as. */
  uid?: number;
  gid?: number;
  /** RLIMIT_NPROC inside the sandbox. */
  maxProcesses: number;
  release(): void;
}

const slotsInUse = new Set<number>();

export function acquireSandboxIdentity(): SandboxIdentity {
  if (process.getuid?.() !== 0) {
    // Our own uid: its existing processes and threads count against the limit too.
    return { maxProcesses: countOwnTasks() + MAX_SANDBOX_PROCESSES, release: () => {} };
  }
  let slot = 0;
  while (slotsInUse.has(slot)) slot++;
  if (slot >= UIDS_PER_PROCESS) throw new Error(`more than ${UIDS_PER_PROCESS} sandboxes at once`);
  slotsInUse.add(slot);
  const uid = SANDBOX_UID_BASE + (process.pid % 1_000_000) * UIDS_PER_PROCESS + slot;
  let released = false;
  return {
    uid,
    gid: uid,
    maxProcesses: MAX_SANDBOX_PROCESSES,
    release: () => {
      if (!released) slotsInUse.delete(slot);
      released = true;
    },
  };
}

function countOwnTasks(): number {
  const uid = process.getuid?.();
  let count = 0;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.statSync(`/proc/${name}`).uid === uid) count += fs.readdirSync(`/proc/${name}/task`).length;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}
