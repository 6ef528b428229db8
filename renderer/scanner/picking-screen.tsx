// The picking screen: guides location → product → quantity (→ destination for transfers) with
// immediate feedback (message and sound), "+1" / "All" / typed quantity, the package for pack
// steps, then validation with the backorder question and the server's outcome of the claim and
// the validation. Count tasks are blind unless the site shows expected quantities, and "Nothing
// else here" (asked twice) is the only way to count listed lines at zero.
import { useState } from 'react';
import type { Picking } from '../../shared/schemas/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { describeOutcome } from './event-outcome.ts';
import { EventOutcomePanel } from './event-outcome-panel.tsx';
import { inHand, pickedQty, remainingQty, scanLocationOf, type PickState } from './pick-rules.ts';
import { partnerText, pickingKindText } from './picking-words.ts';
import { stationName, ValidationSummary } from './validation-summary.tsx';
import { QuantityPad } from './quantity-pad.tsx';
import { ScanPrompt } from './scan-prompt.tsx';
import { scannerRuntime } from './scanner-runtime.ts';
import { isError } from './scanner-sounds.ts';
import { useScannerStore } from './scanner-store.ts';
import { counted } from '../../shared/text/count.ts';

function nextHint(picking: Picking, pick: PickState): string {
  const carried = inHand(picking, pick);
  const currentLine = picking.lines.find((l) => l.lineId === pick.current?.lineId);
  if (carried.length > 0 && (pick.locationId === null || !currentLine || remainingQty(pick, currentLine) === 0)) {
    const to = [...new Set(carried.map((e) => picking.lines.find((l) => l.lineId === e.lineId)?.toLocationId ?? ''))];
    return `Scan the destination ${to.map((id) => scannerRuntime().labels.name(id) ?? id).join(', ')}`;
  }
  if (pick.locationId === null) {
    // Named: a picker whose label is torn types what the screen says.
    const next = picking.lines.find((l) => remainingQty(pick, l) > 0);
    const where = next === undefined ? undefined : scannerRuntime().labels.name(scanLocationOf(picking, next));
    const what = picking.kind === 'transfer' ? 'Scan the source location' : 'Scan the location';
    return where === undefined ? what : `${what} ${where}`;
  }
  if (pick.current === null) return 'Scan the product';
  return picking.kind === 'count' ? 'Scan again, +1 or type the counted quantity' : 'Scan again, +1, All or type the quantity';
}

/**
 * Count tasks hide what the books expect unless the task (or, for tasks that do not say, the site)
 * allows it: a picker counts what is there.
 */
function useShowsExpected(picking: Picking | undefined): boolean {
  const siteAllows = useConfigStore((s) => s.config.site?.countShowsExpected === true);
  return picking?.kind !== 'count' || (picking.showsExpected ?? siteAllows);
}

