import React from 'react';
import { render, screen } from '@testing-library/react';
import { registryMetadata } from '../../detectors';
import { DetectorForm } from './DetectorForm';
import { CONTEXT_PARAM_NAMES } from './paramChecks';
import { installJsdomStubs } from './testing/jsdomStubs';

let undoStubs: () => void;
beforeAll(() => (undoStubs = installJsdomStubs()));
afterAll(() => undoStubs());

describe('DetectorForm', () => {
  it.each(registryMetadata().map((d) => [d.id, d] as const))(
    "%s: every parameter under its readable registry label, never its id (the time zone is the editors' own)",
    (id, meta) => {
      const { container, unmount } = render(<DetectorForm value={{ detector: id, params: {} }} onChange={jest.fn()} />);
      for (const spec of meta.params) {
        if (CONTEXT_PARAM_NAMES.includes(spec.name)) {
          expect(screen.queryByText(spec.label)).not.toBeInTheDocument();
          continue;
        }
        expect(screen.getAllByText(spec.label).length).toBeGreaterThan(0);
        expect(screen.queryByText(spec.name, { exact: true })).not.toBeInTheDocument();
      }
      expect(container.textContent).toContain(meta.description);
      unmount();
    }
  );

  it('shows a rule between parameters that each value alone passes', () => {
    render(<DetectorForm value={{ detector: 'ensemble', params: { period: 30 } }} onChange={jest.fn()} />);
    expect(screen.getByText(/"period" must be 0 \(no season\) or at least 60 seconds, got 30/)).toBeInTheDocument();
  });
});
