// One fresh process, one cold HTTP measurement: `node client.mjs <client> <url> <n>` makes n
// GETs at concurrency 64 with `client` (session, pool or fetch), timed once around the whole
// program (for ClientSession: around run(), session creation and close included, no warm-up
// request), and prints one JSON line (measure.mjs of the tasks bench: ms, cpuMs, gcMs, ...).
import { measure } from "../../../tasks/bench/cold/measure.mjs";

const CONCURRENCY = 64;
const [client, url, n] = [process.argv[2], process.argv[3], Number(process.argv[4])];

/** `CONCURRENCY` loops sharing one counter of n requests, as aiohttp_cold.py. */
async function spread(once) {
  let remaining = n;
  const loop = async () => {
    while (remaining > 0) {
      remaining--;
      await once();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
}

const clients = {
  async session() {
    const { gather, run } = await import("@aiots/tasks");
    const { ClientSession } = await import("@aiots/http");
    // undici is loaded outside the timed window, as for Pool.request (and aiohttp's imports):
    // @aiots/http loads it on the first request, which would charge ~70 ms of module loading
    // to ClientSession alone.
    if (process.env.BENCH_LAZY_UNDICI === undefined) await import("undici");
    return () =>
      run(async () => {
        const session = new ClientSession({ connector: { limit: 100 } });
        try {
          let remaining = n;
          const worker = async () => {
            while (remaining > 0) {
              remaining--;
              const response = await session.get(url);
              await response.read();
            }
          };
          await gather(...Array.from({ length: CONCURRENCY }, worker));
        } finally {
          await session.close();
        }
      });
  },
  async pool() {
    const { Pool } = await import("undici");
    const { origin, pathname } = new URL(url);
    return async () => {
      const pool = new Pool(origin, { connections: 100 });
      await spread(async () => {
        const { body } = await pool.request({ path: pathname, method: "GET" });
        await body.arrayBuffer();
      });
      await pool.close();
    };
  },
  async fetch() {
    return () =>
      spread(async () => {
        const response = await fetch(url);
        await response.arrayBuffer();
      });
  },
};

await measure(await clients[client]());
