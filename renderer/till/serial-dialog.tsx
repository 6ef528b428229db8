// Asks the serial number of a serial-numbered product added without one (its label had no GS1
// serial): scanned into the field (a scan there is the answer, not a new product) or typed.
// A GS1 label scanned here gives its AI 21 serial.
import { parseScan } from '../../shared/barcode/index.ts';
import { NumberPad } from './number-pad.tsx';
import { useTillUiStore } from './till-ui-store.ts';
import { usePromptEntry, type PromptReading } from './use-prompt-entry.ts';

const SERIAL_MAX = 40;

/** The serial a scanned or typed text stands for: a GS1 label's AI 21, else the text itself. */
export function serialOf(text: string): string {
  const trimmed = text.trim();
  const scan = parseScan(trimmed);
  return scan.kind === 'gs1' && scan.fields.serial ? scan.fields.serial : trimmed;
}

function readSerial(text: string): PromptReading<string> {
  const serial = serialOf(text);
  if (serial === '') return { error: 'Scan or type the serial number on the unit' };
  if (serial.length > SERIAL_MAX) return { error: `A serial number has at most ${SERIAL_MAX} characters` };
  return { value: serial };
}

export function SerialDialog() {
  const request = useTillUiStore((s) => s.serial);
  const finish = useTillUiStore((s) => s.finishSerial);
  const { text, setText, error, close, submit } = usePromptEntry(finish, readSerial);
  if (!request) return null;
  const { product } = request;
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label={`Serial number of ${product.name}`} className="modal stack" onSubmit={submit}>
        <h2>{product.name}</h2>
        <p>Each unit has its own serial number: scan it from the unit or its box, or type it.</p>
        <label>
          Serial number
          <input value={text} onChange={(e) => setText(e.target.value)} autoFocus autoComplete="off" data-scan-entry=""
            onKeyDown={(e) => { if (e.key === 'Escape') close(null); }} />
        </label>
        <NumberPad value={text} onChange={setText} label="Keypad" />
        <div className="row">
          <button type="submit" className="primary">Add</button>
          <button type="button" onClick={() => close(null)}>Cancel</button>
        </div>
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}
