// Distinct WebAudio beeps per scan outcome, so a picker knows what happened without looking:
// one high chirp for a good scan, a rising pair for a completed line, and a different low pattern
// per kind of mistake (wrong location, wrong product, lot problems, over-pick).
import type { Outcome } from './pick-rules.ts';

interface Tone {
  hz: number;
  ms: number;
  type: OscillatorType;
}

const patterns: Record<Outcome, Tone[]> = {
  'location-ok': [{ hz: 1320, ms: 70, type: 'sine' }],
  'product-ok': [{ hz: 1760, ms: 70, type: 'sine' }],
  'qty-ok': [{ hz: 1760, ms: 50, type: 'sine' }],
  'package-ok': [{ hz: 1100, ms: 60, type: 'sine' }, { hz: 1100, ms: 60, type: 'sine' }],
  'line-done': [{ hz: 1320, ms: 70, type: 'sine' }, { hz: 1980, ms: 110, type: 'sine' }],
  'wrong-location': [{ hz: 330, ms: 140, type: 'square' }, { hz: 330, ms: 140, type: 'square' }],
  'unknown-location': [{ hz: 330, ms: 300, type: 'square' }],
  'wrong-product': [{ hz: 220, ms: 350, type: 'sawtooth' }],
  'unknown-product': [{ hz: 220, ms: 120, type: 'sawtooth' }, { hz: 220, ms: 120, type: 'sawtooth' }],
  'wrong-lot': [{ hz: 440, ms: 90, type: 'square' }, { hz: 260, ms: 200, type: 'square' }],
  'expired-lot': [{ hz: 260, ms: 90, type: 'square' }, { hz: 260, ms: 90, type: 'square' }, { hz: 260, ms: 90, type: 'square' }],
  'lot-required': [{ hz: 500, ms: 200, type: 'triangle' }],
  'put-away': [{ hz: 1320, ms: 60, type: 'sine' }, { hz: 1760, ms: 60, type: 'sine' }, { hz: 1320, ms: 60, type: 'sine' }],
  'weight-required': [{ hz: 880, ms: 120, type: 'triangle' }, { hz: 1100, ms: 120, type: 'triangle' }],
  'expiry-mismatch': [{ hz: 500, ms: 90, type: 'square' }, { hz: 900, ms: 90, type: 'square' }, { hz: 500, ms: 90, type: 'square' }],
  'wrong-destination': [{ hz: 330, ms: 140, type: 'square' }, { hz: 250, ms: 220, type: 'square' }],
  'scan-destination-first': [{ hz: 700, ms: 100, type: 'triangle' }, { hz: 900, ms: 160, type: 'triangle' }],
  'over-pick': [{ hz: 600, ms: 90, type: 'square' }, { hz: 180, ms: 260, type: 'square' }],
  'duplicate-serial': [{ hz: 400, ms: 80, type: 'square' }, { hz: 400, ms: 80, type: 'square' }],
  'scan-location-first': [{ hz: 700, ms: 160, type: 'triangle' }],
  'scan-product-first': [{ hz: 700, ms: 160, type: 'triangle' }],
  'scan-package-first': [{ hz: 900, ms: 100, type: 'triangle' }, { hz: 700, ms: 100, type: 'triangle' }],
  'unknown-package': [{ hz: 300, ms: 120, type: 'sawtooth' }, { hz: 200, ms: 220, type: 'sawtooth' }],
  'invalid-scan': [{ hz: 150, ms: 250, type: 'sawtooth' }],
};

const fine: ReadonlySet<Outcome> = new Set(['location-ok', 'product-ok', 'qty-ok', 'package-ok', 'line-done', 'put-away', 'weight-required']);

/** Shown as an alert: something is wrong, or needs the picker's attention. */
export function isError(outcome: Outcome): boolean {
  return !fine.has(outcome);
}

/** A picker's mistake, counted in the validation's scan errors (a label that disagrees with the books is not one). */
export function isMistake(outcome: Outcome): boolean {
  return isError(outcome) && outcome !== 'expiry-mismatch';
}

let context: AudioContext | null = null;

export function playOutcome(outcome: Outcome): void {
  // The last pattern played, readable by tests and support (a headless browser has no speakers).
  document.documentElement.dataset.lastSound = outcome;
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  let at = context.currentTime;
  for (const tone of patterns[outcome]) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = tone.type;
    osc.frequency.value = tone.hz;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(context.destination);
    osc.start(at);
    osc.stop(at + tone.ms / 1000);
    at += tone.ms / 1000 + 0.05;
  }
}
