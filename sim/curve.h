/* SPDX-License-Identifier: GPL-2.0 */
/* The hit-ratio curve over window sizes: its knee, the window reaching a
 * share of the achievable hit ratio, and what a window costs the guest. */
#ifndef DAXSIM_CURVE_H
#define DAXSIM_CURVE_H

#include <stddef.h>
#include <stdint.h>

struct curve_pt {
	uint64_t window;	/* bytes, strictly increasing */
	double hit_ratio;
};

/* Index of the knee, or -1 (fewer than 3 points, or no bend down). */
int curve_knee(const struct curve_pt *p, size_t n);
/* Index of the smallest window with hit_ratio >= target * the last point's;
 * -1 when n == 0. */
int curve_target(const struct curve_pt *p, size_t n, double target);
/* The guest's struct pages for the window: 64 bytes per 4 KiB page, in MiB. */
double window_memmap_mib(uint64_t window);

#endif
