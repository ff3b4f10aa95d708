package detectors

// mulberry32 (Tommy Ettinger, public domain) is a tiny 32-bit-state generator, spelled out identically in
// src/detectors/mulberry32.ts so randomised detectors draw the same numbers in the browser and the backend.
// uint32 arithmetic wraps exactly like the TypeScript Math.imul / >>> 0 steps.
type mulberry32 struct{ state uint32 }

// newMulberry32 seeds the generator; the seed is taken modulo 2^32.
func newMulberry32(seed int64) *mulberry32 {
	return &mulberry32{state: uint32(seed)} // #nosec G115 -- modulo 2^32 on purpose, as the TypeScript twin
}

// nextUint32 returns the next 32-bit output.
func (r *mulberry32) nextUint32() uint32 {
	r.state += 0x6D2B79F5
	z := r.state
	z = (z ^ z>>15) * (z | 1)
	z ^= z + (z^z>>7)*(z|61)
	return z ^ z>>14
}

// uniform returns a number in [0, 1): nextUint32() / 2^32 (exact in float64).
func (r *mulberry32) uniform() float64 { return float64(r.nextUint32()) / 4294967296 }
