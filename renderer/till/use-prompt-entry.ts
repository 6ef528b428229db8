// The entry state of a till prompt that asks one value (a serial number, a weight): the typed
// text, the error shown under it, and how it ends — answered or cancelled, the field cleared
// either way so the next prompt starts empty.
import { useState, type FormEvent } from 'react';

/** What the typed text means: the value to answer with, or the sentence that says what is wrong. */
export type PromptReading<T> = { value: T } | { error: string };

export function usePromptEntry<T>(finish: (value: T | null) => void, read: (text: string) => PromptReading<T>) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = (value: T | null) => {
    setText('');
    setError(null);
    finish(value);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const reading = read(text);
    if ('error' in reading) setError(reading.error);
    else close(reading.value);
  };
  return { text, setText, error, close, submit };
}
