/** JSON columns are text in both dialects. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromJsonObject(text: string): Record<string, unknown> {
  const v: unknown = JSON.parse(text);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
