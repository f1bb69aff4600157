/* SPDX-License-Identifier: GPL-2.0 */
/* daxsim --validate --curve: the predicted hit-ratio curve of each workload
 * over window sizes, from one guest's recording and the daxstat intervals
 * that measured its cells, for plotting the measured points on it. */
#ifndef DAXSIM_VCURVE_H
#define DAXSIM_VCURVE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

/* One daxstat interval (from, to] of boot ns that measured a cell of this
 * workload. */
struct vcurve_span {
	const char *workload;
	int64_t from, to;
};

/* Prints one JSON line per (workload, window) for windows from one range,
 * doubling, up to max_window (and the guest's own window), each replayed
 * through the whole recording with the guest's worker (reclaim_ns, as
 * replay_snapshots()):
 * {"type":"curve","guest":G,"workload":W,"window":B,"range":B,"hit_ratio":X|null}
 * at: the sorted distinct span ends. Returns -1 when out of memory. */
int vcurve_guest(const char *guest, const struct trace *t, uint64_t range, unsigned shift,
		 uint64_t reclaim_ns, uint64_t window, uint64_t max_window,
		 const struct vcurve_span *sp, size_t nsp, const int64_t *at, size_t nat);

#endif
