import { fireEvent, screen } from '@testing-library/react';
import { DETECTOR_OPTIONS } from '../paramChecks';

/** The row the Combobox highlights (downshift's aria-activedescendant ends in "-item-<index>"), or -1. */
function highlighted(input: HTMLElement): number {
  const m = /-item-(\d+)$/.exec(input.getAttribute('aria-activedescendant') ?? '');
  return m ? Number(m[1]) : -1;
}

/**
 * Picks a detector in the form's Combobox with the keyboard, as a user can (jsdom has no layout, so the virtualised
 * menu renders no rows to click): open the menu, arrow to the wanted row, Enter.
 */
export function pickDetector(wanted: string) {
  const input = screen.getByLabelText('Detector');
  const to = DETECTOR_OPTIONS.findIndex((d) => d.value === wanted);
  if (to < 0) {
    throw new Error(`no detector ${wanted}`);
  }
  input.focus();
  fireEvent.keyDown(input, { key: 'ArrowDown' }); // opens the menu
  for (let guard = 0; highlighted(input) !== to && guard < 2 * DETECTOR_OPTIONS.length; guard++) {
    fireEvent.keyDown(input, { key: highlighted(input) < to ? 'ArrowDown' : 'ArrowUp' });
  }
  if (highlighted(input) !== to) {
    throw new Error(`could not highlight ${wanted} in the detector menu`);
  }
  fireEvent.keyDown(input, { key: 'Enter' });
}
