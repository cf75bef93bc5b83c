/** Busy-waits `ms` ms of real time; returns how many times it spun. */
export function busyWait(ms: number): number;
