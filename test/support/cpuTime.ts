// CPU time of a synchronous call, for "this is linear, not quadratic" checks. Wall time would
// measure the machine as much as the code: on a loaded 2-core machine a process may get a sixth
// of a core, and a 500 ms wall-clock budget then fails by chance. CPU time counts only the work
// done in this process (other threads of it, such as GC, included).
export function cpuMillis(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
