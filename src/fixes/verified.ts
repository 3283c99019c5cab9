import type { StackId } from "./registry.js";

/**
 * How CI verifies a stack's fixes: `true` on the real server, "emulator" on an emulator of a
 * cloud service that cannot run here (labelled so wherever a fix is shown), `false` not at all.
 */
export type Verification = true | "emulator" | false;

/**
 * Stacks whose generated fixes CI applies to a server and replays in Chromium
 * (test/e2e/fixes-verify.test.ts): the failing request must pass, and the same request from an
 * origin that was never allowed must stay blocked. The test fails if this list and the suite's
 * runners ever disagree, emulators included. Everything else is "not verified", with its reason.
 */
export const VERIFIED_STACKS: ReadonlyMap<StackId, "real server" | "emulator"> = new Map<
  StackId,
  "real server" | "emulator"
>([
  ["express", "real server"],
  ["nginx", "real server"],
  ["fastify", "real server"],
  ["koa", "real server"],
  ["hono", "real server"],
  ["fastapi", "real server"],
  ["php", "real server"],
  ["flask", "real server"],
  ["django", "real server"],
  ["go", "real server"],
  ["rails", "real server"],
  ["apache", "real server"],
  ["caddy", "real server"],
  ["nextjs", "real server"],
  ["vite-proxy", "real server"],
  ["webpack-proxy", "real server"],
  ["backend-proxy", "real server"],
  // s3rver: an S3 API on loopback.
  ["s3", "emulator"],
  // A pass-through gateway of ours (test/e2e/fixes/servers/aws-lambda.ts): API Gateway's REST proxy integration in front of the handler.
  ["aws-lambda", "emulator"],
  // serverless-offline 14 (the serverless-offline-14 alias): an HTTP API whose provider.httpApi.cors is the generated CorsConfiguration.
  ["aws-http-api", "emulator"],
]);

/** Why each stack outside VERIFIED_STACKS is not verified (`cors-doctor stacks` shows it). */
export const NOT_VERIFIED_REASONS: Readonly<Partial<Record<StackId, string>>> = {
  "aws-rest-api":
    "no emulator runs an OpenAPI mock integration and gateway responses (serverless-offline does neither)",
  kong: "Kong is not packaged for Debian and is not on npm",
  envoy: "Envoy is not packaged for Debian and is not on npm",
  traefik: "Traefik is not packaged for Debian and is not on npm",
  aspnet: "ASP.NET Core's SDK is not packaged for Debian and is not on npm",
  spring:
    "Debian's Spring is 4.3, without Spring Boot 3 or Spring Security 6 that the fix targets; they come only from Maven Central",
  laravel:
    "Debian's Laravel is 8, without the HandleCors middleware (9.2+) that reads config/cors.php; fruitcake/laravel-cors, its predecessor, is not packaged",
};

/** The verification of one stack's fixes. */
export function verificationOf(stack: StackId): Verification {
  const by = VERIFIED_STACKS.get(stack);
  return by === undefined ? false : by === "emulator" ? "emulator" : true;
}
