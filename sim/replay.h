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
 * ranges, model ranges of granule << shift. Unscaled. -1 out of memory. */
int replay_snapshots(const struct trace *t, uint32_t nranges, unsigned shift,
		     const int64_t *at, size_t n, struct model_counts *out);

#endif
