import { spawnSync } from "node:child_process";

export interface TimedRun {
  wallSeconds: number;
  peakRssMb: number;
  /** User + system CPU seconds of the command and the children it waited for. */
  cpuSeconds: number;
  stdout: string;
  status: number | null;
}

/** Runs a command under GNU time (`/usr/bin/time -v`): wall clock and the peak RSS of its largest process. */
export function timeCommand(cmd: string[], env: NodeJS.ProcessEnv): TimedRun {
  const started = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-v", ...cmd], { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  const seconds = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr ?? "")?.[1] ?? NaN);
  if (r.status !== 0 && r.status !== 1) process.stderr.write(r.stderr ?? "");
  return { wallSeconds, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, cpuSeconds: seconds("User") + seconds("System"), stdout: r.stdout ?? "", status: r.status };
}
