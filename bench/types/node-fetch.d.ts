/** node-fetch v2, grammY's HTTP client on Node (bench/tools/httpClients.ts compares it; the package ships no types). */
declare module 'node-fetch' {
  export default function fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; agent?: unknown; signal?: unknown }): Promise<{ json(): Promise<unknown> }>;
}
