import { spawnModule } from "../node-apps.js";
import type { StackRunner } from "../runner.js";

/** Fastify 5 with @fastify/cors 11, both from this project's devDependencies; an ES module. */
export const fastifyRunner: StackRunner = {
  stack: "fastify",
  unavailable: () => null,
  async start({ snippet, port, paths, route, workDir }) {
    const app = `import Fastify from "fastify";
const fastify = Fastify();

${snippet}

// A typical authentication layer: writes need a bearer token.
fastify.addHook("onRequest", async (request, reply) => {
  if (request.method !== "GET" && !request.headers.authorization) return reply.code(401).send({ error: "unauthorized" });
});
for (const url of ${JSON.stringify(paths)}) {
  fastify.route({
    method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    url,
    handler: async () => {
      ${route === "fail" ? 'throw new Error("the handler failed");' : "return { ok: true };"}
    },
  });
}
await fastify.listen({ port: ${port}, host: "127.0.0.1" });
`;
    return spawnModule(workDir, "app.mjs", app, port);
  },
};
