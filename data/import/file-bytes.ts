import fs from 'node:fs';

const COPY_CHUNK = 4 * 1024 * 1024;

/** Hands bytes [from, end of file) of a file to `sink` in chunks of 4 MB (the chunk is reused). */
export function copyFileBytes(file: string, from: number, sink: (chunk: Uint8Array) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(COPY_CHUNK);
    for (let pos = from; ;) {
      const n = fs.readSync(fd, buf, 0, COPY_CHUNK, pos);
      if (n === 0) break;
      sink(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes [start, end) of a file, in one buffer (shorter when the file ends first). */
export function readFileRange(file: string, start: number, end: number): Buffer {
  const buf = Buffer.allocUnsafe(end - start);
  const fd = fs.openSync(file, 'r');
  try {
    let at = 0;
    while (at < buf.length) {
      const n = fs.readSync(fd, buf, at, buf.length - at, start + at);
      if (n === 0) break;
      at += n;
    }
    return at === buf.length ? buf : buf.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}
