package heappeak

import "testing"

var sink []byte

// A 64 MB allocation held to the end of fn shows in the peak; work that allocates nothing lasting shows (almost)
// nothing.
func TestAbove(t *testing.T) {
	got := Above(func() { sink = make([]byte, 64<<20); sink[len(sink)-1] = 1 })
	sink = nil
	if got < 60<<20 || got > 80<<20 {
		t.Errorf("64 MB allocation: peak %d bytes above the base, want about 64 MB", got)
	}
	if idle := Above(func() {}); idle > 4<<20 {
		t.Errorf("no allocation: peak %d bytes above the base, want under 4 MB", idle)
	}
}
