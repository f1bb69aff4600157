// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "replay.h"

static int after(uint64_t time_ns, int64_t at)
{
	return at < 0 || time_ns > (uint64_t)at;
}

uint64_t replay_reclaim_ns(uint64_t reclaim_ns, double sample_rate)
{
	double v = (double)reclaim_ns / sample_rate;

	/* Far beyond any recording's span, and no overflow when added to one. */
	return v >= 4e18 ? (uint64_t)4e18 : (uint64_t)llround(v);
}

/* The counts at time at: with what the timed worker did up to then, which
 * the next record would bring in only in the next interval. */
static void take(struct model *m, int64_t at, struct model_counts *out)
{
	if (at >= 0)
		model_advance(m, (uint64_t)at);
	*out = *model_counts(m);
}

int replay_snapshots(const struct trace *t, uint32_t nranges, unsigned shift,
		     uint64_t reclaim_ns, const int64_t *at, size_t n,
		     struct model_counts *out)
{
	struct model *m = model_new(nranges, t->ninodes);
	size_t i, k = 0;

	if (!m)
		return -1;
	model_set_worker_timing(m, 0, replay_reclaim_ns(reclaim_ns, t->sample_rate));
	for (i = 0; i < t->nrecs; i++) {
		const struct rec *r = &t->recs[i];

		for (; k < n && after(r->time_ns, at[k]); k++)
			take(m, at[k], &out[k]);
		/* As daxsim.c simulate(): always from the first record, since
		 * the window's state carries over from cell to cell. */
		if (r->op == REC_EVICT)
			model_evict(m, r->time_ns, r->inode);
		else if (!rec_same_extent(i ? r - 1 : NULL, r, shift))
			model_ref(m, r->time_ns, r->inode, r->granule >> shift,
				  r->op == REC_WRITE, r->path == REC_FAULT);
	}
	for (; k < n; k++)
		take(m, at[k], &out[k]);
	model_destroy(m);
	return 0;
}

size_t replay_index(const int64_t *at, size_t n, int64_t v)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (at[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
