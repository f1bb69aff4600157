// SPDX-License-Identifier: GPL-2.0
#include "replay.h"

static int after(uint64_t time_ns, int64_t at)
{
	return at < 0 || time_ns > (uint64_t)at;
}

int replay_snapshots(const struct trace *t, uint32_t nranges, unsigned shift,
		     const int64_t *at, size_t n, struct model_counts *out)
{
	struct model *m = model_new(nranges, t->ninodes);
	size_t i, k = 0;

	if (!m)
		return -1;
	for (i = 0; i < t->nrecs; i++) {
		const struct rec *r = &t->recs[i];

		while (k < n && after(r->time_ns, at[k]))
			out[k++] = *model_counts(m);
		/* As daxsim.c simulate(): always from the first record, since
		 * the window's state carries over from cell to cell. */
		if (r->op == REC_EVICT)
			model_evict(m, r->time_ns, r->inode);
		else if (!rec_same_extent(i ? r - 1 : NULL, r, shift))
			model_ref(m, r->time_ns, r->inode, r->granule >> shift,
				  r->op == REC_WRITE, r->path == REC_FAULT);
	}
	while (k < n)
		out[k++] = *model_counts(m);
	model_destroy(m);
	return 0;
}
