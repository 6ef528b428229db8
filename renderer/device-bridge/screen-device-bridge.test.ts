import { describe, expect, it } from 'vitest';
import type { PrintJob, ScanEvent } from '../../shared/device-bridge.ts';
import type { Receipt } from '../../shared/receipt/receipt-model.ts';
import { createScreenDeviceBridge } from './screen-device-bridge.ts';

const receipt: Receipt = {
  columns: 32,
  lines: [
    { kind: 'text', text: 'Épicerie', align: 'center', bold: true },
    { kind: 'text', text: 'Total                     4,50 €' },
    { kind: 'qr', data: 'AISLE:R:T1:1:abc' },
    { kind: 'cut' },
  ],
};

describe('screen device bridge', () => {
  it('prints to memory as text the till can show, and reports the job', async () => {
    const b = createScreenDeviceBridge({ now: () => 1000 });
    const events: PrintJob[] = [];
    b.onPrintJob((j) => events.push(j));
    const r = await b.printReceipt(receipt, { reference: 'T1-1' });
    expect(r).toMatchObject({ ok: true, value: { state: 'printed', printerId: 'screen', reference: 'T1-1' } });
    expect(events).toHaveLength(1);
    expect(b.screenJobs()[0]?.text.split('\n')).toEqual(['            Épicerie', 'Total                     4,50 €', '        AISLE:R:T1:1:abc']);
  });

  it('reprints from memory and refuses unknown jobs', async () => {
    const b = createScreenDeviceBridge();
    const r = await b.printReceipt(receipt);
    if (!r.ok) throw new Error(r.error.message);
    expect(await b.reprint(r.value.jobId)).toMatchObject({ ok: true, value: { reprintOf: r.value.jobId } });
    expect(b.screenJobs()).toHaveLength(2);
    expect(await b.reprint('x')).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('has a virtual drawer and printer, and injects scans', async () => {
    const b = createScreenDeviceBridge();
    expect(await b.openDrawer()).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    expect(await b.printerStatus()).toMatchObject({ ok: true, value: { online: true } });
    const scans: ScanEvent[] = [];
    b.onScan((e) => scans.push(e));
    b.injectScan('4006381333931');
    expect(scans[0]).toMatchObject({ raw: '4006381333931', source: 'virtual' });
  });
});
