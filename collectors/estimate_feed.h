/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat --estimate: the reference stream (record.c's ring, sampled as
 * --sample says) fed into sim/estimate.c in-process, one estimator per
 * traced mount (its range size, its window as a candidate), read by the
 * outputs: the window that 90, 95 and 99 % of the achievable hit ratio
 * need, and the model's hit ratio at the configured window.
 *
 * Fed from the main thread (the ring is drained there), read from the
 * exporter's: every call takes one lock.
 */
#ifndef DAXSCOPE_ESTIMATE_FEED_H
#define DAXSCOPE_ESTIMATE_FEED_H

#include <stdbool.h>
#include <linux/types.h>

#include "devs.h"

/* The targets, as the hit_ratio label writes them. */
#define ESTF_NTARGETS 3
extern const double estf_targets[ESTF_NTARGETS];
extern const char *const estf_target_names[ESTF_NTARGETS];

/* One estimator per mount with a window (or an unknown one); fatal, in one
 * line, when the stream's granule, sample or unit do not suit a mount's
 * range. Registers the ring's sink: call before rec_start(). */
void estf_start(const struct dev_info *devs, int n);

struct estf_view {
	int needed_rc[ESTF_NTARGETS];	/* est_needed(): 0, 1 lower bound, -1 no answer */
	__u64 needed[ESTF_NTARGETS];	/* bytes, when rc >= 0 */
	int hit_ratio_rc;		/* 0, or -1 (no answer), -2 (window unknown) */
	double hit_ratio;		/* the model's at the configured window */
	__u64 references;		/* sampled references fed */
	__u64 span_references;		/* ... in the span the answers cover */
	__u64 min_refs;			/* what a span needs for an answer */
	__u64 dropped;			/* references it could not use (inode cap) */
};

/* The estimate of the mount on dev now (the periods rolled to now first):
 * false when that mount has no estimator. */
bool estf_view(__u32 dev, struct estf_view *v);

/* References of mounts without an estimator (mounted after the start). */
__u64 estf_unattributed(void);

void estf_stop(void);

#endif
