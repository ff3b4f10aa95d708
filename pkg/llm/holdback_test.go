package llm

import (
	"strings"
	"testing"
)

// Wherever the stream splits the key, none of it leaves unredacted and the rest of the text is unchanged.
func TestHoldbackRedactsAKeySplitAnywhere(t *testing.T) {
	key := "sk-abc123-SECRET"
	text := "before " + key + " middle é " + key + " after"
	want := strings.ReplaceAll(text, key, "[redacted]")
	for cut := 0; cut <= len(text); cut++ {
		for cut2 := cut; cut2 <= len(text); cut2 += 3 {
			h := newHoldback(key, redactor(key))
			out := h.push(text[:cut]) + h.push(text[cut:cut2]) + h.push(text[cut2:]) + h.flush()
			if out != want {
				t.Fatalf("split at %d/%d: %q", cut, cut2, out)
			}
		}
	}
	h := newHoldback("", redactor(""))
	if got := h.push("no key configured") + h.flush(); got != "no key configured" {
		t.Errorf("without a key: %q", got)
	}
}
