/** The CLI's version, kept equal to package.json's by test/cli/har.test.ts. */
export const VERSION = "0.1.0";
