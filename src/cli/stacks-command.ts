import { STACK_GENERATORS, STACK_IDS, VERIFIED_STACKS } from "../fixes/index.js";

/** `cors-doctor stacks`: every stack with whether CI verifies its fixes on a real server. */
export function runStacks(options: { json?: boolean }, out: (text: string) => void): void {
  const stacks = STACK_IDS.map((id) => ({
    id,
    label: STACK_GENERATORS[id].label,
    verified: VERIFIED_STACKS.has(id),
    alternative: STACK_GENERATORS[id].alternative === true,
  }));
  if (options.json) {
    out(JSON.stringify({ stacks }, null, 2));
    return;
  }
  const width = Math.max(...stacks.map((s) => s.id.length));
  for (const s of stacks) {
    out(
      `${s.id.padEnd(width)}  ${s.verified ? "verified    " : "not verified"}  ${s.label}${s.alternative ? " (if you do not own the API)" : ""}`,
    );
  }
  out(`${stacks.filter((s) => s.verified).length} of ${stacks.length} verified on real servers in CI`);
}
