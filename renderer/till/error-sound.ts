// The error beep for unknown or invalid scans (WebAudio: no sound file to ship or load).
let context: AudioContext | null = null;

export function playErrorSound(): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.type = 'square';
  osc.frequency.value = 220;
  gain.gain.value = 0.2;
  osc.connect(gain).connect(context.destination);
  osc.start();
  osc.stop(context.currentTime + 0.25);
}
