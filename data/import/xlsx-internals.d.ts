// Typings for the pieces of ExcelJS and unzipper that xlsx-archive.ts uses and that ship none.
declare module 'exceljs/lib/utils/iterate-stream.js' {
  export default function iterateStream(stream: NodeJS.ReadableStream): AsyncIterable<unknown>;
}

declare module 'exceljs/lib/stream/xlsx/worksheet-reader.js' {
  import type { Row } from 'exceljs';
  export default class WorksheetReader implements AsyncIterable<Row> {
    constructor(args: { workbook: unknown; id: number; iterator: AsyncIterable<unknown>; options: unknown });
    name: string;
    [Symbol.asyncIterator](): AsyncIterator<Row>;
  }
}

declare module 'unzipper' {
  interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    /** Sizes as the central directory states them (what the archive claims, read before unpacking). */
    compressedSize: number;
    uncompressedSize: number;
    stream(): NodeJS.ReadableStream;
  }
  const unzipper: { Open: { file(path: string): Promise<{ files: CentralDirectoryFile[] }> } };
  export default unzipper;
}
