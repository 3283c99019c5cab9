// The MIME type class of whatwg-mimetype (jsdom's implementation of the MIME Sniffing standard).
// Imported by its file path so the 24 KB sniffing table in the package index stays out of bundles.
declare module "whatwg-mimetype/lib/mime-type.js" {
  export default class MIMEType {
    static parse(input: string): MIMEType | null;
    readonly essence: string;
    readonly type: string;
    readonly subtype: string;
  }
}
