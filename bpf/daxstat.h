/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat: the layout shared by bpf/daxstat.bpf.c and its loader
 * collectors/daxstat.c. Counters and log2 latency histograms for the
 * virtio-fs DAX window (fs/fuse/dax.c), kept in one per-CPU array entry so
 * that a program does a single map lookup.
 */
#ifndef DAXSTAT_H
#define DAXSTAT_H

/* Counters. The order is the ABI between the BPF side and the loader. */
enum ds_cnt {
	DS_C_IOMAP_BEGIN,	/* fuse_iomap_begin calls that returned */
	DS_C_MAPPED,		/* ... that returned a mapped extent */
	DS_C_HIT,		/* ... mapped without setting anything up
				 * (tracepoints; else mapped - new - upgrades) */
	DS_C_HOLE,		/* ... that returned a hole (beyond EOF) */
	DS_C_IOMAP_ERR,		/* ... that failed (incl. -EAGAIN on faults) */
	DS_C_SETUP_NEW,		/* FUSE_SETUPMAPPING for a new range, ok */
	DS_C_SETUP_UPGRADE,	/* FUSE_SETUPMAPPING read-only -> writable, ok */
	DS_C_SETUP_ERR,		/* FUSE_SETUPMAPPING that failed */
	DS_C_RM_REQ,		/* FUSE_REMOVEMAPPING requests */
	DS_C_RM_RANGES,		/* ranges in them */
	DS_C_RM_ERR,		/* requests that failed */
	DS_C_RECLAIM_INLINE,	/* ranges reclaimed by the task that needed one */
	DS_C_RECLAIM_BG,	/* ranges reclaimed by the free-range worker */
	DS_C_RM_EVICT,		/* ranges removed when an inode went away */
	DS_C_BG_RUNS,		/* runs of fuse_dax_free_mem_worker */
	DS_C_FREED,		/* ranges put back on the free list (reinit) */
	DS_C_NOSPACE,		/* alloc_dax_mapping found no free range */
	DS_C_NOSPACE_FAULT,	/* ... in a fault (-EAGAIN, retry) */
	DS_C_NOSPACE_RW,	/* ... in read/write (inline reclaim); loader:
				 * no free range - faults */
	DS_C_WAIT,		/* waits for a free range (retry after none) */
	DS_C_EXT_WRITE,		/* file-extending writes sent as FUSE_WRITE */
	DS_C_EXT_BYTES,		/* bytes those wrote */
	DS_C_RECLAIM_SKIP,	/* reclaims that freed nothing (in use, gone,
				 * failed): tracepoints only */
	DS_C_FAULT,		/* DAX page faults (__fuse_dax_fault) */
	DS_C_FAULT_WRITE,	/* ... for writing */
	DS_C_DROPPED,		/* events lost (no per-task state) */
	DS_NR_CNT
};

/* Latency histograms, log2 buckets of nanoseconds. */
enum ds_hist {
	DS_H_IOMAP_BEGIN,	/* fuse_iomap_begin */
	DS_H_SETUP,		/* fuse_setup_one_mapping (FUSE_SETUPMAPPING) */
	DS_H_REMOVE,		/* fuse_send_removemapping (FUSE_REMOVEMAPPING) */
	DS_H_RECLAIM_INLINE,	/* no free range -> own range reclaimed */
	DS_H_RECLAIM_BG,	/* worker time per reclaimed range */
	DS_H_BG_RUN,		/* one run of the worker */
	DS_H_WAIT,		/* no free range -> next attempt */
	DS_NR_HIST
};

#define DS_HIST_SLOTS 64	/* slot i: [2^i, 2^(i+1)) ns (slot 0 also 0) */

struct ds_hist_data {
	__u64 slot[DS_HIST_SLOTS];
	__u64 sum_ns;
};

struct ds_stats {
	__u64 cnt[DS_NR_CNT];
	struct ds_hist_data hist[DS_NR_HIST];
};

/* Free-range state of one connection, as last seen by a probe. */
struct ds_conn {
	__s64 nr_free;
	__u64 nr_ranges;
	__u64 nr_busy;
	__u64 ts_ns;
};

#define DS_MAX_CONNS 64

/* Values of the patched module's fuse_dax tracepoint enums. */
#define DS_TP_HIT	0
#define DS_TP_NEW	1
#define DS_TP_UPGRADE	2
#define DS_TP_HOLE	3
#define DS_TP_EOF	4
#define DS_TP_EXTEND	5
#define DS_TP_RECLAIM_INLINE	0
#define DS_TP_RANGES_FREE	4

#endif /* DAXSTAT_H */
