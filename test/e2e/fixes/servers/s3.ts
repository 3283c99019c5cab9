import { spawnModule } from "../node-apps.js";
import type { CaseRequest, StackRunner } from "../runner.js";

/** The rule in the XML the S3 API takes (PutBucketCors), as the AWS CLI sends the JSON it was given. */
function corsXml(snippet: string): string {
  const { CORSRules } = JSON.parse(snippet) as {
    CORSRules: Array<{
      AllowedOrigins: string[];
      AllowedMethods: string[];
      AllowedHeaders?: string[];
      ExposeHeaders?: string[];
      MaxAgeSeconds?: number;
    }>;
  };
  const escapeXml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const elements = (name: string, values: readonly string[] | undefined) =>
    (values ?? []).map((value) => `<${name}>${escapeXml(value)}</${name}>`).join("");
  const rules = CORSRules.map(
    (rule) =>
      `<CORSRule>${elements("AllowedOrigin", rule.AllowedOrigins)}${elements("AllowedMethod", rule.AllowedMethods)}${elements("AllowedHeader", rule.AllowedHeaders)}${elements("ExposeHeader", rule.ExposeHeaders)}${rule.MaxAgeSeconds === undefined ? "" : `<MaxAgeSeconds>${rule.MaxAgeSeconds}</MaxAgeSeconds>`}</CORSRule>`,
  ).join("");
  return `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules}</CORSConfiguration>`;
}

/**
 * An EMULATOR: s3rver (this project's devDependency), an S3 API on loopback, with the generated
 * CORS configuration on the bucket (path-style: the first path segment is the bucket, the rest
 * the key). The object of each path exists unless the route fails.
 *
 * What differs from an application, and why the case is adapted:
 * - S3 authenticates by signature (a presigned URL carries it in the query string); the lab's
 *   `Authorization: Bearer` would be an unsupported authorization type, so it is not sent (the
 *   generated rule still allows the header). s3rver accepts anonymous requests.
 * - s3rver answers every preflight with `Access-Control-Allow-Origin: *` where S3 echoes the
 *   origin and allows credentials: credentialed requests cannot be emulated, so they omit credentials.
 * - S3 has no handler that fails: the failing route is a missing object (404 NoSuchKey), an
 *   error response that must carry the CORS headers just the same.
 * - S3 answers a DELETE with 204 No Content where the lab's handlers answer 200.
 * So in the multi-request session S3 takes the GET, the PUT with its custom header and the DELETE
 * from both page origins, but not the credentialed GET as one: it is sent without credentials.
 */
export const s3Runner: StackRunner = {
  stack: "s3",
  emulator: true,
  unavailable: () => null,
  adaptCase(testCase: CaseRequest): CaseRequest {
    return {
      ...testCase,
      request: {
        ...testCase.request,
        headers: testCase.request.headers.filter(([name]) => name.toLowerCase() !== "authorization"),
        credentials: testCase.request.credentials === "include" ? "omit" : testCase.request.credentials,
      },
      expectStatus:
        testCase.route === "fail" ? 404 : testCase.request.method === "DELETE" ? 204 : testCase.expectStatus,
    };
  },
  async start({ snippet, port, paths, route, workDir }) {
    const buckets = new Set(paths.map((path) => path.split("/").filter((s) => s !== "")[0]));
    const [bucket] = buckets;
    if (!bucket || buckets.size > 1 || paths.some((path) => path.split("/").filter((s) => s !== "").length < 2))
      throw new Error(`${paths.join(", ")}: the S3 runner needs /bucket/key paths in one bucket`);
    const source = `import S3rver from "s3rver";
import { join } from "node:path";
const server = new S3rver({
  address: "127.0.0.1",
  port: ${port},
  silent: true,
  // Path style for every host name (the lab calls it api.test): the bucket is the first segment.
  vhostBuckets: false,
  directory: join(${JSON.stringify(workDir)}, "s3"),
  configureBuckets: [{ name: ${JSON.stringify(bucket)}, configs: [${JSON.stringify(corsXml(snippet))}] }],
});
await server.run();
${
  route === "ok"
    ? `// The objects the page reads (anonymous PUTs: s3rver has no access control).
for (const path of ${JSON.stringify(paths)}) {
  const put = await fetch("http://127.0.0.1:${port}" + path, { method: "PUT", body: '{"ok":true}', headers: { "Content-Type": "application/json" } });
  if (put.status !== 200) throw new Error("could not store the object: " + put.status);
}`
    : "// No object: reading it fails with 404 NoSuchKey."
}
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));
`;
    return spawnModule(workDir, "s3.mjs", source, port);
  },
};
