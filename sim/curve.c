// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "curve.h"

/*
 * The knee is the point where the slope of hit ratio per doubling of the
 * window falls the most: the most negative second difference on a log2
 * window axis (log2 so that uneven window lists still compare slopes).
 */
int curve_knee(const struct curve_pt *p, size_t n)
{
	double best = 0, s_prev = 0;
	int knee = -1;
	size_t i;

	for (i = 1; i < n; i++) {
		double dx = log2((double)p[i].window) - log2((double)p[i - 1].window);
		double s = (p[i].hit_ratio - p[i - 1].hit_ratio) / dx;

		if (i >= 2 && s - s_prev < best - 1e-12) {
			best = s - s_prev;
			knee = (int)(i - 1);
		}
		s_prev = s;
	}
	return knee;
}

int curve_target(const struct curve_pt *p, size_t n, double target)
{
	double want;
	size_t i;

	if (!n)
		return -1;
	want = target * p[n - 1].hit_ratio;
	for (i = 0; i < n; i++)
		if (p[i].hit_ratio >= want - 1e-12)
			return (int)i;
	return (int)(n - 1);
}

double window_memmap_mib(uint64_t window)
{
	return (double)(window / 4096) * 64 / (1024.0 * 1024.0);
}
