import { EventLoop } from "@aiots/loop";
const N_CHAIN = 100_000;
async function callSoonChain(): Promise<number> {
  const loop = new EventLoop({ debug: false });
  const done = loop.createFuture<void>();
  let count = 0;
  const hop = (): void => { if (++count === N_CHAIN) done.setResult(); else loop.callSoon(hop); };
  const start = performance.now();
  loop.callSoon(hop);
  await loop.runUntilComplete(done);
  const elapsed = performance.now() - start;
  loop.close();
  return N_CHAIN / (elapsed / 1000);
}
function setImmediateChain(): Promise<number> {
  return new Promise((resolve) => { let count = 0; const start = performance.now();
    const hop = (): void => { if (++count === N_CHAIN) resolve(N_CHAIN / ((performance.now() - start) / 1000)); else setImmediate(hop); };
    setImmediate(hop); });
}
for (let r = 0; r < 7; r++) console.log("loop", ((await callSoonChain()) / 1e6).toFixed(2), "imm", ((await setImmediateChain()) / 1e6).toFixed(2));
