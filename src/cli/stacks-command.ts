import { NOT_VERIFIED_REASONS, STACK_GENERATORS, STACK_IDS, verificationOf } from "../fixes/index.js";

/**
 * `cors-doctor stacks`: every stack with whether CI verifies its fixes on a real server, on an
 * emulator of the service, or not (and why not).
 */
export function runStacks(options: { json?: boolean }, out: (text: string) => void): void {
  const stacks = STACK_IDS.map((id) => {
    const verified = verificationOf(id);
    return {
      id,
      label: STACK_GENERATORS[id].label,
      verified,
      ...(verified === false ? { notVerifiedReason: NOT_VERIFIED_REASONS[id] ?? null } : {}),
      alternative: STACK_GENERATORS[id].alternative === true,
    };
  });
  if (options.json) {
    out(JSON.stringify({ stacks }, null, 2));
    return;
  }
  const width = Math.max(...stacks.map((s) => s.id.length));
  const state = (s: (typeof stacks)[number]) =>
    s.verified === true ? "verified    " : s.verified === "emulator" ? "emulator    " : "not verified";
  for (const s of stacks) {
    const reason = s.notVerifiedReason ? `: ${s.notVerifiedReason}` : "";
    out(
      `${s.id.padEnd(width)}  ${state(s)}  ${s.label}${s.alternative ? " (if you do not own the API)" : ""}${reason}`,
    );
  }
  const real = stacks.filter((s) => s.verified === true).length;
  const emulated = stacks.filter((s) => s.verified === "emulator").length;
  out(
    `${real + emulated} of ${stacks.length} verified in CI: ${real} on real servers, ${emulated} on emulators of the service`,
  );
}
