import type Pdf from 'pdfkit';
import { DateTime } from 'luxon';
import type { CertificateRecord } from './attendance';

/** A one-page certificate of attendance, with the code anyone can check. */
export function renderCertificate(record: CertificateRecord, attendee: string, verifyHint: string): Promise<Buffer> {
  // pdfkit and its fonts (1.7 MB of code) are loaded on the first certificate, not by every events process at start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  const PDFDocument = require('pdfkit') as typeof Pdf;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56, info: { Title: `Certificate of attendance ${record.code}`, Author: 'Praxis' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const date = DateTime.fromJSDate(new Date(record.attendedOn), { zone: record.timeZone }).toFormat('d LLLL yyyy');
    doc.font('Helvetica-Bold').fontSize(30).text('Certificate of attendance', { align: 'center' });
    doc.moveDown(1.5);
    doc.font('Helvetica').fontSize(14).text('This certifies that', { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(24).text(attendee, { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(14).text('attended', { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(18).text(record.eventTitle, { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(14).text(`on ${date}`, { align: 'center' });
    if (record.hours > 0) {
      doc.moveDown(0.5);
      doc.text(`Continuing professional development: ${record.hours} hours`, { align: 'center' });
    }
    doc.moveDown(3);
    doc.fontSize(11).text(`Verification code: ${record.code}`, { align: 'center' });
    doc.fontSize(9).fillColor('#555555').text(verifyHint, { align: 'center' });
    doc.end();
  });
}
