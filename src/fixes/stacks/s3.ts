import { defineStack, headerMatches } from "../define-stack.js";
import type { CorsPolicy } from "../types.js";

/** The only methods an S3 CORS rule accepts in AllowedMethods. */
export const S3_METHODS: readonly string[] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/** The bucket named by an S3 endpoint URL (virtual-hosted or path style), or null. */
export function s3Bucket(policy: CorsPolicy): string | null {
  const host = policy.apiOrigin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/:\d+$/, "");
  const virtual = /^(.+)\.s3[.-](?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?$/i.exec(host);
  if (virtual?.[1]) return virtual[1];
  if (/^s3[.-](?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?$/i.test(host)) {
    return policy.paths[0]?.split("/").find((s) => s !== "") ?? null;
  }
  return null;
}

/**
 * An S3 bucket's CORS configuration, as the JSON `aws s3api put-bucket-cors` takes
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html).
 */
export const s3 = defineStack({
  id: "s3",
  label: "Amazon S3 (bucket CORS)",
  language: "json",
  detect: {
    precedence: 10,
    rules: [{ confidence: "high", match: headerMatches("Server", /^AmazonS3$/i) }],
  },
  generate({ policy, needs }) {
    const methods = policy.methods.filter((m) => S3_METHODS.includes(m));
    const dropped = policy.methods.filter((m) => !S3_METHODS.includes(m));
    const rule: Record<string, unknown> = {
      AllowedOrigins: policy.origins,
      AllowedMethods: methods,
      ...(policy.headers.length > 0 ? { AllowedHeaders: policy.headers } : {}),
      ...(policy.exposeHeaders.length > 0 ? { ExposeHeaders: policy.exposeHeaders } : {}),
      MaxAgeSeconds: policy.maxAge,
    };
    const snippet = JSON.stringify({ CORSRules: [rule] }, null, 2);

    const bucket = s3Bucket(policy) ?? "YOUR_BUCKET";
    const traps = [
      "put-bucket-cors replaces the bucket's whole CORS configuration: merge this rule with the existing ones (aws s3api get-bucket-cors) and put it first, since S3 applies the first rule matching the origin, method and headers.",
      "Behind CloudFront, the cache key must include Origin (and Access-Control-Request-Headers and Access-Control-Request-Method when OPTIONS responses are cached), or one cached response, without CORS headers or for another origin, is served to everyone (samvera/serverless-iiif#111).",
      "Behind CloudFront, the behaviour's allowed methods must include OPTIONS (and PUT/POST/DELETE for uploads), or CloudFront itself rejects the preflight.",
      "S3 adds the headers only when a rule matches the request's Origin, method and every requested header; otherwise the response simply has none.",
    ];
    if (policy.credentials)
      traps.push(
        "S3 sends Access-Control-Allow-Credentials: true by itself whenever the matching rule's origin is not *; there is no setting for it.",
      );
    if (needs.singleLayer)
      traps.unshift(
        "S3 sends Access-Control-Allow-Origin once; a duplicate comes from CloudFront adding it too (a response headers policy with CORS): keep one of them.",
      );
    if (dropped.length > 0)
      traps.unshift(
        `${dropped.join(", ")} left out: S3 accepts only ${S3_METHODS.join(", ")} in AllowedMethods, and has no API that takes the others.`,
      );
    return {
      where: `Save as cors.json and apply with aws s3api put-bucket-cors --bucket ${bucket} --cors-configuration file://cors.json (the S3 console's CORS editor takes only the array inside CORSRules).`,
      snippet,
      traps,
    };
  },
});
