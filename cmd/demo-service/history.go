package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// History is the past the demo service simulates at start, so a fresh demo stack shows a week of traffic with
// its injected anomalies at once instead of sitting in NoData for the first hour.
type History struct {
	Length   time.Duration     // how far back the history starts (0 = no history)
	File     string            // where the OpenMetrics text goes (promtool tsdb create-blocks-from openmetrics)
	Interval time.Duration     // one sample per series every Interval, as Prometheus would scrape
	Labels   map[string]string // target labels Prometheus adds when it scrapes the live service (job, instance)
}

// historyRecorder keeps every series' samples in memory until the end: OpenMetrics wants each metric family's
// samples together, and the simulator produces them a scrape at a time. A week at 15 s is 40 320 scrapes of
// about 50 series: some 2 million float64 values.
type historyRecorder struct {
	times  []int64 // Unix milliseconds of each scrape
	series map[string]*recordedSeries
}

type recordedSeries struct {
	name   string
	labels string    // {k="v",…}, sorted by name
	values []float64 // one per scrape; NaN before the series first appears
}

// RecordHistory advances sim from its start to end in steps of every and records what a scrape of g would
// have returned at each step (the scrape at the start sees the registered series at zero). The simulator is
// left at end, so the live service continues the same counters and the same anomaly schedule.
func RecordHistory(sim *Simulator, g prometheus.Gatherer, end time.Time, every time.Duration, labels map[string]string) (*historyRecorder, error) {
	if every <= 0 {
		return nil, fmt.Errorf("history interval must be positive, got %s", every)
	}
	r := &historyRecorder{series: map[string]*recordedSeries{}}
	t := sim.start
	for !t.After(end) {
		if err := r.scrape(g, t, labels); err != nil {
			return nil, err
		}
		next := t.Add(every)
		if next.After(end) {
			break
		}
		sim.Step(next, every)
		t = next
	}
	if rest := end.Sub(t); rest > 0 {
		sim.Step(end, rest)
	}
	return r, nil
}

func (r *historyRecorder) scrape(g prometheus.Gatherer, at time.Time, target map[string]string) error {
	families, err := g.Gather()
	if err != nil {
		return err
	}
	i := len(r.times)
	r.times = append(r.times, at.UnixMilli())
	for _, s := range r.series {
		s.values = append(s.values, math.NaN())
	}
	var key []byte
	set := func(name string, labels []*dto.LabelPair, extra [2]string, v float64) {
		// A cheap lookup key (the label text is rendered once, when the series first appears).
		key = append(key[:0], name...)
		for _, l := range labels {
			key = append(key, 0xff)
			key = append(key, l.GetValue()...)
		}
		key = append(key, 0xff)
		key = append(key, extra[1]...)
		s, ok := r.series[string(key)]
		if !ok {
			s = &recordedSeries{name: name, labels: labelText(labels, extra, target), values: make([]float64, i+1)}
			for j := range s.values {
				s.values[j] = math.NaN()
			}
			r.series[string(key)] = s
		}
		s.values[i] = v
	}
	for _, f := range families {
		name := f.GetName()
		for _, m := range f.GetMetric() {
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				set(name, m.GetLabel(), [2]string{}, m.GetCounter().GetValue())
			case dto.MetricType_GAUGE:
				set(name, m.GetLabel(), [2]string{}, m.GetGauge().GetValue())
			case dto.MetricType_HISTOGRAM:
				h := m.GetHistogram()
				for _, b := range h.GetBucket() {
					le := strconv.FormatFloat(b.GetUpperBound(), 'g', -1, 64)
					set(name+"_bucket", m.GetLabel(), [2]string{"le", le}, float64(b.GetCumulativeCount()))
				}
				set(name+"_bucket", m.GetLabel(), [2]string{"le", "+Inf"}, float64(h.GetSampleCount()))
				set(name+"_count", m.GetLabel(), [2]string{}, float64(h.GetSampleCount()))
				set(name+"_sum", m.GetLabel(), [2]string{}, h.GetSampleSum())
			default:
				return fmt.Errorf("history: metric %s has type %s, which the recorder does not write", name, f.GetType())
			}
		}
	}
	return nil
}

// labelText renders a sorted label set: the metric's labels, an extra one (le of a bucket) and the target's.
func labelText(labels []*dto.LabelPair, extra [2]string, target map[string]string) string {
	pairs := make([][2]string, 0, len(labels)+1+len(target))
	for _, l := range labels {
		pairs = append(pairs, [2]string{l.GetName(), l.GetValue()})
	}
	if extra[0] != "" {
		pairs = append(pairs, extra)
	}
	for k, v := range target {
		pairs = append(pairs, [2]string{k, v})
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a][0] < pairs[b][0] })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p[0] + "=" + strconv.Quote(p[1])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// WriteOpenMetrics writes the recorded samples as an OpenMetrics text file for `promtool tsdb
// create-blocks-from openmetrics`: one family per sample name (declared gauge: the TSDB stores no type, and the
// live scrape supplies the metadata), series in label order, samples in time order, "# EOF" at the end.
func (r *historyRecorder) WriteOpenMetrics(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	all := make([]*recordedSeries, 0, len(r.series))
	for _, s := range r.series {
		all = append(all, s)
	}
	// By name, then labels: each family's series come out together.
	sort.Slice(all, func(a, b int) bool {
		if all[a].name != all[b].name {
			return all[a].name < all[b].name
		}
		return all[a].labels < all[b].labels
	})
	family := ""
	var line []byte
	for _, s := range all {
		if s.name != family {
			family = s.name
			fmt.Fprintf(bw, "# TYPE %s gauge\n", family)
		}
		for i, v := range s.values {
			if math.IsNaN(v) {
				continue
			}
			line = append(line[:0], s.name...)
			line = append(line, s.labels...)
			line = append(line, ' ')
			line = strconv.AppendFloat(line, v, 'g', -1, 64)
			line = append(line, ' ')
			line = strconv.AppendFloat(line, float64(r.times[i])/1000, 'f', -1, 64)
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
	}
	if _, err := bw.WriteString("# EOF\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// Samples is the number of samples the file holds (what promtool will report).
func (r *historyRecorder) Samples() int {
	n := 0
	for _, s := range r.series {
		for _, v := range s.values {
			if !math.IsNaN(v) {
				n++
			}
		}
	}
	return n
}

// writeFileAtomically writes through a temporary file in the same directory and renames it into place, so a
// reader that sees the file sees all of it (the Prometheus start script waits for it to appear).
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // #nosec G302 -- read by Prometheus's own user
		return err
	}
	return os.Rename(tmp.Name(), path)
}
