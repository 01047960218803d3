// Real images for the tests: JPEG, PNG and WebP made by the browser's own encoders (a canvas), a
// decompression bomb made by hand (a valid 20000×20000 PNG of a few dozen KB), and their hashes.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { deflateSync, crc32 } from 'node:zlib';
import { Page } from '@playwright/test';

export interface ImageFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** An image drawn on a canvas and encoded by Chromium. `noise` (0..1) makes it hard to compress,
 * so a big canvas gives a big file (a photo-like size). */
export async function canvasImage(
  page: Page,
  { width, height, type, noise = 0, name }: { width: number; height: number; type: 'image/png' | 'image/jpeg' | 'image/webp'; noise?: number; name: string },
): Promise<ImageFile> {
  const base64 = await page.evaluate(
    async ({ width, height, type, noise }) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      const gradient = ctx.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#2b6cb0');
      gradient.addColorStop(1, '#f6ad55');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, width, height);
      if (noise > 0) {
        const pixels = ctx.getImageData(0, 0, width, height);
        for (let i = 0; i < pixels.data.length; i += 4) {
          for (let c = 0; c < 3; c++) pixels.data[i + c] = pixels.data[i + c] * (1 - noise) + Math.random() * 255 * noise;
        }
        ctx.putImageData(pixels, 0, 0);
      }
      const blob = await canvas.convertToBlob({ type, quality: 0.92 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    },
    { width, height, type, noise },
  );
  return { name, mimeType: type, buffer: Buffer.from(base64, 'base64') };
}

/** A valid PNG of width×height black pixels, 1 bit per pixel: tiny on disk, enormous decoded. */
export function pngBomb(width: number, height: number): ImageFile {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + zero pixels
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { name: 'bomb.png', mimeType: 'image/png', buffer: png };
}

export function sha256(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Fetches a URL of the server and returns its bytes and headers. */
export async function download(url: string): Promise<{ status: number; type: string | null; nosniff: string | null; bytes: Buffer }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    nosniff: response.headers.get('x-content-type-options'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Posts a submission with an image straight to `POST /sync`, as a form, without the page. Like
 * curl with a large body, it asks `Expect: 100-continue` and sends the body only when the server
 * says so: a server that refuses by the announced length answers without reading it. */
export async function postForm(serverUrl: string, id: string, name: string, image: ImageFile) {
  const form = new FormData();
  form.append('id', id);
  form.append('name', name);
  form.append('image', new Blob([new Uint8Array(image.buffer)], { type: image.mimeType }), image.name);
  const encoded = new Request(serverUrl, { method: 'POST', body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = httpRequest(`${serverUrl}/sync`, {
      method: 'POST',
      headers: {
        'content-type': encoded.headers.get('content-type')!,
        'content-length': String(body.length),
        expect: '100-continue',
      },
    });
    request.on('continue', () => request.end(body));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}
