import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createDataFrame, dateTime, FieldType, LoadingState, PanelData, PanelProps } from '@grafana/data';
import { loadBackendFrames } from '../../explain/testing/backendFrames';
import { detectAnomalies } from '../../transformation/detectAnomalies';
import { minuteTimes, promSeriesFrame, spikySeries } from '../../transformation/testing/promFrames';
import { PanelServices, PanelServicesContext } from '../context';
import { AnnotationRecord, NotesService } from '../notes';
import { ExplainError } from '../providers/errors';
import { ExplainServices } from '../providers/explainer';
import { EventsPanel, forgetSessionNotes, PanelOptions } from './EventsPanel';

/**
 * The panel with the real @grafana/ui, on frames from the real backend path (testdata/explain/backend-frames.json)
 * and on the transformation's output. The Grafana-side services (LLM app, resource calls, annotations API) do
 * not exist without a Grafana server; the tests pass recording ones through PanelServicesContext.
 */
const backend = loadBackendFrames();

function answers(...refIds: string[]) {
  const list = refIds.map((r) => backend.answers.find((a) => a.query.refId === r)!);
  return { series: list.flatMap((a) => a.frames), targets: list.map((a) => a.query) };
}

function props(input: { series: PanelData['series']; targets?: any[] }, options: Partial<PanelOptions> = {}) {
  const onChangeTimeRange = jest.fn();
  const p = {
    data: {
      series: input.series,
      state: LoadingState.Done,
      timeRange: { from: dateTime(backend.from), to: dateTime(backend.to), raw: { from: 'now-2d', to: 'now' } },
      request: { targets: input.targets ?? [], dashboardUID: 'dash-1' },
    },
    options: { maxEvents: 50, sortBy: 'severity', explainProvider: 'auto', ...options },
    width: 600,
    height: 500,
    timeZone: 'utc',
    onChangeTimeRange,
    replaceVariables: (s: string) => s,
  } as unknown as PanelProps<PanelOptions>;
  return { p, onChangeTimeRange };
}

/** Recording services: which provider was asked, and with what. */
function services(over: Partial<ExplainServices> = {}) {
  const calls: string[] = [];
  const s: ExplainServices = {
    llmAppEnabled: async () => (calls.push('llmAppEnabled'), false),
    streamLLMApp: async () => void calls.push('streamLLMApp'),
    llmDataSource: () => undefined,
    streamDataSource: async () => (calls.push('streamDataSource'), {}),
    ...over,
  };
  return { s, calls };
}

function notes(initial: AnnotationRecord[] = []) {
  const saved: AnnotationRecord[] = [...initial];
  const service: NotesService = {
    load: async () => saved,
    save: async (a) => (saved.push({ ...a, id: saved.length + 1 }), saved.length),
  };
  return { service, saved };
}

function renderPanel(p: PanelProps<PanelOptions>, panelServices: PanelServices) {
  return render(
    <PanelServicesContext.Provider value={panelServices}>
      <EventsPanel {...p} />
    </PanelServicesContext.Provider>
  );
}

const rows = () => screen.getAllByRole('listitem');
const rowOf = (text: RegExp) => rows().find((r) => text.test(r.textContent ?? ''))!;

async function openAndExplain(row: HTMLElement) {
  fireEvent.click(within(row).getByRole('button', { name: /explain this event/i }));
  await act(async () => {
    fireEvent.click(within(row).getByRole('button', { name: /^Explain$/ }));
  });
}

