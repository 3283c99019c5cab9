/** Opens a row's detail view in a rendered panel (happy-dom), for the panel tests that read it. */

import { act, fireEvent, screen } from "@testing-library/preact";
import { expect } from "vitest";

/** Selects the row of `url` and waits for its detail view (loaded on demand). */
export async function openDetail(url: string): Promise<HTMLElement> {
  const row = screen.queryAllByTestId("exchange-row").find((r) => r.dataset.url === url);
  expect(row, url).toBeDefined();
  act(() => {
    fireEvent.click(row as HTMLElement);
  });
  return screen.findByTestId("detail", undefined, { timeout: 10_000 });
}
