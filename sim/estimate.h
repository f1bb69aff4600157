/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An online estimate of the DAX window a guest needs, for a long-running
 * process (daxstat's Prometheus exporter) fed a spatially sampled stream of
 * references, the same sample as a daxrec1 recording's (README.md,
 * "Sampling"): rate R, hash of (INO, unit).
 *
 * Per device it runs one window model (model.h) per candidate window, fed
 * every sampled reference, as daxsim does for a recording: a window of W
 * bytes is simulated as round(W / range x R) ranges, at least 1. Candidates
 * that round to the same simulated size share one model. The models are
 * never reset, so a window's state carries over from one period to the next,
 * as the real window's does.
 *
 * Hit ratios are hits / references over a span: the last full period plus the
 * current partial one (period_ns, default 5 min), so between one and two
 * periods of references, or since the device's first reference. Periods are
 * aligned to multiples of period_ns in the references' clock (boot time), so
 * every device rolls at the same instants. Snapshots rather than an
 * exponentially decayed count: they cost nothing per reference (the models
 * count anyway), the span is one an operator can state ("the last 5 to 10
 * minutes"), and the minimum number of references means a plain count.
 *
 * The needed window for a target t is the smallest candidate whose hit ratio
 * is >= t x the largest candidate's (curve_target(), as daxsim). The largest
 * candidate stands for "a window holding every range touched"; when it had to
 * reclaim ranges within the span it did not hold them all, and est_needed()
 * says so (return 1).
 *
 * Cost: one ino lookup plus one model_ref() per model for each sampled
 * reference; an eviction of an inode the estimator does not track is one
 * lookup. Memory: the models' ranges (about 48 bytes per simulated range) and
 * 4 bytes per tracked inode per model, both capped (est_config).
 *
 * Inode ids: each device maps INO to a dense id, grown on demand up to
 * max_inodes and recycled after the inode's eviction (an evicted inode has
 * no range in any model, so its id carries no state). References to a new
 * inode while max_inodes inodes are tracked are dropped and counted; so are
 * references of devices past max_devices.
 *
 * Times should not decrease (merge per-CPU buffers first); an out-of-order
 * reference only runs a requeued worker late and counts in the newer period.
 * Not thread-safe: one thread feeds and reads it, or the caller locks.
 */
#ifndef DAXSIM_ESTIMATE_H
#define DAXSIM_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Defaults of the fields left 0. */
#define EST_DEFAULT_RANGE	(2ULL << 20)		/* FUSE_DAX_SZ */
#define EST_DEFAULT_TOP		(64ULL << 30)		/* largest default candidate */
#define EST_DEFAULT_PERIOD_NS	(300ULL * 1000000000ULL)
#define EST_DEFAULT_MIN_REFS	2000
#define EST_DEFAULT_MAX_INODES	65536
#define EST_DEFAULT_MAX_DEVICES	8
#define EST_DEFAULT_MAX_SIM	(1ULL << 20)		/* simulated ranges a device */
#define EST_MAX_WINDOWS		64

struct est_config {
	uint64_t granule;	/* required: bytes per granule index, 2^k >= 4096 */
	uint64_t range;		/* the granule x 2^k; 0: 2M */
	double sample_rate;	/* 0 < R <= 1; 0: 1 */
	uint64_t sample_unit;	/* the sampling unit, granule x 2^k; 0: the range.
				 * Must be >= range when R < 1 (else biased). */
	const uint64_t *windows;	/* candidate windows in bytes, any order;
					 * NULL: powers of two from one range to 64G */
	size_t nwindows;
	uint64_t configured_window;	/* added to the candidates; 0: none */
	uint64_t period_ns;	/* 0: 5 min */
	uint64_t min_refs;	/* sampled references a span needs; 0: 2000 */
	uint32_t max_inodes;	/* inodes tracked per device; 0: 65536 */
	uint32_t max_devices;	/* 0: 8 */
	uint64_t max_sim_ranges;	/* per device, all models; 0: 2^20 */
};

struct estimator;

/* NULL with the reason in err for a bad configuration or no memory. */
struct estimator *est_new(const struct est_config *c, char *err, size_t errlen);
void est_destroy(struct estimator *e);

/* A sampled read or write of byte offset granule x granule bytes; fault: by
 * a page fault. 0, or -1 when dropped (inode or device cap, no memory). */
int est_ref(struct estimator *e, uint32_t dev, uint64_t time_ns, uint64_t ino,
	    uint64_t granule, bool write, bool fault);
/* The inode's eviction (send them all: evictions are not sampled). */
void est_evict(struct estimator *e, uint32_t dev, uint64_t time_ns, uint64_t ino);
/* Rolls every device's periods to now_ns without a reference, so that a
 * device gone quiet runs out of references in its span: call it before
 * reading the estimates. */
void est_tick(struct estimator *e, uint64_t now_ns);

/*
 * The smallest candidate reaching target (0 < target <= 1) of the largest
 * candidate's hit ratio over the span, in *bytes. Returns 0; 1 when the
 * largest candidate reclaimed ranges in the span (it did not hold every
 * range, so the achievable hit ratio and the need may be higher: a lower
 * bound); -1 when the span has fewer than min_refs sampled references (no
 * answer: leave the metric out); -2 for a bad target.
 */
int est_needed(const struct estimator *e, uint32_t dev, double target, uint64_t *bytes);
/* A candidate's hit ratio over the span: 0, -1 as above, -2 when window is
 * not a candidate. */
int est_hit_ratio(const struct estimator *e, uint32_t dev, uint64_t window, double *ratio);
/* The candidates, increasing; *sim (optional) gets each one's simulated
 * ranges. */
size_t est_windows(const struct estimator *e, const uint64_t **windows, const uint32_t **sim);
/* Does this reference belong to the configured sample? For producers that
 * sample in user space, and tests. */
bool est_in_sample(const struct estimator *e, uint64_t ino, uint64_t granule);

struct est_stats {
	uint64_t references;		/* sampled references fed to the models */
	uint64_t dropped;		/* references of inodes past max_inodes */
	uint64_t evictions;		/* evictions of tracked inodes */
	uint64_t span_references;	/* sampled references in the span */
	uint64_t span_start_ns;		/* the span runs from here to now */
	uint32_t inodes;		/* tracked now */
	uint32_t inode_ids;		/* ids allocated (in each model): <= max_inodes */
	uint32_t map_slots;		/* the ino table's size: <= 2 x max_inodes rounded up */
	uint32_t models;
	uint64_t sim_ranges;		/* over the models */
};

/* -1 for a device never seen. */
int est_stats(const struct estimator *e, uint32_t dev, struct est_stats *s);
/* References of devices past max_devices. */
uint64_t est_dropped_devices(const struct estimator *e);

#endif
