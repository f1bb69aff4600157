/* SPDX-License-Identifier: GPL-2.0 */
/* A whole recording through one model, with the counts taken at given
 * times: what the model counted in any span (a, b] is snap(b) - snap(a). */
#ifndef DAXSIM_REPLAY_H
#define DAXSIM_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "record.h"

/* out[i]: the counts after every record with TIME_NS <= at[i]; at sorted
 * ascending (negative: before any record). Window of nranges simulated
 * ranges, model ranges of granule << shift; reclaim_ns: the timed worker's
 * time per range (0: the instant worker). Unscaled. -1 out of memory. */
int replay_snapshots(const struct trace *t, uint32_t nranges, unsigned shift,
		     uint64_t reclaim_ns, const int64_t *at, size_t n,
		     struct model_counts *out);

/* The timed worker's time per simulated range: a sampled window holds
 * sample_rate of the ranges, which the real worker frees at 1/reclaim_ns
 * in all, so each simulated one takes reclaim_ns / sample_rate. */
uint64_t replay_reclaim_ns(uint64_t reclaim_ns, double sample_rate);

/* The last i with at[i] <= v (at sorted ascending; 0 when none is). */
size_t replay_index(const int64_t *at, size_t n, int64_t v);

#endif
