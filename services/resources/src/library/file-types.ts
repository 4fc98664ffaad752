import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';

/**
 * The document types a library accepts, by the type detected from the content. Legacy binary
 * Office formats are left out on purpose: their container (CFB) is also what Windows installers
 * use, so the content cannot tell a .doc from a disguised .msi.
 */
export const ACCEPTED_TYPES: Record<string, { extensions: string[]; label: string }> = {
  'application/pdf': { extensions: ['pdf'], label: 'a PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], label: 'a Word document' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], label: 'an Excel workbook' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { extensions: ['pptx'], label: 'a PowerPoint presentation' },
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'], label: 'an OpenDocument text' },
  'application/vnd.oasis.opendocument.spreadsheet': { extensions: ['ods'], label: 'an OpenDocument spreadsheet' },
  'application/vnd.oasis.opendocument.presentation': { extensions: ['odp'], label: 'an OpenDocument presentation' },
  'image/png': { extensions: ['png'], label: 'a PNG image' },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], label: 'a JPEG image' },
  'image/gif': { extensions: ['gif'], label: 'a GIF image' },
  'image/webp': { extensions: ['webp'], label: 'a WebP image' },
};

export const ACCEPTED_EXTENSIONS = new Set(Object.values(ACCEPTED_TYPES).flatMap((type) => type.extensions));

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * How much of a file detection may read. Every accepted type is told apart within its first
 * bytes except the zip-based ones (Office, OpenDocument), whose telling entry sits near the
 * start in practice; a zip that hides it further in is refused as an unknown zip, never let in.
 */
const DETECTION_BYTES = 8 * 1024 * 1024;

async function head(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

export type Verdict = { ok: true; contentType: string } | { ok: false; message: string };

/**
 * Decides from the bytes what a file is, and whether its name tells the truth about it: an
 * executable called report.pdf is refused, and so is a PNG called report.pdf.
 */
export async function judgeContent(stream: Readable, fileName: string): Promise<Verdict> {
  let detected: { mime: string } | undefined;
  try {
    detected = await fileTypeFromBuffer(await head(stream, DETECTION_BYTES));
  } finally {
    stream.destroy();
  }
  const accepted = detected ? ACCEPTED_TYPES[detected.mime] : undefined;
  if (!detected || !accepted) {
    return { ok: false, message: 'This file is not a PDF, an Office or OpenDocument file, or an image, whatever its name says.' };
  }
  const extension = extensionOf(fileName);
  if (!accepted.extensions.includes(extension)) {
    return { ok: false, message: `This file's content is ${accepted.label}, which does not match its name ${fileName}.` };
  }
  return { ok: true, contentType: detected.mime };
}
