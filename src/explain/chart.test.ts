import { createTheme } from '@grafana/data';
import { seriesColor } from '../outputs/outputs';
import { MARKER_COLOR, SERIES_COLOR } from './chart';

describe('report chart colours', () => {
  it("are Grafana's: the classic palette's first colour for the series, red for the markers", () => {
    const theme = createTheme();
    expect(SERIES_COLOR).toBe(theme.visualization.getColorByName(seriesColor(0)));
    expect(MARKER_COLOR).toBe(theme.visualization.getColorByName('red'));
  });
});
