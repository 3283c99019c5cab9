/**
 * Writes a report piece by piece: the head, then each exchange as it is built, then the tail.
 * Pieces are gathered into chunks of about CHUNK_CHARS and each chunk is awaited, so memory holds
 * one exchange and one chunk however many exchanges there are.
 */

import type { ReportExchange } from "./model.js";
import type { ReportHead, ReportParts } from "./parts.js";

const CHUNK_CHARS = 256 * 1024;

export async function streamReport(
  parts: ReportParts,
  head: ReportHead,
  exchanges: Iterable<ReportExchange>,
  write: (chunk: string) => Promise<void>,
  chunkChars = CHUNK_CHARS,
): Promise<void> {
  let pending = parts.head(head);
  let index = 0;
  for (const x of exchanges) {
    pending += parts.exchange(x, index++);
    if (pending.length >= chunkChars) {
      await write(pending);
      pending = "";
    }
  }
  if (index !== head.count) throw new Error(`the report's head counted ${head.count} exchanges, not ${index}`);
  await write(pending + parts.tail(index));
}