describe('EventsPanel', () => {
  beforeEach(forgetSessionNotes);

  it('lists every event with series, range, shape, observed vs expected and score, most severe first', async () => {
    const { p } = props(answers('A', 'B'));
    renderPanel(p, { explain: services().s, notes: notes().service });
    const list = rows();
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list[0].textContent).toMatch(/critical/);
    const spike = rowOf(/route="\/checkout"/);
    expect(spike.textContent).toMatch(/2025-06-10 12:00:00/);
    expect(spike.textContent).toMatch(/spike · observed 24\d(\.\d)? vs 10\d(\.\d+)? \(\+1\d\d%\)/);
    expect(spike.textContent).toMatch(/score \d+/);
    expect(rowOf(/api_request_duration_seconds/).textContent).toMatch(/level shift/);
    await act(async () => undefined);
  });

  it('sorts by time when asked', async () => {
    const { p } = props(answers('A', 'B'));
    renderPanel(p, { explain: services().s, notes: notes().service });
    fireEvent.click(screen.getByText('Time'));
    const starts = rows().map((r) => /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(r.textContent ?? '')![1]);
    expect([...starts].sort().reverse()).toEqual(starts);
    await act(async () => undefined);
  });

  it('zooms the dashboard to the event when its row is clicked', async () => {
    const { p, onChangeTimeRange } = props(answers('A'));
    renderPanel(p, { explain: services().s, notes: notes().service });
    fireEvent.click(within(rowOf(/checkout/)).getByRole('button', { name: /zoom to/i }));
    const { from, to } = onChangeTimeRange.mock.calls[0][0];
    const spikeAt = Date.UTC(2025, 5, 10, 12);
    expect(from).toBeLessThan(spikeAt);
    expect(to).toBeGreaterThan(spikeAt);
    expect(to - from).toBeLessThan(6 * 3600_000);
    await act(async () => undefined);
  });

  it('without any LLM: a template note, labelled so, and no provider asked to write', async () => {
    const { s, calls } = services();
    const { p } = props(answers('A'));
    renderPanel(p, { explain: s, notes: notes().service });
    const row = rowOf(/checkout/);
    await openAndExplain(row);
    const note = await within(row).findByLabelText('Explanation');
    expect(note.textContent).toMatch(/Explanation by Template \(no LLM configured\)/);
    expect(note.textContent).toMatch(/Suspected causes/);
    expect(note.querySelector('p strong')?.textContent).toBe('Summary.');
    expect(calls).toEqual(['llmAppEnabled']);
  });

  it('with "Template only" asks nothing at all', async () => {
    const { s, calls } = services({ llmAppEnabled: async () => (calls.push('llmAppEnabled'), true) });
    const { p } = props(answers('A'), { explainProvider: 'template' });
    renderPanel(p, { explain: s, notes: notes().service });
    const row = rowOf(/checkout/);
    await openAndExplain(row);
    expect((await within(row).findByLabelText('Explanation')).textContent).toMatch(/AI explanations are off/);
    expect(calls).toEqual([]);
  });

  it('streams the Grafana LLM app note into the panel, sanitized, with its label', async () => {
    let push: (t: string) => void = () => undefined;
    let finish: () => void = () => undefined;
    const { s } = services({
      llmAppEnabled: async () => true,
      streamLLMApp: (_m, onText) =>
        new Promise<void>((resolve) => {
          push = onText;
          finish = resolve;
        }),
    });
    const { p } = props(answers('B'));
    renderPanel(p, { explain: s, notes: notes().service });
    const row = rows()[0];
    await openAndExplain(row);
    act(() => push('**Summary.** Latency doubled'));
    const note = await within(row).findByLabelText('Explanation');
    expect(note.textContent).toMatch(/Grafana LLM app \(writing…\)/);
    expect(note.textContent).toMatch(/Latency doubled/);
    await act(async () => {
      push('**Summary.** Latency doubled <script>window.__pwned = 1</script><img src="https://evil.example/x.png">');
      finish();
    });
    await waitFor(() => expect(within(row).getByLabelText('Explanation').textContent).not.toMatch(/writing/));
    expect(row.querySelector('script, img')).toBeNull();
    expect(within(row).getByLabelText('Explanation').textContent).toMatch(/Explanation by Grafana LLM app/);
  });

  it('falls back to the template with the reason when the data source endpoint answers 429', async () => {
    const { s } = services({
      llmDataSource: () => ({ uid: 'vigil', name: 'Vigil', model: 'gpt-test' }),
      streamDataSource: async () => {
        throw new ExplainError(
          'rate_limited',
          'the LLM endpoint at api.example answered 429 (rate limited or out of quota)',
          429
        );
      },
    });
    const { p } = props(answers('A'));
    renderPanel(p, { explain: s, notes: notes().service });
    const row = rowOf(/checkout/);
    await openAndExplain(row);
    expect(await within(row).findByText(/AI explanation failed; showing the template/)).toBeInTheDocument();
    expect(within(row).getByText(/answered 429/)).toBeInTheDocument();
    expect(within(row).getByLabelText('Explanation').textContent).toMatch(/Suspected causes/);
  });

  it('saves the note as a region annotation with the vigil tags, and shows saved notes again without asking', async () => {
    const store = notes();
    const { s, calls } = services({
      llmDataSource: () => ({ uid: 'vigil', name: 'Vigil', model: 'gpt-test' }),
      streamDataSource: async (_uid, _m, onText) => {
        calls.push('streamDataSource');
        onText('**Summary.** The checkout traffic spiked.');
        return { model: 'gpt-test' };
      },
    });
    const first = renderPanel(props(answers('A')).p, { explain: s, notes: store.service });
    const row = rowOf(/checkout/);
    await openAndExplain(row);
    expect((await within(row).findByLabelText('Explanation')).textContent).toMatch(
      /OpenAI-compatible endpoint \(gpt-test\) via data source Vigil/
    );
    await act(async () => {
      fireEvent.click(within(row).getByRole('button', { name: /save as annotation/i }));
    });
    expect(store.saved).toHaveLength(1);
    const a = store.saved[0] as AnnotationRecord & { dashboardUID: string };
    expect(a.dashboardUID).toBe('dash-1');
    expect(a.time).toBe(Date.UTC(2025, 5, 10, 12));
    expect(a.timeEnd! - a.time!).toBeGreaterThan(0);
    expect(a.tags).toEqual(['vigil', 'vigil-note', 'mad', 'traffic', 'critical']);
    expect(a.text).toMatch(/^\*\*Summary\.\*\* The checkout traffic spiked\./);
    first.unmount();

    // A new session (another browser): the note comes from the annotation, no provider is asked.
    forgetSessionNotes();
    const fresh = services();
    renderPanel(props(answers('A')).p, { explain: fresh.s, notes: notes(store.saved).service });
    const again = rowOf(/checkout/);
    fireEvent.click(within(again).getByRole('button', { name: /explain this event/i }));
    const note = await within(again).findByLabelText('Explanation');
    expect(note.textContent).toMatch(/The checkout traffic spiked/);
    expect(note.textContent).toMatch(
      /by OpenAI-compatible endpoint \(gpt-test\) via data source Vigil, saved as an annotation/
    );
    expect(within(again).getByRole('button', { name: 'Saved' })).toBeDisabled();
    expect(fresh.calls).toEqual([]);
  });

  it('explains events of the Anomaly detection transformation output (any data source)', async () => {
    const t = minuteTimes(240);
    const input = [
      promSeriesFrame(t, spikySeries(240, 200), { __name__: 'http_requests_total', pod: 'a' }, { legend: 'pod a' }),
    ];
    const output = detectAnomalies(input, { detector: 'mad', params: { window: 30 } });
    const { p } = props({ series: output });
    renderPanel(p, { explain: services().s, notes: notes().service });
    const row = rowOf(/pod a/);
    expect(row.textContent).toMatch(/spike/);
    await openAndExplain(row);
    expect((await within(row).findByLabelText('Explanation')).textContent).toMatch(/Traffic spike on pod a/);
  });

  it('shows an empty state for empty or malformed frames, and a hint for unrelated data', async () => {
    const empty = createDataFrame({ name: 'events', fields: [{ name: 'time', type: FieldType.time, values: [] }] });
    const broken = {
      name: 'x',
      length: 3,
      fields: [{ name: 'expected', type: FieldType.number, config: {}, values: [1] }],
    };
    const { p } = props({ series: [empty, broken as any] });
    const view = renderPanel(p, { explain: services().s, notes: notes().service });
    expect(screen.getByText('No anomalies in this time range.')).toBeInTheDocument();
    view.unmount();
    const band = createDataFrame({
      name: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'value', type: FieldType.number, values: [1] },
      ],
    });
    renderPanel(props({ series: [band] }).p, { explain: services().s, notes: notes().service });
    expect(screen.getByText(/Output set to Events or Band/)).toBeInTheDocument();
    await act(async () => undefined);
  });
});
