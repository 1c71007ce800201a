/** Where a test client sends its requests: a real server's base URL, or an app's fetch handler in this process. */
export type Target = string | { request(path: string, init?: RequestInit): Promise<Response> };

export function send(target: Target, path: string, init?: RequestInit): Promise<Response> {
  return typeof target === 'string' ? fetch(`${target}${path}`, init) : target.request(path, init);
}
