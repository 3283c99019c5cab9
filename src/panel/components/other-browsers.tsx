/**
 * "In other browsers": shown in the detail view when Firefox or Safari decide differently from
 * Chrome, each in its own console words, with the rules by which they depart (collapsed).
 */

import { useMemo } from "preact/hooks";
import { answerInBrowsers, type Diagnosis, type Exchange } from "../../engine/index.js";
import { BROWSER_DIFFERENCE_TEXT, otherBrowsersLine } from "../../explain/browser-texts.js";

export function OtherBrowsers({ exchange, diagnosis }: { exchange: Exchange; diagnosis: Diagnosis }) {
  const answers = useMemo(() => answerInBrowsers(exchange, diagnosis), [exchange, diagnosis]);
  const line = otherBrowsersLine(answers);
  if (!line) return null;
  const codes = [...new Set([...answers.firefox.differences, ...answers.safari.differences].map((d) => d.code))];
  return (
    <div class="note other-browsers" data-testid="other-browsers">
      <p>
        <strong>In other browsers:</strong> {line}
      </p>
      {codes.length > 0 ? (
        <details>
          <summary>Why they differ</summary>
          <ul>
            {codes.map((code) => (
              <li key={code} data-code={code}>
                <strong>{BROWSER_DIFFERENCE_TEXT[code].title}</strong>: {BROWSER_DIFFERENCE_TEXT[code].text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
