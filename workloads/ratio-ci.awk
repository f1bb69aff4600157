# The IOPS ratio of MODE's runs to BASE's runs, paired by their order (the
# i-th of each ran in the same round), with a 95 % t interval over the
# rounds. Input: "LABEL IOPS" lines (bench-daxstat's iops.txt). Set with -v:
# mode, base (default "without"). Prints "n mean half sd min max" (half:
# the interval's half-width), or "0" with fewer than two pairs. Shared by
# workloads/bench-daxstat.sh and its in-guest stop rule (busybox awk).
function t95(df, q) {
	split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 " \
	      "2.120 2.110 2.101 2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", q, " ")
	# Past 30 degrees of freedom 30's quantile: slightly wide.
	return df < 1 ? 0 : df > 30 ? q[30] : q[df]
}
# The guest's busybox awk has no sqrt(): Newton's method.
function root(x, r, i) {
	if (x <= 0) return 0
	r = x > 1 ? x : 1
	for (i = 0; i < 60; i++) r = (r + x / r) / 2
	return r
}
BEGIN { if (base == "") base = "without" }
$1 == base { b[++nb] = $2 }
$1 == mode { m[++nm] = $2 }
END {
	n = nb < nm ? nb : nm
	for (i = 1; i <= n; i++) {
		r = m[i] / b[i]
		s += r; ss += r * r
		if (i == 1 || r < lo) lo = r
		if (i == 1 || r > hi) hi = r
	}
	if (n < 2) { print 0; exit }
	mean = s / n
	v = (ss - n * mean * mean) / (n - 1)
	sd = root(v)
	printf "%d %.4f %.4f %.4f %.4f %.4f\n", n, mean, t95(n - 1) * sd / root(n), sd, lo, hi
}
