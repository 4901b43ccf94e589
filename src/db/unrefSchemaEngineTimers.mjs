// Preloaded into the Prisma CLI by applyMigrations.ts. Prisma 6.19's wasm schema engine leaves a
// 10-second guard timer running after `migrate deploy` has finished, which keeps the CLI (and so
// every start and every test database) waiting 10 s for nothing. Long timers are unref'd: they
// still fire if the work is still going, but no longer hold the process open once it is done.
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = setTimeoutOriginal(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && typeof timer?.unref === "function") timer.unref();
  return timer;
};
