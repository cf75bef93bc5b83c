import { CancelledError } from "@aiots/loop";
class Plain extends Error {}
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 100_000; i++) new CancelledError("");
  const a = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < 100_000; i++) new Plain("");
  const b = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < 100_000; i++) new Error("");
  console.log(a.toFixed(0), b.toFixed(0), (performance.now() - t0).toFixed(0));
}
