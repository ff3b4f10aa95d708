"""CSV writer of the case generators: `timestamp,value` (Unix seconds, the value's repr; empty = missing)."""

import math


def write_csv(path, timestamps, values):
    with open(path, "w") as f:
        f.write("timestamp,value\n")
        for t, v in zip(timestamps, values):
            f.write(f"{int(t)},{'' if math.isnan(v) else repr(float(v))}\n")
