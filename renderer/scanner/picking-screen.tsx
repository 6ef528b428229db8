// The picking screen: guides location → product → quantity with immediate feedback (message and
// sound), "+1" / "All" / typed quantity, the package for pack steps, then validation with the
// backorder question and the server's outcome of the claim and the validation.
import { useState } from 'react';
import type { Picking } from '../../shared/schemas/index.ts';
import { describeOutcome } from './event-outcome.ts';
import { pickedQty, scanLocationOf, type PickState } from './pick-rules.ts';
import { QuantityPad } from './quantity-pad.tsx';
import { ScanPrompt } from './scan-prompt.tsx';
import { scannerRuntime } from './scanner-runtime.ts';
import { isError } from './scanner-sounds.ts';
import { useScannerStore } from './scanner-store.ts';

function nextHint(picking: Picking, pick: PickState): string {
  if (pick.locationId === null) return 'Scan the location';
  if (pick.current === null) return 'Scan the product';
  return picking.kind === 'count' ? 'Scan again, +1 or type the counted quantity' : 'Scan again, +1, All or type the quantity';
}

function Lines({ picking, pick }: { picking: Picking; pick: PickState }) {
  const rt = scannerRuntime();
  return (
    <table className="work-list" aria-label="Lines">
      <thead>
        <tr>
          <th>Product</th>
          <th>Location</th>
          <th>Lot</th>
          <th>{picking.kind === 'count' ? 'Expected' : 'Asked'}</th>
          <th>{picking.kind === 'count' ? 'Counted' : 'Picked'}</th>
        </tr>
      </thead>
      <tbody>
        {picking.lines.map((l) => {
          const loc = scanLocationOf(picking, l);
          const done = pickedQty(pick, l.lineId);
          return (
            <tr key={l.lineId} aria-current={pick.current?.lineId === l.lineId} className={done >= l.qty ? 'done' : ''}>
              <td>{rt.catalog.byId.get(l.productId)?.name ?? l.productId}</td>
              <td>{rt.labels.name(loc) ?? `…${loc.slice(-6)}`}</td>
              <td>{l.lot ?? ''}</td>
              <td>{l.qty}</td>
              <td aria-label="Picked quantity">{done}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ValidationOutcome({ eventId }: { eventId: string }) {
  const ack = useScannerStore((s) => s.acks.get(eventId));
  const close = useScannerStore((s) => s.close);
  const o = describeOutcome(ack);
  return (
    <section className="stack" aria-label="Validation">
      <p>Validated on this station.</p>
      <p aria-label="Validation outcome" className={`outcome ${o.state}`}>
        {o.text}
      </p>
      <button type="button" className="primary big" onClick={close}>
        Done
      </button>
    </section>
  );
}

function BackorderQuestion() {
  const validate = useScannerStore((s) => s.validate);
  const cancel = useScannerStore((s) => s.cancelValidate);
  return (
    <section role="dialog" aria-label="Backorder" className="stack">
      <p>Not everything was picked. What about the rest?</p>
      <button type="button" className="primary big" onClick={() => void validate(true)}>
        Backorder the rest
      </button>
      <button type="button" className="big" onClick={() => void validate(false)}>
        No backorder
      </button>
      <button type="button" className="big" onClick={cancel}>
        Keep picking
      </button>
    </section>
  );
}

export function PickingScreen() {
  const picking = useScannerStore((s) => s.pickings.find((p) => p.id === s.openId));
  const pick = useScannerStore((s) => s.pick);
  const feedback = useScannerStore((s) => s.feedback);
  const askBackorder = useScannerStore((s) => s.askBackorder);
  const validatedEventId = useScannerStore((s) => s.validatedEventId);
  const claim = useScannerStore((s) => s.events.find((e) => e.pickingId === s.openId && e.kind === 'claim'));
  const claimAck = useScannerStore((s) => (claim ? s.acks.get(claim.id) : undefined));
  const { scan, plusOne, all, typeQty, setPackage, requestValidate, close, release } = useScannerStore.getState();
  const [pkg, setPkg] = useState('');
  if (!picking) {
    return (
      <main className="scanner-main">
        <p role="alert">This picking is no longer on this station.</p>
        <button type="button" className="big" onClick={close}>
          Back to list
        </button>
      </main>
    );
  }
  const claimOutcome = claim ? describeOutcome(claimAck) : null;
  const me = scannerRuntime().credentials.deviceId;
  const otherClaim = picking.claimedBy && picking.claimedBy !== me ? picking.claimedBy : null;
  const error = feedback ? isError(feedback.outcome) : false;
  return (
    <main className="scanner-main">
      <div className="row scanner-toolbar">
        <h1>
          {picking.reference} <small>({picking.kind}, {picking.step})</small>
        </h1>
        <span className="row">
          {!validatedEventId && !otherClaim && (
            <button type="button" className="big" onClick={() => void release()}>
              Release
            </button>
          )}
          <button type="button" className="big" onClick={close}>
            Back to list
          </button>
        </span>
      </div>
      {otherClaim && !validatedEventId && (
        <p role="alert" className="outcome exception">
          Claimed by another station (…{otherClaim.slice(-6)}): its picker may be working on it.
        </p>
      )}
      {claimOutcome && claimOutcome.state !== 'applied' && (
        <p aria-label="Claim outcome" className={`outcome ${claimOutcome.state}`}>
          Claim: {claimOutcome.text}
        </p>
      )}
      {validatedEventId ? (
        <ValidationOutcome eventId={validatedEventId} />
      ) : (
        <>
          <ScanPrompt hint={nextHint(picking, pick)} message={feedback?.message ?? ''} error={error} onCode={scan} />
          <Lines picking={picking} pick={pick} />
          <QuantityPad onPlusOne={plusOne} onAll={all} onQuantity={typeQty} />
          {picking.step === 'pack' && (
            <form className="row" onSubmit={(e) => (e.preventDefault(), setPackage(pkg))}>
              <label>
                Package
                <input value={pkg} onChange={(e) => setPkg(e.target.value)} autoComplete="off" />
              </label>
              <button type="submit" className="big">
                Put in package
              </button>
              <span aria-label="Current package">{pick.packageId ?? 'none'}</span>
            </form>
          )}
          {askBackorder ? (
            <BackorderQuestion />
          ) : (
            <button type="button" className="primary big validate" onClick={() => void requestValidate()}>
              Validate
            </button>
          )}
        </>
      )}
    </main>
  );
}
