// One fresh process, one measurement: `node child.mjs <row> <implementation>` loads the
// implementation, runs its body once (measure.mjs) and prints the JSON line.
import { measure } from "./measure.mjs";

const [rowName, impl] = process.argv.slice(2);
const row = (await import(`./${rowName}.mjs`)).default;
if (row?.[impl] === undefined) throw new Error(`no implementation ${impl} of row ${rowName}`);
await measure(await row[impl]());
