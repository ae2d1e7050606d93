// The one fetch helper for client code: sends JSON, adds the CSRF header that
// every write needs (copied from the curator_csrf cookie set at sign-in), and
// turns problem+json answers into ApiError. Importable from any client component.

export const CSRF_COOKIE = "curator_csrf";
export const CSRF_HEADER = "x-csrf-token";

export interface FieldError {
  field: string;
  message: string;
  line?: number | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    /** problem+json `errors`: field errors for 400s, or the details of a 409 (e.g. the current revision). */
    readonly errors: unknown = undefined,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Field errors, when the server sent a list of them. */
  get fieldErrors(): FieldError[] {
    return Array.isArray(this.errors) ? (this.errors as FieldError[]).filter((e) => e && typeof e.field === "string") : [];
  }
}

export function readCsrfToken(): string {
  if (typeof document === "undefined") return "";
  const pair = document.cookie.split("; ").find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : "";
}

export interface ApiFetchOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", ...options.headers };
  if (method !== "GET") headers[CSRF_HEADER] = readCsrfToken();
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal, credentials: "same-origin" });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "NetworkError", "Could not reach the server; check that it is running and try again.");
  }
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  const data = text && (type.includes("json") ? safeJson(text) : undefined);
  if (!response.ok) {
    const problem = (data && typeof data === "object" ? data : {}) as { title?: string; detail?: string; errors?: unknown };
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail ?? (text.slice(0, 300) || `HTTP ${response.status}`), problem.errors);
  }
  return (data === "" ? undefined : data) as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A message fit for the screen: the server's detail, with its field errors. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors.map((f) => `${f.field}${f.line ? ` (line ${f.line})` : ""}: ${f.message}`);
    return fields.length && !error.message.includes(fields[0]!) ? `${error.message} — ${fields.join("; ")}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
