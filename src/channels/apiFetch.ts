/**
 * The HTTP client a channel's API calls go through, in the shape grammY's `fetch` option takes
 * (a POST with a JSON or multipart body, its signal, `json()` of the answer): grammY's, and
 * the Graph API sender's (WhatsApp Cloud). The runtime gives
 * one (Node: runtime/undiciFetch.ts); without it, the library's own default.
 */
export type ApiFetch = (url: string | URL, init?: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal | null }) => Promise<ApiResponse>;

export interface ApiResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}
