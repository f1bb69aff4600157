// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "vcurve.h"

/* One window: hits and references per workload over its spans. */
static int one_window(const char *guest, const struct trace *t, uint64_t range, unsigned shift,
		      uint64_t reclaim_ns, uint64_t w, const struct vcurve_span *sp, size_t nsp, const int64_t *at,
		      size_t nat)
{
	struct model_counts *snap = calloc(nat ? nat : 1, sizeof(*snap));
	double sim = round((double)(w / range) * t->sample_rate);
	size_t i, j;

	if (!snap)
		return -1;
	if (sim < 1)
		sim = 1;
	if (replay_snapshots(t, (uint32_t)sim, shift, reclaim_ns, at, nat, snap)) {
		free(snap);
		return -1;
	}
	/* Workloads in the order their first span comes. */
	for (i = 0; i < nsp; i++) {
		double hits = 0, refs = 0;

		for (j = 0; j < i && strcmp(sp[j].workload, sp[i].workload); j++)
			;
		if (j < i)
			continue;
		for (j = i; j < nsp; j++) {
			const struct model_counts *a, *b;

			if (strcmp(sp[j].workload, sp[i].workload))
				continue;
			a = &snap[replay_index(at, nat, sp[j].from)];
			b = &snap[replay_index(at, nat, sp[j].to)];
			hits += (double)(b->hits - a->hits);
			/* daxstat's ratio: hits over iomap calls that mapped. */
			refs += (double)(b->hits - a->hits) + (double)(b->new_mappings - a->new_mappings) +
				(double)(b->upgrades - a->upgrades);
		}
		printf("{\"type\":\"curve\",\"guest\":\"%s\",\"workload\":\"%s\",\"window\":%llu,"
		       "\"range\":%llu,", guest, sp[i].workload, (unsigned long long)w,
		       (unsigned long long)range);
		if (refs > 0)
			printf("\"hit_ratio\":%.6f}\n", hits / refs);
		else
			printf("\"hit_ratio\":null}\n");
	}
	free(snap);
	return 0;
}

int vcurve_guest(const char *guest, const struct trace *t, uint64_t range, unsigned shift,
		 uint64_t reclaim_ns, uint64_t window, uint64_t max_window,
		 const struct vcurve_span *sp, size_t nsp, const int64_t *at, size_t nat)
{
	uint64_t w;
	int own = 0;

	for (w = range; w && w <= max_window; w <<= 1) {
		/* The guest's own window in its place, also when not a
		 * power-of-two multiple of the range. */
		if (!own && window < w) {
			if (one_window(guest, t, range, shift, reclaim_ns, window, sp, nsp, at, nat))
				return -1;
			own = 1;
		}
		if (w == window)
			own = 1;
		if (one_window(guest, t, range, shift, reclaim_ns, w, sp, nsp, at, nat))
			return -1;
	}
	if (!own && one_window(guest, t, range, shift, reclaim_ns, window, sp, nsp, at, nat))
		return -1;
	return 0;
}
