import { authHeaders, problemOf, send, url } from './client';

/** Saves a response body as a file, named by its Content-Disposition. */
export async function download(res: Response, fallbackName: string): Promise<string> {
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}

export async function downloadFrom(method: string, path: string, options: Parameters<typeof send>[2], fallbackName: string) {
  return download(await send(method, path, options), fallbackName);
}

export interface UploadResult<T> {
  status: number;
  body: T;
  location: string | null;
}

/**
 * POST/PUT with upload progress (fetch cannot report it): resolves with the parsed answer,
 * rejects with the problem's detail like every other call.
 */
export function upload<T>(
  method: string,
  path: string,
  body: FormData | Blob,
  options: { query?: Record<string, string | boolean | undefined>; headers?: Record<string, string>; onProgress?: (sent: number, total: number) => void } = {},
): Promise<UploadResult<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url(path, options.query));
    for (const [key, value] of Object.entries({ Accept: 'application/json', ...authHeaders(), ...options.headers })) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.total);
    xhr.onerror = () => reject(new Error('The upload was cut off: the service cannot be reached.'));
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ status: xhr.status, body: (xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T, location: xhr.getResponseHeader('Location') });
        return;
      }
      const res = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      reject(await problemOf(res));
    };
    xhr.send(body);
  });
}
