/**
 * Standard output for the CLI's lines. When it is a file (or /dev/null), Node turns each string
 * into a new Buffer before its synchronous write; for `har --json` on 100,000 entries (60 MB) that
 * allocation was most of the writing's time. Here such text is encoded into one reused buffer and
 * written with `fs.writeSync`, as Node's own file stdout (SyncWriteStream) does, in the same order.
 * Terminals and pipes keep Node's stream.
 */

import { writeSync } from "node:fs";

/** Node marks its file stdout (SyncWriteStream) with this private type. */
interface MaybeFileStream {
  readonly _type?: unknown;
  readonly fd?: unknown;
}

/** A function writing `text` and a newline to standard output. */
export function stdoutLines(stdout: NodeJS.WriteStream = process.stdout): (text: string) => void {
  const stream = stdout as NodeJS.WriteStream & MaybeFileStream;
  const fd = stream.fd;
  if (stream._type !== "fs" || typeof fd !== "number") return (text) => stdout.write(`${text}\n`);
  let buffer = Buffer.allocUnsafeSlow(1 << 20);
  return (text) => {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const most = text.length * 3 + 1;
    if (most > buffer.length) buffer = Buffer.allocUnsafeSlow(Math.max(most, buffer.length * 2));
    let length = buffer.write(text, 0);
    buffer[length++] = 0x0a;
    for (let done = 0; done < length; ) done += writeSync(fd, buffer, done, length - done);
  };
}
