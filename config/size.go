package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Size units. KB, MB, GB and TB are decimal (powers of 1000), KiB, MiB, GiB
// and TiB binary (powers of 1024); B or no unit means bytes. Units are case
// insensitive, a space between number and unit is allowed, and the number may
// have a fraction ("1.5MB") as long as the result is a whole number of bytes.
var sizeUnits = map[string]float64{
	"":    1,
	"b":   1,
	"kb":  1e3,
	"mb":  1e6,
	"gb":  1e9,
	"tb":  1e12,
	"kib": 1 << 10,
	"mib": 1 << 20,
	"gib": 1 << 30,
	"tib": 1 << 40,
}

// ParseSize parses a byte size such as "10MB", "512KB", "1GiB" or "1048576".
// Negative, fractional-byte and overflowing sizes are errors.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	if num == "" {
		return 0, fmt.Errorf("bad size %q: want a number of bytes with an optional unit, e.g. 10MB", s)
	}
	mult, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("bad size %q: unknown unit %q (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)", s, t[i:])
	}
	if !strings.Contains(num, ".") {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bad size %q: too large", s)
		}
		if n > math.MaxInt64/int64(mult) {
			return 0, fmt.Errorf("bad size %q: too large", s)
		}
		return n * int64(mult), nil
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("bad size %q: want a number of bytes with an optional unit, e.g. 10MB", s)
	}
	v := f * mult
	if v >= 1<<62 {
		return 0, fmt.Errorf("bad size %q: too large", s)
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("bad size %q: not a whole number of bytes", s)
	}
	return int64(v), nil
}
