/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FUSE DAX window of Linux 6.1 (fs/fuse/dax.c) as a trace-driven model:
 * one instance per (window, range size). README.md lists each rule with the
 * kernel function it comes from.
 */
#ifndef DAXSIM_MODEL_H
#define DAXSIM_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* FUSE_DAX_RECLAIM_THRESHOLD (%) and FUSE_DAX_RECLAIM_CHUNK. */
#define DAX_RECLAIM_THRESHOLD	20
#define DAX_RECLAIM_CHUNK	10
/* The worker requeues itself with msecs_to_jiffies(1): one jiffy, 4 ms at
 * Debian's HZ=250. */
#define DAX_REQUEUE_NS		4000000ULL

/* Names as in daxstat's counters. */
struct model_counts {
	uint64_t references;		/* reads and writes */
	uint64_t hits;			/* mapped already, nothing set up */
	uint64_t new_mappings;		/* FUSE_SETUPMAPPING of a new range */
	uint64_t upgrades;		/* FUSE_SETUPMAPPING read-only -> writable */
	uint64_t reclaim_background;	/* ranges freed by the worker */
	uint64_t reclaim_inline;	/* ranges taken back by the task needing one */
	uint64_t evicted_ranges;	/* ranges freed by an inode's eviction */
	uint64_t no_free_range;		/* allocations that found the free list empty */
	uint64_t free_range_waits;	/* ... and had to wait for the worker */
	uint64_t reclaim_worker_runs;	/* runs of the worker */
};

struct model;

/* A window of nranges ranges (>= 1) for inode ids 0..ninodes-1; NULL when
 * out of memory. */
struct model *model_new(uint32_t nranges, uint32_t ninodes);
void model_destroy(struct model *m);
/* Room for inode ids 0..ninodes-1 (never shrinks); the new ids have no
 * ranges. 0, or -1 when out of memory (the model is unchanged). */
int model_grow_inodes(struct model *m, uint32_t ninodes);

/* A read or write of range (file offset / range size) of inode at now_ns,
 * by a page fault (fault) or read/write iomap (!fault). */
void model_ref(struct model *m, uint64_t now_ns, uint32_t inode, uint64_t range,
	       bool write, bool fault);
/* The inode is evicted: all its ranges go back to the free list. */
void model_evict(struct model *m, uint64_t now_ns, uint32_t inode);

const struct model_counts *model_counts(const struct model *m);

/* For tests. */
uint32_t model_free_ranges(const struct model *m);
bool model_is_mapped(const struct model *m, uint32_t inode, uint64_t range);
/* A worker that never gets ahead: it runs only when a task waits for it.
 * It overrides the timed worker below. */
void model_lazy_worker(struct model *m, bool lazy);

/* The timed worker (README.md, rule 10), set before the first reference:
 * a run queued at t starts at t + start_ns (not before the previous run
 * ends) and frees one range every per_range_ns. per_range_ns 0 (the
 * default): the instant worker of rule 5, and start_ns is unused. */
void model_set_worker_timing(struct model *m, uint64_t start_ns, uint64_t per_range_ns);
/* The timed worker's events up to now, so that counts read at now include
 * them (otherwise the next record brings them in). now must not be before
 * the last record. The instant worker is left as it is: its requeued run
 * comes before the next record (rule 5). */
void model_advance(struct model *m, uint64_t now);

#endif
