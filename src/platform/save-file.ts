/** Saves text the user asked to export: a download of an object URL (no downloads permission needed). */
export function saveFile(name: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Chrome/156.0.8078.79" from the user agent, for reports. */
export function browserVersion(): string | null {
  return /(?:Chrome|Chromium|Firefox|Edg)\/[\d.]+/.exec(navigator.userAgent)?.[0] ?? null;
}