function Lines({ picking, pick }: { picking: Picking; pick: PickState }) {
  const rt = scannerRuntime();
  const showExpected = useShowsExpected(picking);
  const count = picking.kind === 'count';
  const transfer = picking.kind === 'transfer';
  const where = (id: string): string => rt.labels.name(id) ?? `…${id.slice(-6)}`;
  // Only lot-tracked goods have a lot: a column of blanks (a blank row on each card of a handheld) says nothing.
  const lots = picking.lines.some((l) => l.lot !== undefined && l.lot !== '');
  // A receipt's lines are what the supplier should bring and what came (Odoo's Demand / Quantity).
  const receipt = picking.kind === 'receipt';
  const asked = count || receipt ? 'Expected' : 'Asked';
  const doneWord = count ? 'Counted' : receipt ? 'Received' : 'Picked';
  return (
    <table className="work-list lines" aria-label="Lines">
      <thead>
        <tr>
          <th>Product</th>
          <th>{transfer ? 'From' : 'Location'}</th>
          {transfer && <th>To</th>}
          {lots && <th>Lot</th>}
          {showExpected && <th>{asked}</th>}
          <th>{doneWord}</th>
        </tr>
      </thead>
      <tbody>
        {picking.lines.map((l) => {
          const done = pickedQty(pick, l.lineId);
          const counted = done > 0 || pick.zeroed.includes(l.lineId);
          return (
            <tr key={l.lineId} aria-current={pick.current?.lineId === l.lineId} className={(count ? counted : done >= l.qty) ? 'done' : ''}>
              <td data-label="Product">{rt.catalog.byId.get(l.productId)?.name ?? l.productId}</td>
              <td data-label={transfer ? 'From' : 'Location'}>{where(scanLocationOf(picking, l))}</td>
              {transfer && (
                <td data-label="To" aria-label="Destination">
                  {where(l.toLocationId)}
                </td>
              )}
              {lots && <td data-label="Lot">{l.lot ?? ''}</td>}
              {showExpected && <td data-label={asked}>{l.qty}</td>}
              <td data-label={doneWord} aria-label="Picked quantity">
                {count && !counted ? 'not counted' : done}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ValidationOutcome({ picking, eventId }: { picking: Picking; eventId: string }) {
  const event = useScannerStore((s) => s.events.find((e) => e.id === eventId));
  const close = useScannerStore((s) => s.close);
  return (
    <EventOutcomePanel eventId={eventId} label="Validation" outcomeLabel="Validation outcome" onDone={close}>
      <p>Validated on this station.</p>
      {event && <ValidationSummary picking={picking} event={event} />}
    </EventOutcomePanel>
  );
}

function BackorderQuestion({ picking, pick }: { picking: Picking; pick: PickState }) {
  const validate = useScannerStore((s) => s.validate);
  const cancel = useScannerStore((s) => s.cancelValidate);
  const rt = scannerRuntime();
  const missing = picking.lines.map((l) => ({ l, left: remainingQty(pick, l) })).filter((m) => m.left > 0);
  const units = missing.reduce((n, m) => n + m.left, 0);
  return (
    <section role="dialog" aria-label="Backorder" className="stack">
      <p>
        {units} missing on {counted(missing.length, 'line')}: {missing.map((m) => `${m.left} × ${rt.catalog.byId.get(m.l.productId)?.name ?? m.l.productId}`).join(', ')}. What about
        the rest?
      </p>
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

function ZeroQuestion({ lines, location }: { lines: number; location: string }) {
  const confirm = useScannerStore((s) => s.confirmZero);
  const cancel = useScannerStore((s) => s.cancelZero);
  return (
    <section role="dialog" aria-label="Nothing else here" className="stack">
      <p>
        Nothing else at {location}? {lines} listed line{lines === 1 ? ' was' : 's were'} not counted and will be counted at 0.
      </p>
      <button type="button" className="primary big" onClick={confirm}>
        Set {counted(lines, 'line')} to 0
      </button>
      <button type="button" className="big" onClick={cancel}>
        Keep counting
      </button>
    </section>
  );
}

export function PickingScreen() {
  const picking = useScannerStore((s) => s.pickings.find((p) => p.id === s.openId));
  const pick = useScannerStore((s) => s.pick);
  const feedback = useScannerStore((s) => s.feedback);
  const askBackorder = useScannerStore((s) => s.askBackorder);
  const askZero = useScannerStore((s) => s.askZero);
  const stations = useConfigStore((s) => s.config.site?.stations);
  const validatedEventId = useScannerStore((s) => s.validatedEventId);
  const claim = useScannerStore((s) => s.events.find((e) => e.pickingId === s.openId && e.kind === 'claim'));
  const claimAck = useScannerStore((s) => (claim ? s.acks.get(claim.id) : undefined));
  const { scan, plusOne, all, typeQty, setPackage, requestValidate, close, release, nothingElse } = useScannerStore.getState();
  const [pkg, setPkg] = useState('');
  const showsExpected = useShowsExpected(picking);
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
  const partner = partnerText(picking);
  return (
    <main className="scanner-main">
      <div className="row scanner-toolbar">
        <h1>
          {picking.reference} <small>{pickingKindText(picking)}</small>
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
      {partner !== null && <p className="partner" aria-label="For">{partner}</p>}
      {otherClaim && !validatedEventId && (
        <p role="alert" className="outcome exception">
          Claimed by {stationName(stations, otherClaim)}: its picker may be working on it.
        </p>
      )}
      {claimOutcome && claimOutcome.state !== 'applied' && (
        <p aria-label="Claim outcome" className={`outcome ${claimOutcome.state}`}>
          Claim: {claimOutcome.text}
        </p>
      )}
      {validatedEventId ? (
        <ValidationOutcome picking={picking} eventId={validatedEventId} />
      ) : (
        <>
          <ScanPrompt hint={nextHint(picking, pick)} message={feedback?.message ?? ''} error={error} onCode={scan} />
          <Lines picking={picking} pick={pick} />
          <QuantityPad onPlusOne={plusOne} {...(showsExpected ? { onAll: all } : {})} onQuantity={typeQty} />
          {picking.kind === 'count' && askZero === null && (
            <button type="button" className="big" onClick={nothingElse}>
              Nothing else here
            </button>
          )}
          {askZero !== null && <ZeroQuestion lines={askZero} location={scannerRuntime().labels.name(picking.lines[0]?.fromLocationId ?? '') ?? 'this location'} />}
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
            <BackorderQuestion picking={picking} pick={pick} />
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
