import { workerData } from "node:worker_threads";
import { isHarWorker, runHarWorker } from "./har-worker.js";
import { main } from "./main.js";

// The bundled CLI is also the script of its own worker threads (`har` on large files).
if (isHarWorker(workerData)) void runHarWorker(workerData);
else runCli();

function runCli(): void {
  // `cors-doctor ... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cors-doctor: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
