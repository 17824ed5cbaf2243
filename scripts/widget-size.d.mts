/** Gzip size in bytes of the built widget (see widget-size.mjs). */
export function widgetGzipBytes(file?: string): number;
